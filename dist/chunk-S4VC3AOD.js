import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);
import {
  UsageError,
  errorMessage
} from "./chunk-ICID3YAN.js";
import "./chunk-7XVVLZMB.js";

// src/run-several.ts
import os from "node:os";
import path from "node:path";
function databaseUrls(argv) {
  return flagValues(argv, "--database-url");
}
function flagValues(argv, flag) {
  const values = [];
  argv.forEach((arg, i) => {
    if (arg === flag && argv[i + 1] !== void 0) values.push(argv[i + 1]);
    else if (arg.startsWith(`${flag}=`)) values.push(arg.slice(flag.length + 1));
  });
  return values;
}
var hasFlag = (argv, flag) => argv.some((a) => a === flag || a.startsWith(`${flag}=`));
function severalRequested(argv) {
  return databaseUrls(argv).length > 1 || hasFlag(argv, "--postgres-versions");
}
var OWN_FLAGS = ["--database-url", "--report-dir", "--label", "--postgres-versions"];
function withoutOwnFlags(argv) {
  const out = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (OWN_FLAGS.includes(arg)) i++;
    else if (!OWN_FLAGS.some((f) => arg.startsWith(`${f}=`))) out.push(arg);
  }
  return out;
}
var flagValue = (argv, flag) => flagValues(argv, flag)[0];
async function runSeveral(argv, runOne, interrupts) {
  if (argv.includes("--json"))
    throw new UsageError("--json takes one database (one --database-url, no --postgres-versions)");
  const [
    { prepareReportDir },
    { readReport, renderReportFiles },
    { writeMergedReportDir },
    { withEmbeddedBinaries },
    { maskSecrets }
  ] = await Promise.all([
    import("./chunk-UIRMV4A3.js"),
    import("./chunk-PIO5C4GJ.js"),
    import("./chunk-GLKHBKDN.js"),
    import("./chunk-DZPIHBMV.js"),
    import("./chunk-QNTLWKZW.js")
  ]);
  const out = flagValue(argv, "--report-dir") ?? "migration-test-report";
  const planned = hasFlag(argv, "--postgres-versions") ? await versionRuns(argv, interrupts.signal).catch((err) => {
    if (interrupts.exitCode() === null) throw err;
    process.stderr.write(`migration-test: ${errorMessage(err).split("\n")[0]}
`);
    return null;
  }) : await urlRuns(argv);
  if (planned === null) return interrupts.exitCode() ?? 1;
  const { runs, concurrency } = planned;
  await prepareReportDir(out);
  const results = await inPool(runs, concurrency, async (run) => {
    const dir = path.join(out, run.label);
    const runArgv = [...run.argv, "--report-dir", dir, "--label", run.label];
    const options = { interrupts, prefix: runs.length > 1 ? `[${run.label}] ` : "" };
    const code = await (run.binaries === void 0 ? runOne(runArgv, options) : withEmbeddedBinaries(run.binaries, () => runOne(runArgv, options))).catch((err) => {
      process.stderr.write(`${options.prefix}migration-test: ${maskSecrets(errorMessage(err).split("\n")[0] ?? "")}
`);
      return err instanceof UsageError ? err.exitCode : 1;
    });
    const report = await readReport(path.join(dir, "report.json")).catch(() => null);
    return { code, input: report ? { dir, report } : null };
  });
  const worst = Math.max(0, ...results.map((r) => r.code));
  const inputs = results.flatMap((r) => r.input ? [r.input] : []);
  if (inputs.length === 0) return worst || 1;
  const merged = await writeMergedReportDir(out, inputs);
  await renderReportFiles(merged, out, { commentKey: merged.database.label });
  process.stdout.write(`merged report: ${path.join(out, "report.json")}
`);
  return interrupts.exitCode() ?? worst;
}
async function urlRuns(argv) {
  const { engineFromUrl } = await import("./chunk-7WNNIC3Q.js");
  const base = flagValue(argv, "--label");
  const rest = withoutOwnFlags(argv);
  const runs = databaseUrls(argv).map((url, i) => ({
    label: `${base ?? engineFromUrl(url)}-${i + 1}`,
    argv: [...rest, "--database-url", url]
  }));
  return { runs, concurrency: 1 };
}
async function versionRuns(argv, signal) {
  const [{ parsePostgresVersions }, { postgresBinaries }] = await Promise.all([
    import("./chunk-5CYVDAAO.js"),
    import("./chunk-UFIEUUVG.js")
  ]);
  const values = flagValues(argv, "--postgres-versions");
  if (values.length !== 1 || argv.at(-1) === "--postgres-versions")
    throw new UsageError("--postgres-versions is given once, with a comma-separated list of majors (e.g. 14,16,18)");
  if (databaseUrls(argv).length > 0)
    throw new UsageError("--postgres-versions starts its own servers: it does not go with --database-url");
  const majors = parsePostgresVersions(values[0]);
  const configFile = flagValue(argv, "--config");
  if (configFile) {
    const { readConfigFile } = await import("./chunk-WYEE5TEY.js");
    if ((await readConfigFile(configFile)).databaseUrl !== void 0)
      throw new UsageError(`--postgres-versions starts its own servers: --config ${configFile} sets databaseUrl`);
  }
  const base = flagValue(argv, "--label");
  const rest = withoutOwnFlags(argv);
  const say = (line) => process.stdout.write(`${line}
`);
  const binaries = await Promise.all(majors.map((major) => postgresBinaries(major, { signal, log: say })));
  const runs = majors.map((major, i) => ({
    label: base ? `${base}-postgres-${major}` : `postgres-${major}`,
    argv: rest,
    binaries: binaries[i]
  }));
  return { runs, concurrency: os.availableParallelism() };
}
async function inPool(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
export {
  databaseUrls,
  runSeveral,
  severalRequested
};
