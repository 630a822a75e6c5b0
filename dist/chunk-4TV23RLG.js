import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);
import {
  logSafe,
  phaseTotals
} from "./chunk-SJW7WUMQ.js";
import {
  errorExtras
} from "./chunk-GP4GS2CP.js";
import {
  PHASE_NAMES,
  formatBytes,
  formatCount,
  formatDuration
} from "./chunk-EB4YU66Y.js";

// src/report/progress.ts
var MARK = { succeeded: "\u2713", failed: "\u2717", skipped: "-", cancelled: "\u2298" };
function progressLine(r) {
  return logSafe(progressText(r));
}
function progressText(r) {
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
    const e = r.error;
    const where = e.line !== null ? `${r.file}:${e.line}` : r.file;
    const at = e.positionLine !== void 0 && e.positionLine !== e.line ? ` (at line ${e.positionLine})` : "";
    line += `
    ${where}: ${e.code ? `[${e.code}] ` : ""}${e.message.split("\n")[0]}${at}`;
    for (const [label, text] of errorExtras(e)) line += `
    ${label}: ${text.replace(/\n/g, "\n      ")}`;
  }
  return line + observationLines(r);
}
var MESSAGES_SHOWN = 5;
function observationLines(r) {
  let out = "";
  const blocked = (r.blocking ?? []).filter((b) => b.readsBlockedMs > 0 || b.writesBlockedMs > 0);
  for (const b of blocked)
    out += `
    ${b.relation}: reads blocked ${formatDuration(b.readsBlockedMs)}, writes blocked ${formatDuration(b.writesBlockedMs)}`;
  const messages = r.messages ?? [];
  for (const m of messages.slice(0, MESSAGES_SHOWN))
    out += `
    ${r.file}:${m.line}: ${m.severity} ${m.code}: ${m.message.split("\n")[0]}`;
  const rest = messages.length - Math.min(messages.length, MESSAGES_SHOWN) + (r.messagesOmitted ?? 0);
  if (rest > 0) out += `
    \u2026 ${rest} more server message${rest === 1 ? "" : "s"}`;
  return out;
}
function phaseLine(report) {
  const totals = report.totals ?? phaseTotals(report.migrations);
  const parts = Object.keys(PHASE_NAMES).flatMap((phase) => {
    const t = totals[phase];
    if (!t) return [];
    const notRun = t.migrations - t.succeeded;
    const tail = notRun > 0 ? ` (${t.succeeded} succeeded)` : "";
    return [`${PHASE_NAMES[phase]} ${t.migrations} in ${formatDuration(t.durationMs)}${tail}`];
  });
  return parts.length > 1 ? `  times: ${parts.join("; ")}` : null;
}
function verdictLine(report) {
  const s = report.settings;
  if (!s) return null;
  const judged = s.durations === "first-up" ? "the first up" : "the best of the first up and the up again";
  const fromConfig = s.thresholds.filter((t) => t.source !== "default").length;
  return `  verdict: fail-on ${s.failOn}; rollback ${s.rollback}; time limits judge ${judged}; ${s.thresholds.length} limits (${fromConfig ? `${fromConfig} set in the config` : "all defaults"})`;
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
    `${report.status.toUpperCase()}: ${fresh.length} new migration${fresh.length === 1 ? "" : "s"} on ${report.database.engine} ${report.database.serverVersion}${extra.length ? ` (${extra.join("; ")})` : ""}: ${count("succeeded")} succeeded, ${count("failed")} failed, ${count("skipped")} skipped; new migrations, first up: ${formatDuration(total)}, size ${formatBytes(size, true)}, rows changed ${formatCount(changed)}`
  ];
  for (const line of [phaseLine(report), verdictLine(report)]) if (line) lines.push(line);
  for (const f of report.findings)
    lines.push(`  ${f.severity}: ${f.migration ? `${f.migration}: ` : ""}${f.message.replace(/\n/g, "\n    ")}`);
  lines.push(`report: ${reportPath}`);
  return lines.map(logSafe);
}

export {
  progressLine,
  summaryLines
};
