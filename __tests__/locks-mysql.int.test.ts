import type { Lock, MigrationRun } from '../src/report/model.js';
import { createMysqlDatabase, type TestDatabase } from './helpers/databases.js';
import { runOnFiles } from './helpers/run.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createMysqlDatabase('mt_locks');
});
afterEach(async () => {
  await db.drop();
});

/** 100,000 rows from ten digits cross-joined (portable to MySQL and MariaDB). */
const BASE = {
  'V1__items.sql': [
    'CREATE TABLE digits (d INT NOT NULL);',
    'INSERT INTO digits VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9);',
    'CREATE TABLE items (id INT NOT NULL PRIMARY KEY, v INT NOT NULL) ENGINE=InnoDB;',
    'INSERT INTO items SELECT 1 + a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d, a.d',
    '  FROM digits a, digits b, digits c, digits e, digits f;',
    '',
  ].join('\n'),
};

const byId = (runs: MigrationRun[], id: string): MigrationRun => {
  const r = runs.find((x) => x.id === id);
  if (!r) throw new Error(`no run ${id} in ${runs.map((x) => x.id).join(', ')}`);
  return r;
};

const locksOn = (run: MigrationRun, relation: string): Lock[] =>
  (run.locks ?? []).filter((l) => l.relation === relation);

test('ALTER … ALGORITHM=COPY rebuilds the table under a metadata lock that blocks writes; INSTANT rebuilds nothing', async () => {
  const { report } = await runOnFiles(db.url, {
    ...BASE,
    'V2__copy.sql': 'ALTER TABLE items MODIFY v BIGINT NOT NULL, ALGORITHM=COPY;\n',
    'V3__instant.sql': 'ALTER TABLE items ADD COLUMN note INT NOT NULL DEFAULT 0, ALGORITHM=INSTANT;\n',
  });
  expect(report.migrations.every((r) => r.status === 'succeeded')).toBe(true);
  const copy = byId(report.migrations, '2_copy');
  expect(copy.locks).not.toBeNull();
  const onItems = locksOn(copy, 'items');
  // The copy runs under SHARED_NO_WRITE (or stronger), upgraded to EXCLUSIVE for the swap.
  expect(onItems.some((l) => l.blocks === 'writes' || l.blocks === 'reads+writes')).toBe(true);
  for (const l of onItems) {
    expect(l).toMatchObject({ kind: 'table', statementIndex: 0, line: 1 });
    expect(l.created).toBeUndefined();
    expect(l.heldMs).toBeGreaterThanOrEqual(0);
    expect(l.mode).not.toMatch(/^MDL_/);
  }
  expect(copy.rewrites).toEqual([
    expect.objectContaining({ relation: 'items', kind: 'table', statementIndex: 0, line: 1 }),
  ]);
  expect(copy.rewrites?.[0]?.sizeBytes).toBeGreaterThan(0);
  expect(byId(report.migrations, '3_instant').rewrites).toEqual([]);
  const rules = report.findings.filter((f) => f.migration === '2_copy').map((f) => [f.rule, f.line]);
  // MariaDB's default lock_wait_timeout is a day: no timeout in practice.
  expect(rules).toEqual(
    expect.arrayContaining([
      ['table-rewrite', 1],
      ['lock-timeout', 1],
    ]),
  );
  expect(report.findings.filter((f) => f.migration === '3_instant').map((f) => f.rule)).not.toContain('table-rewrite');
  expect(report.findings.filter((f) => f.migration === '1_items' && f.rule !== 'missing-down')).toEqual([]);
  // Tables the first migration created are its own.
  const create = byId(report.migrations, '1_items');
  expect(create.locks?.every((l) => l.created === true || l.kind === 'other')).toBe(true);
});

test('the lock wait timeout the migration sets is the one recorded with its locks', async () => {
  const { report } = await runOnFiles(db.url, {
    ...BASE,
    'V2__copy.sql': 'SET SESSION lock_wait_timeout = 5;\nALTER TABLE items MODIFY v BIGINT NOT NULL, ALGORITHM=COPY;\n',
  });
  const copy = byId(report.migrations, '2_copy');
  const onItems = locksOn(copy, 'items');
  expect(onItems.length).toBeGreaterThan(0);
  for (const l of onItems) expect(l).toMatchObject({ statementIndex: 1, line: 2, lockTimeoutMs: 5000 });
  expect(report.findings.filter((f) => f.migration === '2_copy').map((f) => f.rule)).not.toContain('lock-timeout');
});
