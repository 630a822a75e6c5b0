// The command line (bin: dist/cli.js). Its top level stays small: --version and --help load
// nothing more, and a command imports what it runs when it starts.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { TOOL_VERSION } from './report/version.js';
import { UsageError, errorMessage } from './util/errors.js';
import type { RunConfig } from './config/schema.js';
import type { Interrupts } from './util/interrupt.js';

declare const __MIGRATION_TEST_HELP__: string | undefined;

/** The bundle carries --help's text, made from the settings table when bundling; from source it is made now. */
async function helpText(): Promise<string> {
  if (typeof __MIGRATION_TEST_HELP__ === 'string') return __MIGRATION_TEST_HELP__;
  const { helpText: make } = await import('./config/help.js');
  return make(TOOL_VERSION);
}

type FlagValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

async function parseFlags(command: 'run' | 'render', argv: string[], see: string): Promise<FlagValues> {
  const { cliOptions } = await import('./config/cli-flags.js');
  try {
    return parseArgs({ args: argv, options: cliOptions(command), strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError(`${errorMessage(err).split('\n')[0]} (see ${see})`);
  }
}

const textFlag = (v: FlagValues[string]) => (typeof v === 'string' ? v : undefined);

async function renderCommand(argv: string[]): Promise<number> {
  const flags = await parseFlags('render', argv, 'migration-test --help');
  if (flags.help) {
    process.stdout.write(await helpText());
    return 0;
  }
  const { renderReportDir } = await import('./report/render/index.js');
  const dir = textFlag(flags['report-dir']) ?? 'migration-test-report';
  const { commentPath, summaryPath } = await renderReportDir(dir, {
    commentKey: textFlag(flags['comment-key']) ?? 'main',
    runUrl: textFlag(flags['run-url']) ?? null,
    artifactUrl: textFlag(flags['artifact-url']) ?? null,
  }).catch((err: unknown) => {
    throw new UsageError(`--report-dir ${dir}: ${errorMessage(err)}`);
  });
  process.stdout.write(`${commentPath}\n${summaryPath}\n`);
  return 0;
}

/** `merge DIR [DIR…] --report-dir OUT`: several databases' report directories as one. */
async function mergeCommand(argv: string[]): Promise<number> {
  let parsed: ReturnType<
    typeof parseArgs<{
      args: string[];
      options: { 'report-dir': { type: 'string' }; 'comment-key': { type: 'string' }; help: { type: 'boolean' } };
      allowPositionals: true;
    }>
  >;
  try {
    parsed = parseArgs({
      args: argv,
      options: { 'report-dir': { type: 'string' }, 'comment-key': { type: 'string' }, help: { type: 'boolean' } },
      allowPositionals: true,
    });
  } catch (err) {
    throw new UsageError(
      `${errorMessage(err).split('\n')[0]} (usage: migration-test merge DIR [DIR…] --report-dir OUT)`,
    );
  }
  const out = parsed.values['report-dir'];
  if (parsed.values.help || !out || parsed.positionals.length === 0) {
    if (parsed.values.help) {
      process.stdout.write('usage: migration-test merge DIR [DIR…] --report-dir OUT [--comment-key KEY]\n');
      return 0;
    }
    throw new UsageError('usage: migration-test merge DIR [DIR…] --report-dir OUT');
  }
  const [{ readReport, renderReportFiles }, { writeMergedReportDir }] = await Promise.all([
    import('./report/render/index.js'),
    import('./report/merge.js'),
  ]);
  const inputs = [];
  for (const dir of parsed.positionals) {
    if (path.resolve(dir) === path.resolve(out)) throw new UsageError(`merge: ${dir} is also --report-dir`);
    inputs.push({
      dir,
      report: await readReport(path.join(dir, 'report.json')).catch((err: unknown) => {
        throw new UsageError(`merge: ${errorMessage(err).split('\n')[0]}`);
      }),
    });
  }
  const merged = await writeMergedReportDir(out, inputs);
  await renderReportFiles(merged, out, { commentKey: parsed.values['comment-key'] ?? 'main' });
  process.stdout.write(`${path.join(out, 'report.json')}\n`);
  return merged.status === 'passed' || merged.status === 'warning' ? 0 : 1;
}

async function runCommand(argv: string[]): Promise<number> {
  const [{ severalRequested, runSeveral }, { watchInterrupts }] = await Promise.all([
    import('./run-several.js'),
    import('./util/interrupt.js'),
  ]);
  // SIGINT/SIGTERM (how GitHub cancels) end every run with its report; a second one ends them at once.
  const interrupts = watchInterrupts();
  try {
    if (severalRequested(argv)) return await runSeveral(argv, runOneCommand, interrupts);
    return await runOneCommand(argv, { interrupts, prefix: '' });
  } finally {
    interrupts.dispose();
  }
}

/** One run; `prefix` starts its lines when several run at once. */
async function runOneCommand(
  argv: string[],
  { interrupts, prefix }: { interrupts: Interrupts; prefix: string },
): Promise<number> {
  const flags = await parseFlags('run', argv, 'migration-test run --help');
  if (flags.help) {
    process.stdout.write(await helpText());
    return 0;
  }
  const [
    { runFlagsFromArgs },
    { readConfigFile, resolveRunConfig },
    { progressLine, summaryLines },
    { renderReportFiles },
    { runMigrationTest },
    { registerEnvironmentSecrets },
  ] = await Promise.all([
    import('./config/cli-flags.js'),
    import('./config/load.js'),
    import('./report/progress.js'),
    import('./report/render/index.js'),
    import('./runner/run-all.js'),
    import('./util/secrets.js'),
  ]);
  registerEnvironmentSecrets(process.env);
  let config: Awaited<ReturnType<typeof resolveRunConfig>> | null = null;
  const startedAt = new Date();
  try {
    const configPath = textFlag(flags.config);
    const file = configPath ? await readConfigFile(configPath) : {};
    config = resolveRunConfig(runFlagsFromArgs(flags), file);
    const json = config.json;
    // With --json, stdout carries the report alone.
    const say = (line: string) => (json ? process.stderr : process.stdout).write(prefix + line + '\n');
    const outcome = await runMigrationTest(config, {
      cwd: process.cwd(),
      onStatus: say,
      onMigration: (r) => say(progressLine(r)),
      signal: interrupts.signal,
      configFile: file,
    });
    await renderReportFiles(outcome.report, path.dirname(outcome.reportPath), { commentKey: config.label });
    for (const line of summaryLines(outcome.report, outcome.reportPath)) say(line);
    if (json) process.stdout.write(JSON.stringify(outcome.report, null, 2) + '\n');
    return interrupts.exitCode() ?? outcome.exitCode;
  } catch (err) {
    await writeErrorReport(err, startedAt, config, textFlag(flags['report-dir']));
    if (interrupts.exitCode() === null) throw err;
    process.stderr.write(`${prefix}migration-test: ${errorMessage(err).split('\n')[0]}\n`);
    return interrupts.exitCode() ?? 1;
  }
}

/**
 * A run that could not start still leaves a report.json (status "error", its finding saying
 * why) in the report directory, when one is known, for tools that read it.
 */
async function writeErrorReport(
  err: unknown,
  startedAt: Date,
  config: RunConfig | null,
  reportDirFlag: string | undefined,
): Promise<void> {
  // Same default as the action and the settings (report-dir), so a run that fails before its
  // configuration is complete still leaves a report where tools look for it.
  const dir = config?.reportDir ?? reportDirFlag ?? 'migration-test-report';
  try {
    const [{ errorReport, engineFromUrl }, { prepareReportDir, writeReport }, { renderReportFiles }, { maskSecrets }] =
      await Promise.all([
        import('./report/error-report.js'),
        import('./report/write.js'),
        import('./report/render/index.js'),
        import('./util/secrets.js'),
      ]);
    const report = errorReport({
      startedAt,
      message: maskSecrets(errorMessage(err).split('\n')[0] ?? 'migration-test failed'),
      engine: engineFromUrl(config?.databaseUrl),
      label: config?.label ?? 'main',
      sourceDir: config?.migrations ?? '',
      format: config?.format ?? 'auto',
    });
    // Refuses a directory that is not a report directory: the user's files stay untouched.
    await prepareReportDir(dir);
    await writeReport(dir, report);
    await renderReportFiles(report, dir, { commentKey: report.database.label });
  } catch {
    // The error itself is what the user needs to see; a report that cannot be written adds nothing.
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === '--version' || command === '-v' || command === 'version') {
      process.stdout.write(`${TOOL_VERSION}\n`);
      return 0;
    }
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(await helpText());
      return command === undefined ? 2 : 0;
    }
    if (command === 'run') return await runCommand(rest);
    if (command === 'render') return await renderCommand(rest);
    if (command === 'merge') return await mergeCommand(rest);
    throw new UsageError(`unknown command "${command}": expected run, render or merge (see migration-test --help)`);
  } catch (err) {
    const { maskSecrets } = await import('./util/secrets.js');
    const message = maskSecrets(errorMessage(err).split('\n')[0] ?? '');
    process.stderr.write(`migration-test: ${message}\n`);
    return err instanceof UsageError ? err.exitCode : 1;
  }
}

const code = await main(process.argv.slice(2));
process.exitCode = code;
