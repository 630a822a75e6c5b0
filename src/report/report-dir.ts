import fs from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../util/errors.js';

/**
 * Left in every report directory migration-test creates or adopts: only a directory that
 * carries it (or is empty) is ever cleared, so `--report-dir .` or a typo cannot delete a
 * user's files.
 */
export const REPORT_DIR_MARKER = '.migration-test-report';
const MARKER_TEXT = 'This directory holds a migration-test report; migration-test rewrites it on every run.\n';

/** What a run writes into its report directory, and so may remove from a marked one. */
export const REPORT_OUTPUTS = ['report.json', 'comment.md', 'summary.md', 'logs'] as const;

async function entriesOf(dir: string): Promise<string[] | null> {
  try {
    return await fs.readdir(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ENOTDIR') throw new UsageError(`report directory ${dir} is not a directory`);
    throw new UsageError(`report directory ${dir} cannot be read (${code ?? String(err)})`);
  }
}

/**
 * Makes `dir` ready for a run: created with its marker when missing or empty; when it carries
 * the marker, the outputs of the previous run are removed; any other directory is refused.
 */
export async function prepareReportDir(dir: string): Promise<void> {
  const entries = await entriesOf(dir);
  if (entries !== null && entries.length > 0 && !entries.includes(REPORT_DIR_MARKER)) {
    throw new UsageError(
      `report directory ${dir} already holds files that migration-test did not write (${sample(entries)}): ` +
        'choose a new or empty directory; migration-test only clears directories it created',
    );
  }
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, REPORT_DIR_MARKER), MARKER_TEXT, 'utf8');
  for (const name of REPORT_OUTPUTS) await fs.rm(path.join(dir, name), { recursive: true, force: true });
  await fs.mkdir(path.join(dir, 'logs'));
}

function sample(names: readonly string[]): string {
  const sorted = [...names].sort();
  return (
    sorted
      .slice(0, 3)
      .map((n) => JSON.stringify(n))
      .join(', ') + (sorted.length > 3 ? `, … ${sorted.length} in all` : '')
  );
}
