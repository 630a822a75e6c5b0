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
  ReportSchema
} from "./chunk-4JHIKEE5.js";

// src/report/build.ts
var PHASES = ["base", "new", "rollback", "reapply"];
function phaseTotals(runs) {
  const totals = {};
  for (const phase of PHASES) {
    const of = runs.filter((r) => r.phase === phase);
    if (of.length === 0) continue;
    const count = (s) => of.filter((r) => r.status === s).length;
    totals[phase] = {
      migrations: of.length,
      succeeded: count("succeeded"),
      failed: count("failed"),
      skipped: count("skipped"),
      ...count("cancelled") > 0 ? { cancelled: count("cancelled") } : {},
      // Rounded to the microsecond: a sum of fractions should not read 0.30000000000000004.
      durationMs: Math.round(of.reduce((sum, r) => sum + (r.durationMs ?? 0), 0) * 1e3) / 1e3
    };
  }
  return totals;
}
function migrationFindings(runs) {
  const out = [];
  for (const r of runs) {
    if (r.status !== "failed" || !r.error) continue;
    const where = r.error.line !== null ? ` (${r.file}:${r.error.line})` : ` (${r.file})`;
    const code = r.error.code ? ` [${r.error.code}]` : "";
    out.push({
      severity: "error",
      rule: "migration-failed",
      migration: r.id,
      message: `${r.direction === "down" ? "down migration" : "migration"} failed${where}${code}: ${r.error.message}`
    });
  }
  return out;
}
function reportStatus(findings, runs) {
  if (runs.some((r) => r.status === "failed") || findings.some((f) => f.severity === "error")) return "failed";
  if (findings.some((f) => f.severity === "warning")) return "warning";
  return "passed";
}
function buildReport(parts) {
  const report = {
    schemaVersion: 1,
    tool: { name: "migration-test", version: TOOL_VERSION },
    startedAt: parts.startedAt.toISOString(),
    finishedAt: parts.finishedAt.toISOString(),
    status: reportStatus(parts.findings, parts.migrations),
    database: parts.database,
    source: parts.source,
    migrations: parts.migrations,
    findings: parts.findings,
    ...parts.data ? { data: parts.data } : {},
    ...parts.settings ? { settings: parts.settings } : {},
    totals: phaseTotals(parts.migrations)
  };
  return ReportSchema.parse(report);
}
function exitCodeFor(report, failOn) {
  if (failOn === "never") return 0;
  if (report.status === "failed") return 1;
  if (failOn === "warning" && report.status === "warning") return 1;
  return 0;
}

// src/util/text.ts
function oneLine(text) {
  return text.replace(/\s*[\r\n]+\s*/g, " ").trim();
}
function logSafe(text) {
  return text.replace(/^(\s*):(?=:)/gm, "$1:\u200B").replace(/##\[/g, "#\u200B#[");
}

export {
  phaseTotals,
  migrationFindings,
  buildReport,
  exitCodeFor,
  oneLine,
  logSafe
};
