import { readFileSync } from 'node:fs';
import { MAX_PER_LEVEL, reportAnnotations } from '../src/report/annotations.js';
import type { Finding, Report } from '../src/report/model.js';

/** A failed run (6), findings about migrations 4 and 5, one about none. */
function realistic(): Report {
  return JSON.parse(readFileSync('__fixtures__/reports/realistic.json', 'utf8')) as Report;
}

const V6 = 'db/migrations/V6__add_orders_status_check.sql';

describe('reportAnnotations', () => {
  test('a failed statement: an error on its file, from the statement start to where the server points', () => {
    const report = realistic();
    const run = report.migrations.find((m) => m.id === '6_add_orders_status_check')!;
    run.error = { ...run.error!, positionLine: 6, detail: 'Failing row contains (7, lost).', hint: 'check the data' };
    const errors = reportAnnotations(report).filter((a) => a.level === 'error');
    // The migration-failed finding says the same: only the error's own annotation is made.
    expect(errors).toEqual([
      {
        level: 'error',
        title: 'migration-test: migration 6_add_orders_status_check failed',
        message:
          '[23514] check constraint "orders_status_check" of relation "orders" is violated by some row\n' +
          'DETAIL: Failing row contains (7, lost).\nHINT: check the data',
        file: V6,
        line: 4,
        endLine: 6,
      },
    ]);
  });

  test('findings that name a migration land on its file, at their line when they have one', () => {
    const report = realistic();
    report.findings.push({
      severity: 'warning',
      rule: 'query-duration',
      migration: '5_backfill_orders_status',
      line: 12,
      message: 'a query took 6.4 s (limit 100 ms) at line 12 of db/migrations/V5__backfill_orders_status.sql: UPDATE …',
    });
    const annotations = reportAnnotations(report);
    expect(annotations.map((a) => [a.level, a.title, a.file, a.line])).toEqual([
      ['error', 'migration-test: migration 6_add_orders_status_check failed', V6, 4],
      [
        'warning',
        'migration-test: max-duration (5_backfill_orders_status)',
        'db/migrations/V5__backfill_orders_status.sql',
        null,
      ],
      [
        'warning',
        'migration-test: max-rows-changed (5_backfill_orders_status)',
        'db/migrations/V5__backfill_orders_status.sql',
        null,
      ],
      [
        'warning',
        'migration-test: query-duration (5_backfill_orders_status)',
        'db/migrations/V5__backfill_orders_status.sql',
        12,
      ],
      [
        'notice',
        'migration-test: non-transactional (4_add_users_email_index)',
        'db/migrations/V4__add_users_email_index.sql',
        null,
      ],
    ]);
    // "2 migrations were skipped" names none: no annotation.
    expect(annotations.some((a) => a.message.includes('skipped'))).toBe(false);
  });

  test('a failed down of the rollback cycle lands on the down file', () => {
    const report = realistic();
    const up = report.migrations.find((m) => m.id === '5_backfill_orders_status')!;
    report.migrations.push({
      ...up,
      phase: 'rollback',
      direction: 'down',
      status: 'failed',
      file: 'db/migrations/U5__backfill_orders_status.sql',
      error: { message: 'column "status" does not exist', code: '42703', line: 2, statementIndex: 0 },
    });
    const downs = reportAnnotations(report).filter((a) => a.file?.includes('U5__'));
    expect(downs).toEqual([
      expect.objectContaining({
        level: 'error',
        title: 'migration-test: down migration 5_backfill_orders_status failed (rollback)',
        line: 2,
        endLine: null,
      }),
    ]);
  });

  test(`at most ${MAX_PER_LEVEL} of a level, the last saying how many more the report holds`, () => {
    const report = realistic();
    report.findings = Array.from({ length: 14 }, (_, i): Finding => ({
      severity: 'warning',
      rule: 'r',
      migration: '5_backfill_orders_status',
      message: `w${i}`,
    }));
    const warnings = reportAnnotations(report).filter((a) => a.level === 'warning');
    expect(warnings).toHaveLength(MAX_PER_LEVEL);
    expect(warnings[MAX_PER_LEVEL - 2]?.message).toBe(`w${MAX_PER_LEVEL - 2}`);
    expect(warnings[MAX_PER_LEVEL - 1]).toEqual({
      level: 'warning',
      title: 'migration-test',
      message: `${14 - (MAX_PER_LEVEL - 1)} more warnings in the report`,
      file: null,
      line: null,
      endLine: null,
    });
  });

  test('secrets in a server message are masked', () => {
    const report = realistic();
    const run = report.migrations.find((m) => m.id === '6_add_orders_status_check')!;
    run.error = { ...run.error!, detail: 'token ghp_abcdefghijklmnopqrstuvwxyz0123456789 in a row' };
    const [error] = reportAnnotations(report);
    expect(error?.message).toContain('DETAIL: token *** in a row');
  });

  test('a report without failures or findings about migrations has none', () => {
    const report = realistic();
    report.migrations = report.migrations.filter((m) => m.status !== 'failed');
    report.findings = report.findings.filter((f) => f.migration === null);
    expect(reportAnnotations(report)).toEqual([]);
  });
});
