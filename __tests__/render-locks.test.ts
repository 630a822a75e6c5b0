import fs from 'node:fs';
import path from 'node:path';
import { type Lock, type MigrationRun, type Report, ReportSchema } from '../src/report/model.js';
import { renderSummary } from '../src/report/render/index.js';
import { renderDocument } from '../src/report/render/document.js';
import { locksPart, worstLockSummary } from '../src/report/render/locks.js';

const report = (): Report =>
  ReportSchema.parse(JSON.parse(fs.readFileSync(path.resolve('__fixtures__/reports/realistic.json'), 'utf8')));

const newRun = (r: Report): MigrationRun =>
  r.migrations.find((m) => m.phase === 'new' && m.status === 'succeeded' && m.durationMs !== null)!;

const lock = (over: Partial<Lock>): Lock => ({
  relation: 'public.items',
  kind: 'table',
  mode: 'AccessExclusiveLock',
  statementIndex: 1,
  line: 2,
  heldMs: 4200,
  blocks: 'reads+writes',
  ...over,
});

describe('the Locks table of a new migration', () => {
  test('per relation the worst lock, what it blocks in words, how long, from which line; rewrites on one line', () => {
    const run: MigrationRun = {
      ...newRun(report()),
      locks: [
        lock({ mode: 'ShareLock', blocks: 'writes' }),
        lock({}),
        lock({ relation: 'public.audit', mode: 'ShareUpdateExclusiveLock', blocks: 'ddl', heldMs: 12, line: 5 }),
        lock({ relation: 'public.fresh', created: true }),
        lock({ relation: 'advisory lock 1:2', kind: 'other', blocks: 'none' }),
      ],
      rewrites: [{ relation: 'public.items', kind: 'table', sizeBytes: 4_194_304, statementIndex: 1, line: 2 }],
    };
    const part = locksPart(run)!;
    expect(part).toContain('**Locks** (2 relations):');
    expect(part).toContain('| `public.items` | `AccessExclusiveLock` | reads and writes | 4.20 s | 2 |');
    expect(part).toContain('| `public.audit` | `ShareUpdateExclusiveLock` | only DDL | 12 ms | 5 |');
    expect(part).not.toContain('fresh');
    expect(part).not.toContain('advisory');
    expect(part).toContain('- Rewrites: table public.items (4.0 MB, line 2)');
    expect(worstLockSummary(run)).toBe('🔒 reads and writes on public.items 4.20 s');
  });

  test('hostile relation names stay inert in the table, the summary line and the rewrites line', () => {
    const evil = 'x|y` <img src=x> @octocat';
    const run: MigrationRun = {
      ...newRun(report()),
      locks: [lock({ relation: evil })],
      rewrites: [{ relation: evil, kind: 'table', sizeBytes: 10, statementIndex: 0, line: 1 }],
    };
    const part = locksPart(run)!;
    const rewrites = part.split('\n').find((l) => l.startsWith('- Rewrites:'))!;
    expect(rewrites).not.toContain('<img');
    expect(rewrites).not.toContain('@octocat');
    // In the table the name is code (a fence longer than its backtick), and the table keeps its
    // five columns: the pipe inside it is escaped.
    const row = part.split('\n').find((l) => l.includes('AccessExclusiveLock'))!;
    expect(row.startsWith('| ``')).toBe(true);
    expect(row.replace(/\\\|/g, '').split('|').length).toBe(7);
    expect(worstLockSummary(run)).not.toContain('<img');
  });

  test('lock observation off is said plainly; runs without lock data show nothing', () => {
    const run = newRun(report());
    expect(locksPart({ ...run, locks: null, lockObservation: 'the metadata_lock_info plugin is not installed' })).toBe(
      '- Locks: not observed (the metadata_lock_info plugin is not installed)',
    );
    expect(locksPart({ ...run, locks: [], rewrites: [] })).toBe(
      '- Locks: none on tables other sessions use\n- Rewrites: none',
    );
    const { locks: _, ...without } = run;
    expect(locksPart(without)).toBeNull();
  });

  test('in the comment: the table in the details, the worst lock in its summary line, within the size limit', () => {
    const r = report();
    const run = newRun(r);
    run.locks = [lock({})];
    run.rewrites = [];
    const { markdown } = renderSummary(r, { commentKey: 'main' });
    expect(markdown).toContain('| `public.items` | `AccessExclusiveLock` | reads and writes | 4.20 s | 2 |');
    expect(markdown).toMatch(/<summary>.*🔒 reads and writes on public\.items 4\.20 s.*<\/summary>/);
    for (const m of r.migrations)
      if (m.phase === 'new') m.locks = Array.from({ length: 50 }, (_, i) => lock({ relation: `t${i}` }));
    const small = renderDocument(r, { commentKey: 'main' }, { audience: 'comment', limitBytes: 20_000 });
    expect(Buffer.byteLength(small.markdown)).toBeLessThanOrEqual(20_000);
  });
});
