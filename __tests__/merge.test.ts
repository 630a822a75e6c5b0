import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type MigrationRun, type Report, ReportSchema } from '../src/report/model.js';
import { mergeReports, writeMergedReportDir } from '../src/report/merge.js';
import {
  COMMENT_LIMIT_BYTES,
  readReport,
  renderComment,
  renderReportFiles,
  renderSummary,
} from '../src/report/render/index.js';

const realistic = ReportSchema.parse(JSON.parse(fs.readFileSync('__fixtures__/reports/realistic.json', 'utf8')));
const ctx = { commentKey: 'matrix' };

function passing(label: string, engine: Report['database']['engine'], serverVersion: string, slowMs = 0): Report {
  return {
    ...realistic,
    status: 'passed',
    database: { engine, serverVersion, label },
    findings: [],
    migrations: realistic.migrations.map((m, i) => ({
      ...m,
      status: m.phase === 'base' ? m.status : 'succeeded',
      error: null,
      durationMs: i === 4 ? 50 + slowMs : m.durationMs,
    })),
  };
}

const failing: Report = { ...realistic, database: { ...realistic.database, label: 'pg-broken' } };
const inputs = (): Report[] => [
  passing('pg16', 'postgres', '16.2'),
  passing('maria', 'mariadb', '11.4.2-MariaDB', 5000),
  failing,
];

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'merge-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('three databases: one matrix of three columns, the failure and the slowdown called out first', () => {
  const merged = mergeReports(inputs());
  expect(merged.status).toBe('failed');
  expect(merged.merged?.reports.map((r) => r.database.label)).toEqual(['pg16', 'maria', 'pg-broken']);
  expect(merged.findings.every((f) => f.message.startsWith('[pg-broken] '))).toBe(true);
  const comment = renderComment(merged, ctx).markdown;
  expect(comment.startsWith('<!-- migration-test:comment-key=matrix -->')).toBe(true);
  // Only the merged comment carries a sticky marker.
  expect(comment.split('<!-- migration-test:comment-key=').length).toBe(2);
  const header = comment.split('\n').find((l) => l.startsWith('| Migration |'))!;
  expect(header.split('|').filter((c) => c.trim()).length).toBe(4);
  const diffs = comment.indexOf('#### Differences');
  const matrix = comment.indexOf('#### Migrations by database');
  expect(diffs).toBeGreaterThan(0);
  expect(diffs).toBeLessThan(matrix);
  const between = comment.slice(diffs, matrix);
  expect(between).toContain('6_add_orders_status_check` fails only on pg-broken');
  expect(between).toMatch(/5_backfill_orders_status` is ≥10× slower on maria/);
  expect(comment.indexOf('<details><summary>pg16: passed')).toBeGreaterThan(matrix);
});

function bigReport(label: string, engine: Report['database']['engine'], fail: boolean): Report {
  const template = realistic.migrations[3]!;
  const migrations: MigrationRun[] = Array.from({ length: 300 }, (_, i) => ({
    ...template,
    id: `${1000 + i}_migration_number_${i}`,
    version: String(1000 + i),
    name: `migration_number_${i}`,
    status: fail && i === 150 ? 'failed' : 'succeeded',
    error: fail && i === 150 ? { message: 'boom', code: '42P01', line: 1, statementIndex: 0 } : null,
  }));
  return {
    ...realistic,
    status: fail ? 'failed' : 'passed',
    database: { engine, serverVersion: '1.0', label },
    migrations,
    findings: [],
  };
}

test('300 migrations × 5 databases stay within the comment budget, the failure still first', () => {
  const merged = mergeReports([
    bigReport('pg14', 'postgres', false),
    bigReport('pg16', 'postgres', false),
    bigReport('pg18', 'postgres', true),
    bigReport('mysql', 'mysql', false),
    bigReport('maria', 'mariadb', false),
  ]);
  const comment = renderComment(merged, ctx).markdown;
  expect(Buffer.byteLength(comment)).toBeLessThanOrEqual(COMMENT_LIMIT_BYTES);
  expect(comment).toContain('`1150_migration_number_150` fails only on pg18');
  expect(renderSummary(merged, ctx).markdown.length).toBeGreaterThan(comment.length);
});

test('merge writes a report directory: logs under each label, the merged report readable again', async () => {
  const dirs = inputs().map((r, i) => {
    const d = path.join(dir, `in${i}`);
    fs.mkdirSync(path.join(d, 'logs'), { recursive: true });
    for (const m of r.migrations)
      if (m.logFile) fs.writeFileSync(path.join(d, m.logFile), `log of ${r.database.label}`);
    fs.writeFileSync(path.join(d, 'report.json'), JSON.stringify(r));
    return { dir: d, report: r };
  });
  const out = path.join(dir, 'out');
  const merged = await writeMergedReportDir(out, dirs);
  await renderReportFiles(merged, out, ctx);
  const reread = await readReport(path.join(out, 'report.json'));
  expect(reread.merged?.reports).toHaveLength(3);
  const log = reread.merged!.reports[1]!.migrations[3]!.logFile!;
  expect(log).toBe('maria/logs/4_add_users_email_index.up.log');
  expect(fs.readFileSync(path.join(out, log), 'utf8')).toBe('log of maria');
  expect(fs.existsSync(path.join(out, '.migration-test-report'))).toBe(true);
  // Merging the merged report again flattens it.
  expect(mergeReports([reread]).merged?.reports).toHaveLength(3);
  // A directory of the user's own files is refused.
  const user = path.join(dir, 'user');
  fs.mkdirSync(user);
  fs.writeFileSync(path.join(user, 'notes.txt'), 'mine');
  await expect(writeMergedReportDir(user, dirs)).rejects.toThrow(/did not write/);
  expect(fs.readFileSync(path.join(user, 'notes.txt'), 'utf8')).toBe('mine');
});

test('a log linked to a file outside its report directory is not copied into the merge', async () => {
  const secret = path.join(dir, 'secret.txt');
  fs.writeFileSync(secret, 'TOKEN=ghs_must_not_travel');
  const dirs = inputs().map((r, i) => {
    const d = path.join(dir, `in${i}`);
    fs.mkdirSync(path.join(d, 'logs'), { recursive: true });
    for (const m of r.migrations) if (m.logFile) fs.symlinkSync(secret, path.join(d, m.logFile));
    return { dir: d, report: r };
  });
  const out = path.join(dir, 'out');
  const merged = await writeMergedReportDir(out, dirs);
  const log = merged.merged!.reports[1]!.migrations[3]!.logFile!;
  expect(fs.existsSync(path.join(out, log))).toBe(false);
  const files = fs.readdirSync(out, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
  for (const f of files) expect(fs.readFileSync(path.join(f.parentPath, f.name), 'utf8')).not.toContain('ghs_');
});
