import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Report, ReportSchema } from '../model.js';
import { REPORT_FILE, writeReportDocuments } from '../write.js';
import type { RenderContext } from './context.js';
import { type ReportDocuments, renderReport } from './report-documents.js';

function fieldPath(segments: readonly PropertyKey[]): string {
  return segments.reduce<string>(
    (out, s) => (typeof s === 'number' ? `${out}[${s}]` : `${out}${out ? '.' : ''}${String(s)}`),
    '',
  );
}

/** report.json, parsed and validated; errors name the file and the first bad field. */
export async function readReport(file: string): Promise<Report> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new Error(`${file}: cannot read the report: ${(e as Error).message}`, { cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  const parsed = ReportSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first && first.path.length > 0 ? fieldPath(first.path) : '(top level)';
    throw new Error(`${file}: not a migration-test report: ${where}: ${first?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/**
 * Renders the comment and the summary once and writes them into the report directory
 * (comment.md, summary.md); the caller publishes the text returned, not the files.
 */
export async function renderReportFiles(report: Report, dir: string, ctx: RenderContext): Promise<ReportDocuments> {
  const docs = renderReport(report, ctx);
  await writeReportDocuments(dir, docs);
  return docs;
}

/**
 * Reads <dir>/report.json, written by another process (`migration-test render`), and writes
 * <dir>/comment.md and <dir>/summary.md.
 */
export async function renderReportDir(
  dir: string,
  ctx: RenderContext,
): Promise<{ commentPath: string; summaryPath: string; report: Report }> {
  const report = await readReport(path.join(dir, REPORT_FILE));
  const docs = renderReport(report, ctx);
  return { ...(await writeReportDocuments(dir, docs)), report };
}
