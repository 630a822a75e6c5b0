import fs from 'node:fs/promises';
import path from 'node:path';
import type { Finding, Lock, MigrationRun } from '../src/report/model.js';
import { createPostgresDatabase, type TestDatabase } from './helpers/databases.js';
import { runOnFiles } from './helpers/run.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createPostgresDatabase('mt_locks');
});
afterEach(async () => {
  await db.drop();
});

const BASE = {
  'V1__items.sql': [
    'CREATE TABLE items (id int PRIMARY KEY, v int NOT NULL);',
    'INSERT INTO items SELECT g, g % 1000 FROM generate_series(1, 100000) g;',
    '',
  ].join('\n'),
};

const byId = (runs: MigrationRun[], id: string): MigrationRun => {
  const r = runs.find((x) => x.id === id);
  if (!r) throw new Error(`no run ${id} in ${runs.map((x) => x.id).join(', ')}`);
  return r;
};

const lockOn = (run: MigrationRun, relation: string, mode: string): Lock | undefined =>
  (run.locks ?? []).find((l) => l.relation === relation && l.mode === mode);

const NO_TIME_LIMITS = {
  duration: { regular: null, postDeploy: null },
  queryDuration: { default: null, concurrentIndex: null },
};

const LOCK_RULES = ['lock-held', 'lock-timeout', 'statements-after-lock', 'table-rewrite'];

const rulesOf = (findings: Finding[], migration: string) =>
  findings
    .filter((f) => f.migration === migration && LOCK_RULES.includes(f.rule))
    .map((f) => [f.rule, f.line, f.value, f.unit]);

test('ALTER COLUMN TYPE bigint: AccessExclusiveLock held to the commit, and the table rewritten', async () => {
  const { report } = await runOnFiles(
    db.url,
    {
      ...BASE,
      'V2__widen.sql': 'SELECT 1;\nALTER TABLE items ALTER COLUMN v TYPE bigint;\nSELECT 2;\n',
    },
    // Any hold time is over a limit of 1 ms: the rule is judged, not the machine's speed.
    { thresholds: { ...NO_TIME_LIMITS, lockHeld: { default: 1 } } },
  );
  const run = byId(report.migrations, '2_widen');
  expect(run.status).toBe('succeeded');
  expect(run.transactional).toBe(true);
  const ael = lockOn(run, 'public.items', 'AccessExclusiveLock');
  expect(ael).toMatchObject({ kind: 'table', blocks: 'reads+writes', statementIndex: 1, line: 2, lockTimeoutMs: 0 });
  expect(ael?.created).toBeUndefined();
  expect(ael?.heldMs).toBeGreaterThan(0);
  expect(ael?.statementsAfter).toBe(1);
  // The table was created by V1: its locks there are the migration's own.
  const create = byId(report.migrations, '1_items');
  expect(create.locks?.every((l) => l.created === true || l.kind === 'other')).toBe(true);
  expect(create.rewrites).toEqual([]);
  const table = run.rewrites?.find((r) => r.relation === 'public.items');
  expect(table).toMatchObject({ kind: 'table', statementIndex: 1, line: 2 });
  expect(table?.sizeBytes).toBeGreaterThan(100000 * 8);
  // The primary key's index is rebuilt with it.
  expect(run.rewrites?.find((r) => r.relation === 'public.items_pkey')).toMatchObject({ kind: 'index', line: 2 });
  const held = report.findings.find((f) => f.rule === 'lock-held' && f.migration === '2_widen');
  expect(held).toMatchObject({ line: 2, value: ael?.heldMs, limit: 1, unit: 'ms' });
  expect(held?.message).toContain('AccessExclusiveLock on public.items at line 2');
  expect(rulesOf(report.findings, '2_widen')).toEqual(
    expect.arrayContaining([
      ['lock-timeout', 2, 0, 'ms'],
      ['statements-after-lock', 2, 1, 'count'],
      ['table-rewrite', 2, table?.sizeBytes, 'bytes'],
    ]),
  );
  // Tables the migration created itself are exempt from every lock rule.
  expect(rulesOf(report.findings, '1_items')).toEqual([]);
  expect(report.settings?.thresholds).toEqual(
    expect.arrayContaining([expect.objectContaining({ name: 'lockHeld.default', limit: 1, unit: 'ms' })]),
  );
});

test('CREATE INDEX takes ShareLock (writes blocked); CONCURRENTLY takes ShareUpdateExclusiveLock', async () => {
  const { report } = await runOnFiles(db.url, {
    ...BASE,
    'V2__plain_index.sql': 'CREATE INDEX items_v ON items (v);\n',
    'V3__concurrent_index.sql': 'CREATE INDEX CONCURRENTLY items_v2 ON items (v, id);\n',
  });
  const plain = byId(report.migrations, '2_plain_index');
  expect(lockOn(plain, 'public.items', 'ShareLock')).toMatchObject({ blocks: 'writes', statementIndex: 0, line: 1 });
  expect(plain.rewrites).toEqual([]);
  expect(rulesOf(report.findings, '2_plain_index')).toEqual([['lock-timeout', 1, 0, 'ms']]);
  // ShareUpdateExclusiveLock stops no reads or writes: no rule applies.
  expect(rulesOf(report.findings, '3_concurrent_index')).toEqual([]);
  const concurrent = byId(report.migrations, '3_concurrent_index');
  expect(concurrent.transactional).toBe(false);
  expect(lockOn(concurrent, 'public.items', 'ShareUpdateExclusiveLock')).toMatchObject({
    blocks: 'ddl',
    statementIndex: 0,
  });
  expect(lockOn(concurrent, 'public.items', 'ShareLock')).toBeUndefined();
  for (const l of concurrent.locks ?? []) {
    expect(l.heldMs).toBeGreaterThanOrEqual(0);
    expect(l.statementsAfter).toBeUndefined();
  }
});

test('ADD COLUMN with a constant default rewrites nothing', async () => {
  const { report, reportDir } = await runOnFiles(db.url, {
    ...BASE,
    'V2__add_column.sql': 'ALTER TABLE items ADD COLUMN score int NOT NULL DEFAULT 0;\n',
  });
  const run = byId(report.migrations, '2_add_column');
  expect(lockOn(run, 'public.items', 'AccessExclusiveLock')).toBeDefined();
  expect(run.rewrites).toEqual([]);
  // The log says it too.
  const log = await fs.readFile(path.join(reportDir, run.logFile!), 'utf8');
  expect(log).toMatch(/line 1 took AccessExclusiveLock on public\.items: stops reads and writes, held [\d.]+ ms/);
  expect(log).not.toContain('rewrote');
});

test('a lock held across a slow UPDATE after an ALTER in one transaction: statements after it are counted', async () => {
  const { report } = await runOnFiles(db.url, {
    ...BASE,
    'V2__alter_then_update.sql': [
      "SET lock_timeout = '3s';",
      'ALTER TABLE items ADD COLUMN note text;',
      "UPDATE items SET note = 'n' || v;",
      '',
    ].join('\n'),
  });
  const run = byId(report.migrations, '2_alter_then_update');
  const ael = lockOn(run, 'public.items', 'AccessExclusiveLock');
  expect(ael).toMatchObject({ statementIndex: 1, line: 2, lockTimeoutMs: 3000, statementsAfter: 1 });
  const e4 = report.findings.find((f) => f.rule === 'statements-after-lock' && f.migration === run.id);
  expect(e4).toMatchObject({ line: 2, value: 1, unit: 'count', severity: 'warning' });
  // lock_timeout was set: no finding for it, and the default 5 s limit is the one applied.
  expect(rulesOf(report.findings, run.id).map(([rule]) => rule)).not.toContain('lock-timeout');
  expect(ael?.statementsAfterMs).toBeGreaterThan(0);
  // Held from the ALTER to the commit: at least as long as the UPDATE that ran under it.
  expect(ael!.heldMs).toBeGreaterThanOrEqual(ael!.statementsAfterMs!);
  expect(ael!.heldMs).toBeLessThanOrEqual(run.durationMs!);
});

test("a plain file's own BEGIN … COMMIT: locks read after each statement, held until its COMMIT", async () => {
  const { report } = await runOnFiles(
    db.url,
    {
      ...BASE,
      'V2__own_transaction.sql': [
        'BEGIN;',
        'ALTER TABLE items ADD COLUMN flag boolean;',
        'UPDATE items SET flag = v % 2 = 0;',
        'COMMIT;',
        'SELECT 1;',
        '',
      ].join('\n'),
    },
    { format: 'plain' },
  );
  const run = byId(report.migrations, 'V2__own_transaction');
  expect(run.transactional).toBe(false);
  const ael = lockOn(run, 'public.items', 'AccessExclusiveLock');
  expect(ael).toMatchObject({ statementIndex: 1, line: 2, blocks: 'reads+writes' });
  expect(ael!.heldMs).toBeGreaterThan(0);
  expect(ael!.heldMs).toBeLessThanOrEqual(run.durationMs!);
});
