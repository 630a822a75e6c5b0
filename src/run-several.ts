// `migration-test run` with --database-url given several times: one run per database, each
// into its own report directory under --report-dir, merged at the top of it.
import path from 'node:path';
import { UsageError } from './util/errors.js';

/** The values of every --database-url (also `--database-url=URL`) in argv, in order. */
export function databaseUrls(argv: readonly string[]): string[] {
  const urls: string[] = [];
  argv.forEach((arg, i) => {
    if (arg === '--database-url' && argv[i + 1] !== undefined) urls.push(argv[i + 1]!);
    else if (arg.startsWith('--database-url=')) urls.push(arg.slice('--database-url='.length));
  });
  return urls;
}

/** argv without --database-url, --report-dir and --label (each run gets its own). */
function withoutOwnFlags(argv: readonly string[]): string[] {
  const own = ['--database-url', '--report-dir', '--label'];
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (own.includes(arg)) i++;
    else if (!own.some((f) => arg.startsWith(`${f}=`))) out.push(arg);
  }
  return out;
}

function flagValue(argv: readonly string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
}

/** A label per database: --label's value (or the engine) with the database's position. */
function labels(urls: readonly string[], base: string | undefined, engineOf: (url: string) => string): string[] {
  return urls.map((url, i) => `${base ?? engineOf(url)}-${i + 1}`);
}

/**
 * Runs each database in turn (a run's interrupt handling owns the process's signals, so runs do
 * not overlap), then merges the reports written. The exit code is the worst of the runs'.
 */
export async function runSeveral(
  argv: readonly string[],
  runOne: (argv: string[]) => Promise<number>,
): Promise<number> {
  const [{ engineFromUrl }, { prepareReportDir }, { readReport, renderReportFiles }, { writeMergedReportDir }] =
    await Promise.all([
      import('./report/error-report.js'),
      import('./report/report-dir.js'),
      import('./report/render/index.js'),
      import('./report/merge.js'),
    ]);
  const urls = databaseUrls(argv);
  if (argv.includes('--json')) throw new UsageError('--json takes one --database-url');
  const out = flagValue(argv, '--report-dir') ?? 'migration-test-report';
  await prepareReportDir(out);
  const rest = withoutOwnFlags(argv);
  const names = labels(urls, flagValue(argv, '--label'), engineFromUrl);
  let worst = 0;
  const inputs = [];
  for (const [i, url] of urls.entries()) {
    const dir = path.join(out, names[i]!);
    const code = await runOne([...rest, '--database-url', url, '--report-dir', dir, '--label', names[i]!]);
    worst = Math.max(worst, code);
    const report = await readReport(path.join(dir, 'report.json')).catch(() => null);
    if (report) inputs.push({ dir, report });
  }
  if (inputs.length === 0) return worst || 1;
  const merged = await writeMergedReportDir(out, inputs);
  await renderReportFiles(merged, out, { commentKey: merged.database.label });
  process.stdout.write(`merged report: ${path.join(out, 'report.json')}\n`);
  return worst;
}
