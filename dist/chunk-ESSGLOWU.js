import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);
import {
  readConfinedFile
} from "./chunk-EQASFGHC.js";
import {
  writeReport
} from "./chunk-VL5Q5AXO.js";
import {
  prepareReportDir
} from "./chunk-7BEGR4IO.js";
import {
  UsageError
} from "./chunk-ICID3YAN.js";

// src/report/merge.ts
import fs from "node:fs/promises";
import path from "node:path";
var STATUS_ORDER = ["passed", "warning", "failed", "error"];
function worstStatus(statuses) {
  return statuses.reduce(
    (worst, s) => STATUS_ORDER.indexOf(s) > STATUS_ORDER.indexOf(worst) ? s : worst,
    "passed"
  );
}
function flattenReports(reports) {
  return reports.flatMap((r) => r.merged ? r.merged.reports : [withoutMerged(r)]);
}
function withoutMerged(report) {
  const { merged: _merged, ...single } = report;
  return single;
}
function distinctLabels(reports) {
  const seen = /* @__PURE__ */ new Map();
  return reports.map((r) => {
    const n = (seen.get(r.database.label) ?? 0) + 1;
    seen.set(r.database.label, n);
    return n === 1 ? r : { ...r, database: { ...r.database, label: `${r.database.label}-${n}` } };
  });
}
function mergeReports(inputs) {
  const reports = distinctLabels(flattenReports(inputs));
  const first = reports[0];
  if (!first) throw new UsageError("merge needs at least one report");
  const times = reports.map((r) => [r.startedAt, r.finishedAt]);
  return {
    schemaVersion: 1,
    tool: first.tool,
    startedAt: times.map((t) => t[0]).sort()[0],
    finishedAt: times.map((t) => t[1]).sort().at(-1),
    status: worstStatus(reports.map((r) => r.status)),
    database: {
      engine: first.database.engine,
      serverVersion: "merged",
      label: reports.map((r) => r.database.label).join("+")
    },
    source: first.source,
    migrations: [],
    findings: reports.flatMap((r) => r.findings.map((f) => ({ ...f, message: `[${r.database.label}] ${f.message}` }))),
    context: first.context ?? null,
    merged: { reports }
  };
}
function labelDirName(label) {
  const name = label.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^\.+/, "_");
  return name.length > 0 ? name.slice(0, 100) : "_";
}
async function writeMergedReportDir(out, inputs) {
  await prepareReportDir(out);
  const relocated = [];
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
function relocateLogs(report, sub) {
  return {
    ...report,
    migrations: report.migrations.map((m) => ({
      ...m,
      logFile: m.logFile === null ? null : path.posix.join(sub, m.logFile)
    }))
  };
}
async function copyLogs(fromDir, toDir, report) {
  const root = await fs.realpath(fromDir);
  for (const m of report.migrations) {
    if (m.logFile === null) continue;
    const rel = path.posix.normalize(m.logFile);
    if (rel.startsWith("..") || path.isAbsolute(rel)) continue;
    const target = path.join(toDir, rel);
    if (path.resolve(target) === path.resolve(fromDir, rel)) continue;
    await fs.mkdir(path.dirname(target), { recursive: true });
    const content = await readConfinedFile(path.join(fromDir, rel), `log ${rel}`, root).catch(() => null);
    if (content !== null) await fs.writeFile(target, content);
  }
}

export {
  worstStatus,
  flattenReports,
  mergeReports,
  labelDirName,
  writeMergedReportDir
};
