// `migration-test run` on several databases: --database-url given several times, or
// --postgres-versions (an embedded PostgreSQL of each major). One run per database, each into
// its own report directory under --report-dir, merged at the top of it.
import os from 'node:os';
import path from 'node:path';
import type { Interrupts } from './util/interrupt.js';
import { UsageError, errorMessage } from './util/errors.js';

/** The values of every --database-url (also `--database-url=URL`) in argv, in order. */
export function databaseUrls(argv: readonly string[]): string[] {
  return flagValues(argv, '--database-url');
}

function flagValues(argv: readonly string[], flag: string): string[] {
  const values: string[] = [];
  argv.forEach((arg, i) => {
    if (arg === flag && argv[i + 1] !== undefined) values.push(argv[i + 1]!);
    else if (arg.startsWith(`${flag}=`)) values.push(arg.slice(flag.length + 1));
  });
  return values;
}

const hasFlag = (argv: readonly string[], flag: string) => argv.some((a) => a === flag || a.startsWith(`${flag}=`));

/** Whether argv asks for several databases. */
export function severalRequested(argv: readonly string[]): boolean {
  return databaseUrls(argv).length > 1 || hasFlag(argv, '--postgres-versions');
}

const OWN_FLAGS = ['--database-url', '--report-dir', '--label', '--postgres-versions'];

/** argv without the flags each run gets its own of. */
function withoutOwnFlags(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (OWN_FLAGS.includes(arg)) i++;
    else if (!OWN_FLAGS.some((f) => arg.startsWith(`${f}=`))) out.push(arg);
  }
  return out;
}

const flagValue = (argv: readonly string[], flag: string): string | undefined => flagValues(argv, flag)[0];

/** One database's run: its label (and directory name), its flags, and its embedded binaries. */
interface PlannedRun {
  label: string;
  argv: string[];
  /** For --postgres-versions: the major's binaries directory (null: the installed package's). */
  binaries?: string | null;
}

export type RunOne = (argv: string[], run: { interrupts: Interrupts; prefix: string }) => Promise<number>;

/**
 * Runs every database, then merges the reports written (in the order the databases were given).
 * One signal handler (`interrupts`) cancels every run; each still writes its report. The exit
 * code is the worst of the runs'.
 */
export async function runSeveral(argv: readonly string[], runOne: RunOne, interrupts: Interrupts): Promise<number> {
  if (argv.includes('--json'))
    throw new UsageError('--json takes one database (one --database-url, no --postgres-versions)');
  const [
    { prepareReportDir },
    { readReport, renderReportFiles },
    { writeMergedReportDir },
    { withEmbeddedBinaries },
    { maskSecrets },
  ] = await Promise.all([
    import('./report/report-dir.js'),
    import('./report/render/index.js'),
    import('./report/merge.js'),
    import('./engines/postgres/embedded.js'),
    import('./util/secrets.js'),
  ]);
  const out = flagValue(argv, '--report-dir') ?? 'migration-test-report';
  const planned = hasFlag(argv, '--postgres-versions')
    ? await versionRuns(argv, interrupts.signal).catch((err: unknown) => {
        // Cancelled while downloading: nothing ran, the signal's exit code says why.
        if (interrupts.exitCode() === null) throw err;
        process.stderr.write(`migration-test: ${errorMessage(err).split('\n')[0]}\n`);
        return null;
      })
    : await urlRuns(argv);
  if (planned === null) return interrupts.exitCode() ?? 1;
  const { runs, concurrency } = planned;
  await prepareReportDir(out);
  const results = await inPool(runs, concurrency, async (run) => {
    const dir = path.join(out, run.label);
    const runArgv = [...run.argv, '--report-dir', dir, '--label', run.label];
    const options = { interrupts, prefix: runs.length > 1 ? `[${run.label}] ` : '' };
    const code = await (
      run.binaries === undefined
        ? runOne(runArgv, options)
        : withEmbeddedBinaries(run.binaries, () => runOne(runArgv, options))
    ).catch((err: unknown) => {
      // One database's failure is its column's; the other runs go on.
      process.stderr.write(`${options.prefix}migration-test: ${maskSecrets(errorMessage(err).split('\n')[0] ?? '')}\n`);
      return err instanceof UsageError ? err.exitCode : 1;
    });
    const report = await readReport(path.join(dir, 'report.json')).catch(() => null);
    return { code, input: report ? { dir, report } : null };
  });
  const worst = Math.max(0, ...results.map((r) => r.code));
  const inputs = results.flatMap((r) => (r.input ? [r.input] : []));
  if (inputs.length === 0) return worst || 1;
  const merged = await writeMergedReportDir(out, inputs);
  await renderReportFiles(merged, out, { commentKey: merged.database.label });
  process.stdout.write(`merged report: ${path.join(out, 'report.json')}\n`);
  return interrupts.exitCode() ?? worst;
}

/**
 * Repeated --database-url: a label per database, --label's value (or the engine) with its
 * position. They run one after the other: two URLs may name one server, whose measurements
 * would then disturb each other.
 */
async function urlRuns(argv: readonly string[]): Promise<{ runs: PlannedRun[]; concurrency: number }> {
  const { engineFromUrl } = await import('./report/error-report.js');
  const base = flagValue(argv, '--label');
  const rest = withoutOwnFlags(argv);
  const runs = databaseUrls(argv).map((url, i) => ({
    label: `${base ?? engineFromUrl(url)}-${i + 1}`,
    argv: [...rest, '--database-url', url],
  }));
  return { runs, concurrency: 1 };
}

/**
 * --postgres-versions: each major's binaries (downloaded when missing), then one embedded
 * server per major, as many at once as there are cores.
 */
async function versionRuns(
  argv: readonly string[],
  signal: AbortSignal,
): Promise<{ runs: PlannedRun[]; concurrency: number }> {
  const [{ parsePostgresVersions }, { postgresBinaries }] = await Promise.all([
    import('./engines/postgres/postgres-versions.js'),
    import('./engines/postgres/postgres-versions-download.js'),
  ]);
  const values = flagValues(argv, '--postgres-versions');
  if (values.length !== 1 || argv.at(-1) === '--postgres-versions')
    throw new UsageError('--postgres-versions is given once, with a comma-separated list of majors (e.g. 14,16,18)');
  if (databaseUrls(argv).length > 0)
    throw new UsageError('--postgres-versions starts its own servers: it does not go with --database-url');
  const majors = parsePostgresVersions(values[0]!);
  const configFile = flagValue(argv, '--config');
  if (configFile) {
    const { readConfigFile } = await import('./config/load.js');
    if ((await readConfigFile(configFile)).databaseUrl !== undefined)
      throw new UsageError(`--postgres-versions starts its own servers: --config ${configFile} sets databaseUrl`);
  }
  const base = flagValue(argv, '--label');
  const rest = withoutOwnFlags(argv);
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const binaries = await Promise.all(majors.map((major) => postgresBinaries(major, { signal, log: say })));
  const runs = majors.map((major, i) => ({
    label: base ? `${base}-postgres-${major}` : `postgres-${major}`,
    argv: rest,
    binaries: binaries[i]!,
  }));
  return { runs, concurrency: os.availableParallelism() };
}

/** fn over items, at most `limit` at a time; results in the items' order. */
async function inPool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
