import path from 'node:path';
import { parseArgs } from 'node:util';
import { progressLine, summaryLines } from './report/progress.js';
import { readConfigFile, resolveRunConfig } from './config/load.js';
import { renderReportDir, renderReportFiles } from './report/render/index.js';
import { runMigrationTest } from './runner/run-all.js';
import { TOOL_VERSION } from './report/version.js';
import { UsageError, errorMessage } from './util/errors.js';

const HELP = `migration-test ${TOOL_VERSION}: run database migrations step by step on a real server and measure each one

usage: migration-test run [options]
       migration-test render --report-dir DIR [--comment-key KEY] [--run-url URL] [--artifact-url URL]

  --database-url URL       postgres://... or mysql://... (MariaDB detected from the server);
                           omitted: an embedded PostgreSQL in a temporary directory
  --migrations DIR         default: the first of db/migrations, migrations, sql/migrations
  --format F               auto | flyway | golang-migrate | dbmate | pop | plain  (auto)
  --report-dir DIR         default ./migration-test-report
  --config FILE            JSON or YAML; flags win over the file
  --label NAME             database label in the report (main)
  --connect-timeout SEC    wait for the server this long (60)
  --statement-timeout SEC  per statement (none)
  --allow-existing         run against a database that already holds tables
  --fail-on LEVEL          error | warning | never (error)
  --json                   also print report.json to stdout
  --base-ref REF           migrations added since the merge base with REF are new, the rest base
  --new-from VERSION       without a base ref: migrations from VERSION on are new
  --rollback MODE          batch | per-migration | off (batch): down then up again, schema compared
  --require-down           a new migration without a down is a warning, not a notice
  --seed FILE              SQL dump (.sql or .sql.gz) loaded before the base migrations; repeatable
  --seed-after base        load the seeds after the base migrations instead
  --seed-command CMD       run CMD to load data (DATABASE_URL, PG*/MYSQL_* in its environment)
  --fill-rows N            fill every table with N synthetic rows after the base migrations
  --fill-seed N            seed of the synthetic data (1)

render re-writes comment.md and summary.md from DIR/report.json.

exit codes: 0 passed (or findings below --fail-on), 1 failed, 2 usage, config or connection error
`;

const RUN_OPTIONS = {
  'database-url': { type: 'string' },
  migrations: { type: 'string' },
  format: { type: 'string' },
  'report-dir': { type: 'string' },
  config: { type: 'string' },
  label: { type: 'string' },
  'connect-timeout': { type: 'string' },
  'statement-timeout': { type: 'string' },
  'allow-existing': { type: 'boolean' },
  'fail-on': { type: 'string' },
  json: { type: 'boolean' },
  'base-ref': { type: 'string' },
  'new-from': { type: 'string' },
  rollback: { type: 'string' },
  'require-down': { type: 'boolean' },
  seed: { type: 'string', multiple: true },
  'seed-after': { type: 'string' },
  'seed-command': { type: 'string' },
  'fill-rows': { type: 'string' },
  'fill-seed': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const camel = (k: string) => k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

function parseRunFlags(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: RUN_OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError(`${errorMessage(err).split('\n')[0]} (see migration-test run --help)`);
  }
}

const RENDER_OPTIONS = {
  'report-dir': { type: 'string' },
  'comment-key': { type: 'string' },
  'run-url': { type: 'string' },
  'artifact-url': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function renderCommand(argv: string[]): Promise<number> {
  let flags;
  try {
    flags = parseArgs({ args: argv, options: RENDER_OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError(`${errorMessage(err).split('\n')[0]} (see migration-test --help)`);
  }
  if (flags.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const dir = flags['report-dir'] ?? 'migration-test-report';
  const { commentPath, summaryPath } = await renderReportDir(dir, {
    commentKey: flags['comment-key'] ?? 'main',
    runUrl: flags['run-url'] ?? null,
    artifactUrl: flags['artifact-url'] ?? null,
  }).catch((err: unknown) => {
    throw new UsageError(`--report-dir ${dir}: ${errorMessage(err)}`);
  });
  process.stdout.write(`${commentPath}\n${summaryPath}\n`);
  return 0;
}

async function runCommand(argv: string[]): Promise<number> {
  const flags = parseRunFlags(argv);
  if (flags.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const { config: configPath, help: _help, ...rest } = flags;
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) values[camel(k)] = v;
  const file = configPath ? await readConfigFile(configPath) : {};
  const config = resolveRunConfig(values, file);
  // With --json, stdout carries the report alone.
  const say = (line: string) => (config.json ? process.stderr : process.stdout).write(line + '\n');
  const outcome = await runMigrationTest(config, {
    cwd: process.cwd(),
    onStatus: say,
    onMigration: (r) => say(progressLine(r)),
  });
  await renderReportFiles(outcome.report, path.dirname(outcome.reportPath), { commentKey: config.label });
  for (const line of summaryLines(outcome.report, outcome.reportPath)) say(line);
  if (config.json) process.stdout.write(JSON.stringify(outcome.report, null, 2) + '\n');
  return outcome.exitCode;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === '--version' || command === '-v' || command === 'version') {
      process.stdout.write(`${TOOL_VERSION}\n`);
      return 0;
    }
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(HELP);
      return command === undefined ? 2 : 0;
    }
    if (command === 'run') return await runCommand(rest);
    if (command === 'render') return await renderCommand(rest);
    throw new UsageError(`unknown command "${command}": expected run or render (see migration-test --help)`);
  } catch (err) {
    const message = errorMessage(err).split('\n')[0];
    process.stderr.write(`migration-test: ${message}\n`);
    return err instanceof UsageError ? err.exitCode : 1;
  }
}

const code = await main(process.argv.slice(2));
process.exitCode = code;
