import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);
import {
  UsageError
} from "./chunk-ICID3YAN.js";
import "./chunk-7XVVLZMB.js";

// src/run-several.ts
import path from "node:path";
function databaseUrls(argv) {
  const urls = [];
  argv.forEach((arg, i) => {
    if (arg === "--database-url" && argv[i + 1] !== void 0) urls.push(argv[i + 1]);
    else if (arg.startsWith("--database-url=")) urls.push(arg.slice("--database-url=".length));
  });
  return urls;
}
function withoutOwnFlags(argv) {
  const own = ["--database-url", "--report-dir", "--label"];
  const out = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (own.includes(arg)) i++;
    else if (!own.some((f) => arg.startsWith(`${f}=`))) out.push(arg);
  }
  return out;
}
function flagValue(argv, flag) {
  const i = argv.indexOf(flag);
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
}
function labels(urls, base, engineOf) {
  return urls.map((url, i) => `${base ?? engineOf(url)}-${i + 1}`);
}
async function runSeveral(argv, runOne) {
  const [{ engineFromUrl }, { prepareReportDir }, { readReport, renderReportFiles }, { writeMergedReportDir }] = await Promise.all([
    import("./chunk-XY7SUBBD.js"),
    import("./chunk-UIRMV4A3.js"),
    import("./chunk-3FCYBM7Y.js"),
    import("./chunk-4TJEXUBN.js")
  ]);
  const urls = databaseUrls(argv);
  if (argv.includes("--json")) throw new UsageError("--json takes one --database-url");
  const out = flagValue(argv, "--report-dir") ?? "migration-test-report";
  await prepareReportDir(out);
  const rest = withoutOwnFlags(argv);
  const names = labels(urls, flagValue(argv, "--label"), engineFromUrl);
  let worst = 0;
  const inputs = [];
  for (const [i, url] of urls.entries()) {
    const dir = path.join(out, names[i]);
    const code = await runOne([...rest, "--database-url", url, "--report-dir", dir, "--label", names[i]]);
    worst = Math.max(worst, code);
    const report = await readReport(path.join(dir, "report.json")).catch(() => null);
    if (report) inputs.push({ dir, report });
  }
  if (inputs.length === 0) return worst || 1;
  const merged = await writeMergedReportDir(out, inputs);
  await renderReportFiles(merged, out, { commentKey: merged.database.label });
  process.stdout.write(`merged report: ${path.join(out, "report.json")}
`);
  return worst;
}
export {
  databaseUrls,
  runSeveral
};
