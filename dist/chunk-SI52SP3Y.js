import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);
import {
  formatBytes,
  formatCount,
  formatDuration
} from "./chunk-4XI7UIRF.js";

// src/report/progress.ts
var MARK = { succeeded: "\u2713", failed: "\u2717", skipped: "-", cancelled: "\u2298" };
function progressLine(r) {
  const phase = r.phase === "reapply" ? ", again" : r.phase === "base" ? ", base" : "";
  const head = `${MARK[r.status]} ${r.id} (${r.direction}${phase})`;
  if (r.status === "skipped") return `${head}  skipped`;
  const parts = [
    formatDuration(r.durationMs),
    `size ${formatBytes(r.sizeDeltaBytes, true)}`,
    `rows changed ${formatCount(r.counters.rowsChanged)}`,
    `${r.statements} statement${r.statements === 1 ? "" : "s"}`
  ];
  let line = `${head}  ${parts.join("  ")}`;
  if (r.error) {
    const where = r.error.line !== null ? `${r.file}:${r.error.line}` : r.file;
    line += `
    ${where}: ${r.error.code ? `[${r.error.code}] ` : ""}${r.error.message.split("\n")[0]}`;
  }
  return line;
}
function summaryLines(report, reportPath) {
  const runs = report.migrations;
  const fresh = runs.filter((r) => r.phase === "new");
  const base = runs.filter((r) => r.phase === "base");
  const cycle = runs.filter((r) => r.phase === "rollback" || r.phase === "reapply");
  const count = (s) => fresh.filter((r) => r.status === s).length;
  const total = fresh.reduce((a, r) => a + (r.durationMs ?? 0), 0);
  const size = fresh.reduce((a, r) => a + (r.sizeDeltaBytes ?? 0), 0);
  const changed = fresh.reduce((a, r) => a + (r.counters.rowsChanged ?? 0), 0);
  const extra = [
    base.length ? `after ${base.length} base migration${base.length === 1 ? "" : "s"}` : "",
    cycle.length ? `rollback cycle: ${cycle.filter((r) => r.direction === "down" && r.status === "succeeded").length} down, ${cycle.filter((r) => r.direction === "up" && r.status === "succeeded").length} up again` : ""
  ].filter(Boolean);
  const lines = [
    "",
    `${report.status.toUpperCase()}: ${fresh.length} new migration${fresh.length === 1 ? "" : "s"} on ${report.database.engine} ${report.database.serverVersion}${extra.length ? ` (${extra.join("; ")})` : ""}: ${count("succeeded")} succeeded, ${count("failed")} failed, ${count("skipped")} skipped; ${formatDuration(total)}, size ${formatBytes(size, true)}, rows changed ${formatCount(changed)}`
  ];
  for (const f of report.findings)
    lines.push(`  ${f.severity}: ${f.migration ? `${f.migration}: ` : ""}${f.message.replace(/\n/g, "\n    ")}`);
  lines.push(`report: ${reportPath}`);
  return lines;
}

export {
  progressLine,
  summaryLines
};
