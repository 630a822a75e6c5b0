import fs from 'node:fs';
import path from 'node:path';
import { SeveritySchema, ThresholdsSchema } from '../src/config/values.js';
import { type Lock, type MigrationRun, ReportSchema } from '../src/report/model.js';
import { lockFindings } from '../src/rules/locks.js';

const aRun = (): MigrationRun => {
  const report = ReportSchema.parse(
    JSON.parse(fs.readFileSync(path.resolve('__fixtures__/reports/realistic.json'), 'utf8')),
  );
  return report.migrations.find((m) => m.phase === 'new' && m.status === 'succeeded')!;
};

const lock = (over: Partial<Lock>): Lock => ({
  relation: 'users',
  kind: 'table',
  mode: 'SHARED_NO_WRITE',
  statementIndex: 0,
  line: 3,
  heldMs: 6000,
  blocks: 'writes',
  lockTimeoutMs: 86_400_000,
  ...over,
});

const severity = SeveritySchema.parse({});

test('a blocking lock over the limit, without a lock timeout: findings naming relation, mode, line and value', () => {
  const run = { ...aRun(), locks: [lock({})], rewrites: [] };
  const findings = lockFindings([run], ThresholdsSchema.parse({}), severity);
  expect(findings.map((f) => [f.rule, f.line, f.value, f.limit, f.unit])).toEqual([
    ['lock-held', 3, 6000, 5000, 'ms'],
    ['lock-timeout', 3, 86_400_000, undefined, 'ms'],
  ]);
  expect(findings[0]!.message).toBe(
    `SHARED_NO_WRITE on users at line 3 of ${run.file} stopped writes for 6.00 s, over the 5.00 s limit`,
  );
  expect(findings[1]!.message).toContain('lock_wait_timeout is 24 h 0 min');
});

test('exempt: tables the migration created, locks that stop only DDL, a lock timeout that is set; a per-migration override', () => {
  const run = {
    ...aRun(),
    locks: [
      lock({ created: true }),
      lock({ relation: 'orders', mode: 'SHARED_UPGRADABLE', blocks: 'ddl' }),
      lock({ relation: 'items', lockTimeoutMs: 2000, heldMs: 7000 }),
    ],
    rewrites: [],
  };
  const t = ThresholdsSchema.parse({ lockHeld: { perMigration: { [run.id]: 10_000 } } });
  expect(lockFindings([run], t, severity)).toEqual([]);
  expect(lockFindings([run], ThresholdsSchema.parse({}), severity).map((f) => [f.rule, f.value])).toEqual([
    ['lock-held', 7000],
  ]);
});

test('lock observation off is one notice, never a guess', () => {
  const off = { ...aRun(), locks: null, lockObservation: 'the metadata_lock_info plugin is not installed' };
  const findings = lockFindings([off, { ...off, id: 'other' }], ThresholdsSchema.parse({}), severity);
  expect(findings).toEqual([
    {
      severity: 'notice',
      rule: 'locks-not-observed',
      migration: null,
      message: 'the metadata_lock_info plugin is not installed',
    },
  ]);
});
