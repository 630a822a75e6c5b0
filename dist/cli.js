#!/usr/bin/env node
import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);
import {
  TOOL_VERSION
} from "./chunk-YGQDBVXM.js";
import {
  UsageError,
  errorMessage
} from "./chunk-ICID3YAN.js";
import "./chunk-7XVVLZMB.js";

// src/cli.ts
import path from "node:path";
import { parseArgs } from "node:util";
async function helpText() {
  if (true) return "migration-test 0.1.0: run database migrations step by step on a real server and measure each one\n\nusage: migration-test run [options]\n       migration-test render [options]\n       migration-test merge DIR [DIR\u2026] --report-dir OUT\n       migration-test --version | --help\n\nrun with --database-url given several times: each database into <report-dir>/<label>-<n>/,\nmerged at the top of --report-dir. merge: several report directories as one (report.json,\ncomment.md, summary.md: the migrations by database, the differences first; each input's logs\nunder OUT/<label>/).\n\nrun: run the migrations step by step, measure each one, write the report\n  --database-url URL       postgres://... or mysql://... (MariaDB detected from the server);\n                           omitted: an embedded PostgreSQL in a temporary directory\n  --postgres-versions N,N  e.g. 14,16,18: an embedded PostgreSQL of each major (downloaded once),\n                           run concurrently, reports merged; not with --database-url\n  --migrations DIR         the migrations directory (first of db/migrations, migrations,\n                           sql/migrations)\n  --format F               auto | flyway | golang-migrate | dbmate | pop | goose | sqlx | prisma |\n                           drizzle | atlas | liquibase | sqitch | plain (auto)\n  --bookkeeping MODE       keep the format's tool's own table (schema_migrations,\n                           flyway_schema_history, \u2026) as the tool does: on | off (on)\n  --migrations-table NAME  the tool's bookkeeping table where the tool lets it be renamed\n                           (golang-migrate x-migrations-table, Flyway table, \u2026) (the tool's own\n                           default)\n  --command CMD            the team's own migrate command (npx knex migrate:latest, \u2026), run through\n                           a recording proxy and measured migration by migration\n  --down-command CMD       with --command: the command that rolls the new migrations back (npx knex\n                           migrate:rollback --all, \u2026); then --command runs again, each schema\n                           compared\n  --base-command CMD       with --command: applies the base branch's migrations first (recorded as\n                           base, not judged), e.g. the same command on the base checkout\n  --working-directory DIR  with --command: the directory the commands run in (the current directory)\n  --command-env NAME       with --command: more variables that receive the proxy's database URL\n                           (besides DATABASE_URL); repeatable\n  --command-timeout SEC    with --command: seconds the command may run before it is stopped (its\n                           whole process group) (none)\n  --changelog FILE         Liquibase: the master changelog whose order the formatted SQL files run\n                           in\n  --report-dir DIR         holds report.json, comment.md, summary.md, logs/ (migration-test-report)\n  --config FILE            a JSON or YAML config file; flags win over the file\n  --label NAME             database label in the report and the comment (main)\n  --connect-timeout SEC    seconds to wait for the database server to answer (60)\n  --statement-timeout SEC  seconds one statement may run (none)\n  --allow-existing         run against a database that already holds tables\n  --fail-on LEVEL          the findings that fail the run: error | warning | never (error)\n  --json                   also print report.json to stdout\n  --base-ref REF           migrations added since the merge base with REF are new, the rest base\n  --new-from VERSION       without a base ref: migrations from VERSION on are new (else all are)\n  --rollback MODE          new migrations down and up again: batch | per-migration | off (batch)\n  --probe MODE             measure blocked traffic while each new migration runs (a probe connection\n                           tries reads and writes on the tables it touches): on | off (on)\n  --require-down           a new migration without a down is a warning, not a notice\n  --seed FILE              SQL dump (.sql or .sql.gz) loaded before the base migrations; repeatable\n  --seed-after WHEN        none: the seeds load before the base migrations; base: after them (none)\n  --seed-command CMD       a command that loads data (pg_restore, mysql < dump.sql, a script), with\n                           DATABASE_URL and PG*/MYSQL_* set\n  --fill-rows N            fill every table with N synthetic rows after the base migrations; wins\n                           over fill.rows\n  --fill-seed N            seed of the synthetic data; wins over fill.seed (1)\n  --help, -h               print this help\n\nrender: write comment.md and summary.md again from DIR/report.json\n  --report-dir DIR         holds report.json, comment.md, summary.md, logs/ (migration-test-report)\n  --comment-key KEY        the sticky comment's key, in its hidden marker; main when not given\n  --run-url URL            the workflow run, linked from the comment\n  --artifact-url URL       the report artifact, linked from the comment\n  --help, -h               print this help\n\nexit codes: 0 passed (or findings below --fail-on), 1 failed, 2 usage, config or connection error\n";
  const { helpText: make } = await import("./chunk-K5GAXJA7.js");
  return make(TOOL_VERSION);
}
async function parseFlags(command, argv, see) {
  const { cliOptions } = await import("./chunk-ULVPYE4P.js");
  try {
    return parseArgs({ args: argv, options: cliOptions(command), strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError(`${errorMessage(err).split("\n")[0]} (see ${see})`);
  }
}
var textFlag = (v) => typeof v === "string" ? v : void 0;
async function renderCommand(argv) {
  const flags = await parseFlags("render", argv, "migration-test --help");
  if (flags.help) {
    process.stdout.write(await helpText());
    return 0;
  }
  const { renderReportDir } = await import("./chunk-PIO5C4GJ.js");
  const dir = textFlag(flags["report-dir"]) ?? "migration-test-report";
  const { commentPath, summaryPath } = await renderReportDir(dir, {
    commentKey: textFlag(flags["comment-key"]) ?? "main",
    runUrl: textFlag(flags["run-url"]) ?? null,
    artifactUrl: textFlag(flags["artifact-url"]) ?? null
  }).catch((err) => {
    throw new UsageError(`--report-dir ${dir}: ${errorMessage(err)}`);
  });
  process.stdout.write(`${commentPath}
${summaryPath}
`);
  return 0;
}
async function mergeCommand(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { "report-dir": { type: "string" }, "comment-key": { type: "string" }, help: { type: "boolean" } },
      allowPositionals: true
    });
  } catch (err) {
    throw new UsageError(
      `${errorMessage(err).split("\n")[0]} (usage: migration-test merge DIR [DIR\u2026] --report-dir OUT)`
    );
  }
  const out = parsed.values["report-dir"];
  if (parsed.values.help || !out || parsed.positionals.length === 0) {
    if (parsed.values.help) {
      process.stdout.write("usage: migration-test merge DIR [DIR\u2026] --report-dir OUT [--comment-key KEY]\n");
      return 0;
    }
    throw new UsageError("usage: migration-test merge DIR [DIR\u2026] --report-dir OUT");
  }
  const [{ readReport, renderReportFiles }, { writeMergedReportDir }] = await Promise.all([
    import("./chunk-PIO5C4GJ.js"),
    import("./chunk-GLKHBKDN.js")
  ]);
  const inputs = [];
  for (const dir of parsed.positionals) {
    if (path.resolve(dir) === path.resolve(out)) throw new UsageError(`merge: ${dir} is also --report-dir`);
    inputs.push({
      dir,
      report: await readReport(path.join(dir, "report.json")).catch((err) => {
        throw new UsageError(`merge: ${errorMessage(err).split("\n")[0]}`);
      })
    });
  }
  const merged = await writeMergedReportDir(out, inputs);
  await renderReportFiles(merged, out, { commentKey: parsed.values["comment-key"] ?? "main" });
  process.stdout.write(`${path.join(out, "report.json")}
`);
  return merged.status === "passed" || merged.status === "warning" ? 0 : 1;
}
async function runCommand(argv) {
  const [{ severalRequested, runSeveral }, { watchInterrupts }] = await Promise.all([
    import("./chunk-S4VC3AOD.js"),
    import("./chunk-SSIB7B6F.js")
  ]);
  const interrupts = watchInterrupts();
  try {
    if (severalRequested(argv)) return await runSeveral(argv, runOneCommand, interrupts);
    return await runOneCommand(argv, { interrupts, prefix: "" });
  } finally {
    interrupts.dispose();
  }
}
async function runOneCommand(argv, { interrupts, prefix }) {
  const flags = await parseFlags("run", argv, "migration-test run --help");
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
    { registerEnvironmentSecrets }
  ] = await Promise.all([
    import("./chunk-ULVPYE4P.js"),
    import("./chunk-WYEE5TEY.js"),
    import("./chunk-LHSNOANV.js"),
    import("./chunk-PIO5C4GJ.js"),
    import("./chunk-3SBXQWF3.js"),
    import("./chunk-QNTLWKZW.js")
  ]);
  registerEnvironmentSecrets(process.env);
  let config = null;
  const startedAt = /* @__PURE__ */ new Date();
  try {
    const configPath = textFlag(flags.config);
    const file = configPath ? await readConfigFile(configPath) : {};
    config = resolveRunConfig(runFlagsFromArgs(flags), file);
    const json = config.json;
    const say = (line) => (json ? process.stderr : process.stdout).write(prefix + line + "\n");
    const outcome = await runMigrationTest(config, {
      cwd: process.cwd(),
      onStatus: say,
      onMigration: (r) => say(progressLine(r)),
      signal: interrupts.signal,
      configFile: file
    });
    await renderReportFiles(outcome.report, path.dirname(outcome.reportPath), { commentKey: config.label });
    for (const line of summaryLines(outcome.report, outcome.reportPath)) say(line);
    if (json) process.stdout.write(JSON.stringify(outcome.report, null, 2) + "\n");
    return interrupts.exitCode() ?? outcome.exitCode;
  } catch (err) {
    await writeErrorReport(err, startedAt, config, textFlag(flags["report-dir"]));
    if (interrupts.exitCode() === null) throw err;
    process.stderr.write(`${prefix}migration-test: ${errorMessage(err).split("\n")[0]}
`);
    return interrupts.exitCode() ?? 1;
  }
}
async function writeErrorReport(err, startedAt, config, reportDirFlag) {
  const dir = config?.reportDir ?? reportDirFlag ?? "migration-test-report";
  try {
    const [{ errorReport, engineFromUrl }, { prepareReportDir, writeReport }, { renderReportFiles }, { maskSecrets }] = await Promise.all([
      import("./chunk-7WNNIC3Q.js"),
      import("./chunk-DOPQLXKC.js"),
      import("./chunk-PIO5C4GJ.js"),
      import("./chunk-QNTLWKZW.js")
    ]);
    const report = errorReport({
      startedAt,
      message: maskSecrets(errorMessage(err).split("\n")[0] ?? "migration-test failed"),
      engine: engineFromUrl(config?.databaseUrl),
      label: config?.label ?? "main",
      sourceDir: config?.migrations ?? "",
      format: config?.format ?? "auto"
    });
    await prepareReportDir(dir);
    await writeReport(dir, report);
    await renderReportFiles(report, dir, { commentKey: report.database.label });
  } catch {
  }
}
async function main(argv) {
  const [command, ...rest] = argv;
  try {
    if (command === "--version" || command === "-v" || command === "version") {
      process.stdout.write(`${TOOL_VERSION}
`);
      return 0;
    }
    if (command === void 0 || command === "--help" || command === "-h" || command === "help") {
      process.stdout.write(await helpText());
      return command === void 0 ? 2 : 0;
    }
    if (command === "run") return await runCommand(rest);
    if (command === "render") return await renderCommand(rest);
    if (command === "merge") return await mergeCommand(rest);
    throw new UsageError(`unknown command "${command}": expected run, render or merge (see migration-test --help)`);
  } catch (err) {
    const { maskSecrets } = await import("./chunk-QNTLWKZW.js");
    const message = maskSecrets(errorMessage(err).split("\n")[0] ?? "");
    process.stderr.write(`migration-test: ${message}
`);
    return err instanceof UsageError ? err.exitCode : 1;
  }
}
var code = await main(process.argv.slice(2));
process.exitCode = code;
export {
  main
};
