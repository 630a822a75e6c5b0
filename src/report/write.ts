import fs from 'node:fs/promises';
import path from 'node:path';
import type { Report } from './model.js';

export const REPORT_FILE = 'report.json';

/** Removes what an earlier run left in the report directory that this run would rewrite. */
export async function prepareReportDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  await fs.rm(path.join(dir, 'logs'), { recursive: true, force: true });
  await fs.rm(path.join(dir, REPORT_FILE), { force: true });
  await fs.mkdir(path.join(dir, 'logs'), { recursive: true });
}

/** Written to a temporary name first: a reader never sees half a report. */
export async function writeReport(dir: string, report: Report): Promise<string> {
  const file = path.join(dir, REPORT_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, JSON.stringify(report, null, 2) + '\n', 'utf8');
  await fs.rename(tmp, file);
  return file;
}
