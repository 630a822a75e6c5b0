import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ReportSchema } from '../src/report/model.js';
import {
  renderComment,
  renderReport,
  renderReportDir,
  renderReportFiles,
  renderSummary,
} from '../src/report/render/index.js';

const fixture = path.resolve('__fixtures__/reports/realistic.json');
const ctx = { commentKey: 'main', runUrl: 'https://github.com/acme/shop/actions/runs/1' };

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'render-dir-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

test('writes comment.md and summary.md next to report.json', async () => {
  fs.copyFileSync(fixture, path.join(dir, 'report.json'));
  const out = await renderReportDir(dir, ctx);
  expect(out.commentPath).toBe(path.join(dir, 'comment.md'));
  expect(out.summaryPath).toBe(path.join(dir, 'summary.md'));
  expect(out.report.database.label).toBe('main');
  expect(fs.readFileSync(out.commentPath, 'utf8')).toBe(renderComment(out.report, ctx).markdown);
  expect(fs.readFileSync(out.summaryPath, 'utf8')).toBe(renderSummary(out.report, ctx).markdown);
});

test('a report in memory: rendered once, written beside where report.json goes, and returned', async () => {
  const report = ReportSchema.parse(JSON.parse(fs.readFileSync(fixture, 'utf8')));
  const docs = await renderReportFiles(report, dir, ctx);
  expect(docs).toEqual(renderReport(report, ctx));
  expect(docs.comment).toBe(renderComment(report, ctx).markdown);
  expect(docs.summary).toBe(renderSummary(report, ctx).markdown);
  expect(fs.readFileSync(path.join(dir, 'comment.md'), 'utf8')).toBe(docs.comment);
  expect(fs.readFileSync(path.join(dir, 'summary.md'), 'utf8')).toBe(docs.summary);
  expect(fs.existsSync(path.join(dir, 'report.json'))).toBe(false);
});

test('a report that breaks the contract names the file and the first bad field', async () => {
  const report = JSON.parse(fs.readFileSync(fixture, 'utf8')) as { migrations: Array<Record<string, unknown>> };
  report.migrations[3]!.durationMs = 'slow';
  fs.writeFileSync(path.join(dir, 'report.json'), JSON.stringify(report));
  const file = path.join(dir, 'report.json');
  await expect(renderReportDir(dir, ctx)).rejects.toThrow(
    `${file}: not a migration-test report: migrations[3].durationMs:`,
  );
  expect(fs.existsSync(path.join(dir, 'comment.md'))).toBe(false);
});

test('a histogram of the wrong shape is refused', async () => {
  const report = JSON.parse(fs.readFileSync(fixture, 'utf8')) as {
    migrations: Array<{ histogram: { counts: number[] } }>;
  };
  report.migrations[0]!.histogram.counts.pop();
  fs.writeFileSync(path.join(dir, 'report.json'), JSON.stringify(report));
  await expect(renderReportDir(dir, ctx)).rejects.toThrow(
    /report\.json: not a migration-test report: migrations\[0\]\.histogram: counts\.length must be/,
  );
});

test('a file that is not JSON, or missing, is named', async () => {
  const file = path.join(dir, 'report.json');
  await expect(renderReportDir(dir, ctx)).rejects.toThrow(`${file}: cannot read the report`);
  fs.writeFileSync(file, '{"schemaVersion": 1,');
  await expect(renderReportDir(dir, ctx)).rejects.toThrow(`${file}: not valid JSON`);
  fs.writeFileSync(file, '[]');
  await expect(renderReportDir(dir, ctx)).rejects.toThrow(`${file}: not a migration-test report: (top level):`);
});
