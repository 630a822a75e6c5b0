import fs from 'node:fs/promises';
import path from 'node:path';
import type { Report } from './model.js';
import { maskDeep } from '../util/secrets.js';

export const REPORT_FILE = 'report.json';
export const COMMENT_FILE = 'comment.md';
export const SUMMARY_FILE = 'summary.md';

export { prepareReportDir } from './report-dir.js';

/** Written to a temporary name first: a reader never sees half a report. */
export async function writeReport(dir: string, report: Report): Promise<string> {
  const file = path.join(dir, REPORT_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, JSON.stringify(maskDeep(report), null, 2) + '\n', 'utf8');
  await fs.rename(tmp, file);
  return file;
}

/** The rendered comment and summary, beside report.json (the artifact carries them too). */
export async function writeReportDocuments(
  dir: string,
  docs: { comment: string; summary: string },
): Promise<{ commentPath: string; summaryPath: string }> {
  const commentPath = path.join(dir, COMMENT_FILE);
  const summaryPath = path.join(dir, SUMMARY_FILE);
  await fs.writeFile(commentPath, docs.comment, 'utf8');
  await fs.writeFile(summaryPath, docs.summary, 'utf8');
  return { commentPath, summaryPath };
}
