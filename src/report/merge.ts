import { readConfinedFile } from '../util/confined-file.js';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Report, SingleReport } from './model.js';
import { prepareReportDir, writeReport } from './write.js';
import { UsageError } from '../util/errors.js';

/**
 * `migration-test merge`: several databases' reports as one.
 *
 * The merged report's own fields summarize its inputs, so tools that read only the top level
 * still see the verdict: status is the worst; findings are every input's, each message
 * prefixed with its database's label; migrations is empty (each database's runs stay in
 * merged.reports); database names the first input's engine, serverVersion "merged" and the
 * labels joined with "+".
 */

const STATUS_ORDER: readonly Report['status'][] = ['passed', 'warning', 'failed', 'error'];

export function worstStatus(statuses: readonly Report['status'][]): Report['status'] {
  return statuses.reduce<Report['status']>(
    (worst, s) => (STATUS_ORDER.indexOf(s) > STATUS_ORDER.indexOf(worst) ? s : worst),
    'passed',
  );
}

/** Each database's report; a merged input contributes its own inputs, so merges never nest. */
export function flattenReports(reports: readonly Report[]): SingleReport[] {
  return reports.flatMap((r) => (r.merged ? r.merged.reports : [withoutMerged(r)]));
}

function withoutMerged(report: Report): SingleReport {
  const { merged: _merged, ...single } = report;
  return single;
}

/** Two inputs of one label would be indistinguishable columns: the later ones get a suffix. */
function distinctLabels(reports: SingleReport[]): SingleReport[] {
  const seen = new Map<string, number>();
  return reports.map((r) => {
    const n = (seen.get(r.database.label) ?? 0) + 1;
    seen.set(r.database.label, n);
    return n === 1 ? r : { ...r, database: { ...r.database, label: `${r.database.label}-${n}` } };
  });
}

export function mergeReports(inputs: readonly Report[]): Report {
  const reports = distinctLabels(flattenReports(inputs));
  const first = reports[0];
  if (!first) throw new UsageError('merge needs at least one report');
  const times = reports.map((r) => [r.startedAt, r.finishedAt] as const);
  return {
    schemaVersion: 1,
    tool: first.tool,
    startedAt: times.map((t) => t[0]).sort()[0]!,
    finishedAt: times
      .map((t) => t[1])
      .sort()
      .at(-1)!,
    status: worstStatus(reports.map((r) => r.status)),
    database: {
      engine: first.database.engine,
      serverVersion: 'merged',
      label: reports.map((r) => r.database.label).join('+'),
    },
    source: first.source,
    migrations: [],
    findings: reports.flatMap((r) => r.findings.map((f) => ({ ...f, message: `[${r.database.label}] ${f.message}` }))),
    context: first.context ?? null,
    merged: { reports },
  };
}

/** A safe directory name for a label: the label's letters, never a path. */
export function labelDirName(label: string): string {
  const name = label.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_');
  return name.length > 0 ? name.slice(0, 100) : '_';
}

/**
 * Writes OUT/report.json of the merged report. Each input's logs are copied under
 * OUT/<label>/logs, and each run's logFile is rewritten to point there (relative to OUT), so
 * the links of the merged report work from its own directory and artifact.
 */
export async function writeMergedReportDir(
  out: string,
  inputs: ReadonlyArray<{ dir: string; report: Report }>,
): Promise<Report> {
  await prepareReportDir(out);
  const relocated: Report[] = [];
  for (const { dir, report } of inputs) {
    for (const single of flattenReports([report])) {
      const sub = labelDirName(single.database.label);
      await copyLogs(dir, path.join(out, sub), single);
      relocated.push(relocateLogs(single, sub));
    }
  }
  const merged = mergeReports(relocated);
  await writeReport(out, merged);
  return merged;
}

function relocateLogs(report: SingleReport, sub: string): SingleReport {
  return {
    ...report,
    migrations: report.migrations.map((m) => ({
      ...m,
      logFile: m.logFile === null ? null : path.posix.join(sub, m.logFile),
    })),
  };
}

/**
 * A report directory may come from anywhere (a fork's artifact): a log is copied only when it
 * is a regular file inside that directory, never through a link leading out of it.
 */
async function copyLogs(fromDir: string, toDir: string, report: SingleReport): Promise<void> {
  const root = await fs.realpath(fromDir);
  for (const m of report.migrations) {
    if (m.logFile === null) continue;
    // A logFile that leaves its report directory is not copied: merge reads only inside DIR.
    const rel = path.posix.normalize(m.logFile);
    if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
    const target = path.join(toDir, rel);
    // Runs written under OUT/<label>/ already are where the merged report points.
    if (path.resolve(target) === path.resolve(fromDir, rel)) continue;
    await fs.mkdir(path.dirname(target), { recursive: true });
    const content = await readConfinedFile(path.join(fromDir, rel), `log ${rel}`, root).catch(() => null);
    if (content !== null) await fs.writeFile(target, content);
  }
}
