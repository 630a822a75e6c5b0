/**
 * A report that speaks for itself: findings with numbers in units and the runs they judged,
 * the settings that decided the verdict, the totals per phase, and how the console and the
 * comment say them. Drift attribution of the batch cycle, on snapshots made by hand.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigFileSchema, RunConfigSchema } from '../src/config/schema.js';
import type { SchemaObject, SchemaSnapshot } from '../src/engines/schema/snapshot.js';
import { buildReport, phaseTotals } from '../src/report/build.js';
import { formatMeasure } from '../src/report/format.js';
import { type MigrationRun, type Report, ReportSchema } from '../src/report/model.js';
import { summaryLines } from '../src/report/progress.js';
import { renderComment } from '../src/report/render/index.js';
import { didComparableWork, resolvedThresholds, thresholdFindings } from '../src/rules/thresholds.js';
import { attributeDrift } from '../src/runner/drift-attribution.js';

function run(over: Partial<MigrationRun> & Pick<MigrationRun, 'id' | 'phase'>): MigrationRun {
  return {
    version: over.id.split('_')[0]!,
    name: over.id.split('_').slice(1).join('_'),
    file: `db/${over.id}.up.sql`,
    direction: 'up',
    type: 'regular',
    status: 'succeeded',
    transactional: true,
    durationMs: 10,
    sizeBeforeBytes: 0,
    sizeAfterBytes: 0,
    sizeDeltaBytes: 0,
    counters: { rowsRead: 0, rowsInserted: 0, rowsUpdated: 0, rowsDeleted: 0, rowsChanged: 0, raw: {} },
    statements: 1,
    queries: [],
    histogram: { bucketsMs: [10], counts: [1, 0] },
    error: null,
    logFile: null,
    ...over,
  };
}

const config = (file: Record<string, unknown> = {}) => RunConfigSchema.parse(ConfigFileSchema.parse(file));

describe('threshold findings carry numbers in units', () => {
  const slowQuery = (maxMs: number) => [
    { sql: 'UPDATE t SET v = $1', calls: 1, totalMs: maxMs, meanMs: maxMs, maxMs, rows: 5 },
  ];
  const runs = [
    run({ id: '1_slow', phase: 'new', durationMs: 250, queries: slowQuery(240), sizeDeltaBytes: 3 * 1024 * 1024 }),
    run({ id: '1_slow', phase: 'rollback', direction: 'down', durationMs: 5 }),
    run({ id: '1_slow', phase: 'reapply', durationMs: 310, queries: slowQuery(300) }),
    run({
      id: '2_once',
      phase: 'new',
      durationMs: 400,
      counters: { ...run({ id: 'x', phase: 'new' }).counters, rowsChanged: 7 },
    }),
  ];
  const c = config({
    thresholds: {
      duration: { regular: 200 },
      queryDuration: { default: 100 },
      rowsChanged: { default: 5 },
      sizeDelta: { default: '1MiB' },
    },
  });
  const findings = thresholdFindings(runs, c.thresholds, c.severity);

  test('a duration over the limit in both runs: the best of them, with the runs it judged', () => {
    expect(findings.find((f) => f.rule === 'duration' && f.migration === '1_slow')).toEqual({
      severity: 'warning',
      rule: 'duration',
      migration: '1_slow',
      message:
        'took 250 ms (the best of 2 runs: first up 250 ms, up again 310 ms), over the 200 ms limit for regular migrations',
      value: 250,
      limit: 200,
      unit: 'ms',
      measurements: [
        { phase: 'new', value: 250 },
        { phase: 'reapply', value: 310 },
      ],
    });
  });

  test('one run only: judged on the first up, and says nothing of a second', () => {
    const f = findings.find((x) => x.rule === 'duration' && x.migration === '2_once');
    expect(f).toMatchObject({ value: 400, limit: 200, unit: 'ms', measurements: [{ phase: 'new', value: 400 }] });
    expect(f!.message).not.toMatch(/best of/);
  });

  test('query time, rows and bytes are numbers with their unit', () => {
    expect(findings.find((f) => f.rule === 'query-duration')).toMatchObject({ value: 240, limit: 100, unit: 'ms' });
    expect(findings.find((f) => f.rule === 'rows-changed')).toMatchObject({ value: 7, limit: 5, unit: 'rows' });
    expect(findings.find((f) => f.rule === 'size-delta')).toMatchObject({
      value: 3 * 1024 * 1024,
      limit: 1024 * 1024,
      unit: 'bytes',
    });
    for (const f of findings) {
      expect(typeof f.value).toBe('number');
      expect(typeof f.limit).toBe('number');
    }
  });

  test('a run that was fast once is not a finding', () => {
    const fastAgain = runs.map((r) => (r.phase === 'reapply' ? { ...r, durationMs: 150 } : r));
    expect(
      thresholdFindings(fastAgain, c.thresholds, c.severity)
        .filter((f) => f.rule === 'duration')
        .map((f) => f.migration),
    ).toEqual(['2_once']);
  });
});

describe('the up again counts only when it redid the work', () => {
  const c = config({ thresholds: { duration: { regular: 1000 }, queryDuration: { default: 500 } } });
  const counters = (rowsChanged: number) => ({ ...run({ id: 'x', phase: 'new' }).counters, rowsChanged });
  const purge = (phase: MigrationRun['phase'], durationMs: number, rows: number) =>
    run({
      id: '5_purge',
      phase,
      durationMs,
      counters: counters(rows),
      queries: [
        {
          sql: 'DELETE FROM events WHERE at < $1',
          calls: 1,
          totalMs: durationMs,
          meanMs: durationMs,
          maxMs: durationMs,
          rows,
        },
      ],
    });

  test('a purge whose down restores nothing is judged on its first up alone', () => {
    const runs = [purge('new', 40_000, 2_000_000), purge('reapply', 3, 0)];
    const found = thresholdFindings(runs, c.thresholds, c.severity);
    expect(found.find((f) => f.rule === 'duration')).toMatchObject({
      value: 40_000,
      measurements: [{ phase: 'new', value: 40_000 }],
    });
    expect(found.find((f) => f.rule === 'query-duration')).toMatchObject({ value: 40_000 });
  });

  test('an up again that touched as many rows is a second measurement of the same work', () => {
    const runs = [purge('new', 40_000, 2_000_000), purge('reapply', 300, 2_000_000)];
    const found = thresholdFindings(runs, c.thresholds, c.severity);
    expect(found.filter((f) => f.rule === 'duration' || f.rule === 'query-duration')).toEqual([]);
  });

  test('a different number of statements is different work', () => {
    const again = { ...purge('reapply', 3, 2_000_000), statements: 2 };
    expect(didComparableWork(purge('new', 40_000, 2_000_000), again)).toBe(false);
    expect(didComparableWork(purge('new', 40_000, 50), purge('reapply', 3, 0))).toBe(true);
  });
});

describe('resolved thresholds say where each limit came from', () => {
  test('the file sets some, defaults fill the rest, overrides are listed by migration', () => {
    const file = {
      thresholds: { duration: { regular: '5m', perMigration: { '1_slow': '20m' } }, rowsChanged: { default: 100 } },
    };
    const c = config(file);
    const resolved = resolvedThresholds(c.thresholds, c.severity, file.thresholds);
    const by = (name: string) => resolved.find((t) => t.name === name && t.migration === undefined);
    expect(by('duration.regular')).toEqual({
      name: 'duration.regular',
      limit: 300_000,
      unit: 'ms',
      severity: 'warning',
      source: 'config',
    });
    expect(by('duration.postDeploy')).toMatchObject({ limit: 600_000, source: 'default' });
    expect(by('rowsChanged.default')).toMatchObject({ limit: 100, unit: 'rows', severity: 'error', source: 'config' });
    expect(by('sizeDelta.default')).toMatchObject({ limit: null, unit: 'bytes', source: 'default' });
    expect(resolved.filter((t) => t.source === 'override')).toEqual([
      {
        name: 'duration.perMigration',
        migration: '1_slow',
        limit: 1_200_000,
        unit: 'ms',
        severity: 'warning',
        source: 'override',
      },
    ]);
  });

  test('a limit the file sets to the default value is still the file’s; without the file, told by the value', () => {
    const file = { thresholds: { duration: { regular: 180_000 } } };
    const c = config(file);
    expect(resolvedThresholds(c.thresholds, c.severity, file.thresholds)[0]).toMatchObject({ source: 'config' });
    expect(resolvedThresholds(c.thresholds, c.severity)[0]).toMatchObject({ source: 'default' });
    const changed = config({ thresholds: { duration: { regular: 1000 } } });
    expect(resolvedThresholds(changed.thresholds, changed.severity)[0]).toMatchObject({ source: 'config' });
  });
});

describe('totals and the summary line', () => {
  const runs = [
    run({ id: '1_base', phase: 'base', durationMs: 1000 }),
    run({ id: '2_a', phase: 'new', durationMs: 100 }),
    run({ id: '3_b', phase: 'new', durationMs: 20, status: 'failed' }),
    run({ id: '4_c', phase: 'new', durationMs: null, status: 'skipped' }),
  ];
  const report = buildReport({
    startedAt: new Date(0),
    finishedAt: new Date(1000),
    database: { engine: 'postgres', serverVersion: '16.1', label: 'main' },
    source: { dir: 'db', format: 'plain' },
    migrations: runs,
    findings: [],
    settings: {
      failOn: 'warning',
      rollback: 'off',
      probe: null,
      durations: 'first-up',
      thresholds: resolvedThresholds(config().thresholds, config().severity, {}),
    },
  });

  test('per phase: runs, outcomes and summed time', () => {
    expect(report.totals).toEqual({
      base: { migrations: 1, succeeded: 1, failed: 0, skipped: 0, durationMs: 1000 },
      new: { migrations: 3, succeeded: 1, failed: 1, skipped: 1, durationMs: 120 },
    });
    expect(phaseTotals([])).toEqual({});
  });

  test('the console says what its total covers, per phase, and how the verdict was reached', () => {
    const lines = summaryLines(report, 'out/report.json');
    expect(lines[1]).toMatch(/; new migrations, first up: 120 ms, size/);
    expect(lines[2]).toBe('  times: base (applied first) 1 in 1.00 s; new (first up) 3 in 120 ms (1 succeeded)');
    expect(lines[3]).toBe(
      '  verdict: fail-on warning; rollback off; time limits judge the first up; 9 limits (all defaults)',
    );
  });

  test('a report written before settings and totals reads back, and renders without the verdict section', () => {
    const old: unknown = JSON.parse(fs.readFileSync(path.resolve('__fixtures__/reports/realistic.json'), 'utf8'));
    const parsed: Report = ReportSchema.parse(old);
    expect(parsed.settings).toBeUndefined();
    expect(renderComment(parsed, { commentKey: 'k' }).markdown).not.toContain('How this verdict was reached');
    expect(renderComment(report, { commentKey: 'k' }).markdown).toContain(
      '<details><summary>How this verdict was reached</summary>',
    );
  });

  test('values are shown in their unit', () => {
    expect(formatMeasure(180_000, 'ms')).toBe('3 min 0 s');
    expect(formatMeasure(2 * 1024 * 1024, 'bytes')).toBe('2.0 MB');
    expect(formatMeasure(1, 'rows')).toBe('1 row');
    expect(formatMeasure(120_000, 'rows')).toBe('120,000 rows');
    expect(formatMeasure(3, 'count')).toBe('3');
  });
});

describe('batch drift attribution', () => {
  const col = (table: string, name: string, type = 'int'): [string, SchemaObject] => [
    `column ${table}.${name}`,
    { kind: 'column', name: `${table}.${name}`, properties: { type }, parent: `table ${table}` },
  ];
  const table = (name: string): [string, SchemaObject] => [`table ${name}`, { kind: 'table', name, properties: {} }];
  const snap = (...objects: [string, SchemaObject][]): SchemaSnapshot => ({ objects: Object.fromEntries(objects) });

  // 1 creates a, 2 adds t.c, 3 adds a.x and a.y. Schemas before each: s0, s1, s2; after all: s3.
  const s0 = snap(table('t'));
  const s1 = snap(table('t'), table('a'));
  const s2 = snap(table('t'), table('a'), col('t', 'c'));

  test('a difference is blamed on the step after which it first appears, not again after', () => {
    // 3's down leaves a.y; 2's down is fine; 1's down drops a (and a.y with it): 3 is still named.
    const steps = [
      { migration: '3', expected: s2, actual: snap(table('t'), table('a'), col('t', 'c'), col('a', 'y')) },
      { migration: '2', expected: s1, actual: snap(table('t'), table('a'), col('a', 'y')) },
      { migration: '1', expected: s0, actual: snap(table('t')) },
    ];
    const { culprits, remaining } = attributeDrift(steps);
    expect(culprits.map((c) => [c.migration, c.diffs.map((d) => d.key)])).toEqual([['3', ['column a.y']]]);
    expect(remaining).toEqual([]);
  });

  test('two broken downs, neither the first: each keeps its own lines; carried lines start the next pass', () => {
    const steps = [
      { migration: '3', expected: s2, actual: snap(table('t'), table('a'), col('t', 'c'), col('a', 'y')) },
      { migration: '2', expected: s1, actual: snap(table('t'), table('a'), col('t', 'c', 'bigint'), col('a', 'y')) },
    ];
    const { culprits, remaining } = attributeDrift(steps);
    expect(culprits.map((c) => [c.migration, c.diffs.map((d) => `${d.change} ${d.key}`)])).toEqual([
      ['3', ['added column a.y']],
      ['2', ['added column t.c']],
    ]);
    const again = attributeDrift([{ migration: '2', expected: s2, actual: steps[1]!.actual }], remaining);
    expect(again.culprits.map((c) => c.migration)).toEqual(['2']);
    expect(attributeDrift([{ migration: '1', expected: s1, actual: s1 }], remaining).culprits).toEqual([]);
  });

  test('a property an earlier up also changed must be restored by that down too', () => {
    // 2 set t.c's type to bigint, 3 to text; 3's down left text, 2's down did not touch it.
    const typed = (type: string) => snap(table('t'), col('t', 'c', type));
    const steps = [
      { migration: '3', expected: typed('bigint'), actual: typed('text') },
      { migration: '2', expected: typed('int'), actual: typed('text') },
    ];
    expect(attributeDrift(steps).culprits.map((c) => c.migration)).toEqual(['3', '2']);
    // Had 2's down restored int, only 3 would be named.
    steps[1]!.actual = typed('int');
    expect(attributeDrift(steps).culprits.map((c) => c.migration)).toEqual(['3']);
  });
});
