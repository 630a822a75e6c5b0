import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);
import {
  maskDeep
} from "./chunk-74OW4BCA.js";
import {
  UsageError
} from "./chunk-ICID3YAN.js";
import {
  external_exports
} from "./chunk-CWJRMRZT.js";

// src/report/report-dir.ts
import fs from "node:fs/promises";
import path from "node:path";
var REPORT_DIR_MARKER = ".migration-test-report";
var MARKER_TEXT = "This directory holds a migration-test report; migration-test rewrites it on every run.\n";
var REPORT_OUTPUTS = ["report.json", "comment.md", "summary.md", "logs"];
async function entriesOf(dir) {
  try {
    return await fs.readdir(dir);
  } catch (err) {
    const code = err.code;
    if (code === "ENOENT") return null;
    if (code === "ENOTDIR") throw new UsageError(`report directory ${dir} is not a directory`);
    throw new UsageError(`report directory ${dir} cannot be read (${code ?? String(err)})`);
  }
}
async function prepareReportDir(dir) {
  const entries = await entriesOf(dir);
  if (entries !== null && entries.length > 0 && !entries.includes(REPORT_DIR_MARKER)) {
    throw new UsageError(
      `report directory ${dir} already holds files that migration-test did not write (${sample(entries)}): choose a new or empty directory; migration-test only clears directories it created`
    );
  }
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, REPORT_DIR_MARKER), MARKER_TEXT, "utf8");
  for (const name of REPORT_OUTPUTS) await fs.rm(path.join(dir, name), { recursive: true, force: true });
  await fs.mkdir(path.join(dir, "logs"));
}
function sample(names) {
  const sorted = [...names].sort();
  return sorted.slice(0, 3).map((n) => JSON.stringify(n)).join(", ") + (sorted.length > 3 ? `, \u2026 ${sorted.length} in all` : "");
}

// src/report/write.ts
import fs2 from "node:fs/promises";
import path2 from "node:path";
var REPORT_FILE = "report.json";
var COMMENT_FILE = "comment.md";
var SUMMARY_FILE = "summary.md";
async function writeReport(dir, report) {
  const file = path2.join(dir, REPORT_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  await fs2.writeFile(tmp, JSON.stringify(maskDeep(report), null, 2) + "\n", "utf8");
  await fs2.rename(tmp, file);
  return file;
}
async function writeReportDocuments(dir, docs) {
  const commentPath = path2.join(dir, COMMENT_FILE);
  const summaryPath = path2.join(dir, SUMMARY_FILE);
  await fs2.writeFile(commentPath, docs.comment, "utf8");
  await fs2.writeFile(summaryPath, docs.summary, "utf8");
  return { commentPath, summaryPath };
}

// src/report/model.ts
var nullableCount = external_exports.number().nullable();
var QueryStatSchema = external_exports.object({
  sql: external_exports.string().describe("Normalized text: literals replaced by placeholders"),
  calls: external_exports.number().int().nonnegative(),
  totalMs: external_exports.number().nonnegative(),
  meanMs: external_exports.number().nonnegative(),
  maxMs: external_exports.number().nonnegative(),
  rows: external_exports.number().int().nonnegative(),
  planningMs: external_exports.number().nonnegative().optional().describe("Server-side planning time from pg_stat_statements, where installed"),
  executionMs: external_exports.number().nonnegative().optional().describe("Server-side execution time from pg_stat_statements, where installed")
});
var HistogramSchema = external_exports.object({
  bucketsMs: external_exports.array(external_exports.number().positive()).describe("Upper bounds of the buckets, ascending"),
  counts: external_exports.array(external_exports.number().int().nonnegative())
}).refine((h) => h.counts.length === h.bucketsMs.length + 1, {
  message: "counts.length must be bucketsMs.length + 1"
});
var CountersSchema = external_exports.object({
  rowsRead: nullableCount,
  rowsInserted: nullableCount,
  rowsUpdated: nullableCount,
  rowsDeleted: nullableCount,
  rowsChanged: nullableCount,
  raw: external_exports.record(external_exports.string(), external_exports.number())
});
var MigrationErrorSchema = external_exports.object({
  message: external_exports.string(),
  code: external_exports.string().nullable().describe("SQLSTATE or server errno"),
  line: external_exports.number().int().positive().nullable().describe("1-based line in the file"),
  statementIndex: external_exports.number().int().nonnegative().nullable()
});
var TableSizeChangeSchema = external_exports.object({
  table: external_exports.string(),
  beforeBytes: external_exports.number().nullable(),
  afterBytes: external_exports.number().nullable(),
  deltaBytes: external_exports.number()
});
var MigrationRunSchema = external_exports.object({
  id: external_exports.string(),
  version: external_exports.string(),
  name: external_exports.string(),
  file: external_exports.string(),
  phase: external_exports.enum(["base", "new", "rollback", "reapply"]),
  direction: external_exports.enum(["up", "down"]),
  type: external_exports.enum(["regular", "post-deploy"]),
  status: external_exports.enum(["succeeded", "failed", "skipped", "cancelled"]),
  transactional: external_exports.boolean(),
  durationMs: external_exports.number().nonnegative().nullable(),
  sizeBeforeBytes: external_exports.number().nullable(),
  sizeAfterBytes: external_exports.number().nullable(),
  sizeDeltaBytes: external_exports.number().nullable(),
  counters: CountersSchema,
  statements: external_exports.number().int().nonnegative(),
  queries: external_exports.array(QueryStatSchema),
  histogram: HistogramSchema,
  error: MigrationErrorSchema.nullable(),
  logFile: external_exports.string().nullable(),
  tableSizes: external_exports.array(TableSizeChangeSchema).optional().describe("Per-table size changes, largest change first")
});
var FindingSchema = external_exports.object({
  severity: external_exports.enum(["error", "warning", "notice"]),
  rule: external_exports.string(),
  migration: external_exports.string().nullable(),
  message: external_exports.string(),
  value: external_exports.union([external_exports.number(), external_exports.string()]).optional(),
  limit: external_exports.union([external_exports.number(), external_exports.string()]).optional()
});
var DataSectionSchema = external_exports.object({
  seeds: external_exports.array(
    external_exports.object({
      file: external_exports.string(),
      bytes: external_exports.number().int().nonnegative(),
      sha256: external_exports.string(),
      statements: external_exports.number().int().nonnegative(),
      ms: external_exports.number().nonnegative()
    })
  ),
  seedCommand: external_exports.object({ command: external_exports.string(), exitCode: external_exports.number().int(), ms: external_exports.number().nonnegative() }).nullable(),
  seedAfter: external_exports.enum(["none", "base"]),
  fill: external_exports.object({
    seed: external_exports.number().int(),
    ms: external_exports.number().nonnegative(),
    tables: external_exports.array(
      external_exports.object({
        table: external_exports.string(),
        rows: external_exports.number().int().nonnegative(),
        rowsAfter: external_exports.number().int().nonnegative(),
        ms: external_exports.number().nonnegative()
      })
    ),
    skipped: external_exports.array(external_exports.object({ table: external_exports.string(), column: external_exports.string().nullable(), reason: external_exports.string() }))
  }).nullable(),
  rowsPerTable: external_exports.record(external_exports.string(), external_exports.number().int().nonnegative()).describe("Exact row counts of the user tables before the new migrations"),
  ms: external_exports.number().nonnegative()
});
var ReportSchema = external_exports.object({
  schemaVersion: external_exports.literal(1),
  tool: external_exports.object({ name: external_exports.literal("migration-test"), version: external_exports.string() }),
  startedAt: external_exports.iso.datetime(),
  finishedAt: external_exports.iso.datetime(),
  status: external_exports.enum(["passed", "warning", "failed"]),
  database: external_exports.object({
    engine: external_exports.enum(["postgres", "mysql", "mariadb"]),
    serverVersion: external_exports.string(),
    label: external_exports.string()
  }),
  source: external_exports.object({
    dir: external_exports.string(),
    format: external_exports.string(),
    newMigrationsFrom: external_exports.string().optional().describe("How the new migrations were told from the base ones")
  }),
  migrations: external_exports.array(MigrationRunSchema),
  findings: external_exports.array(FindingSchema),
  data: DataSectionSchema.optional().describe("Seed dumps loaded and synthetic rows filled before the new migrations")
});

export {
  ReportSchema,
  prepareReportDir,
  REPORT_FILE,
  writeReport,
  writeReportDocuments
};
