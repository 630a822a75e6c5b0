import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);
import {
  external_exports
} from "./chunk-CWJRMRZT.js";

// src/report/model.ts
var nullableCount = external_exports.number().nullable();
var QueryStatSchema = external_exports.object({
  sql: external_exports.string().describe("Normalized text: literals replaced by placeholders"),
  calls: external_exports.number().int().nonnegative(),
  totalMs: external_exports.number().nonnegative(),
  meanMs: external_exports.number().nonnegative(),
  maxMs: external_exports.number().nonnegative(),
  rows: external_exports.number().int().nonnegative(),
  line: external_exports.number().int().positive().optional().describe("1-based line in the file of its first statement"),
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
  line: external_exports.number().int().positive().nullable().describe("1-based line in the file where the failing statement starts"),
  positionLine: external_exports.number().int().positive().optional().describe("1-based line in the file the server points at inside the statement, when it says"),
  statementIndex: external_exports.number().int().nonnegative().nullable(),
  detail: external_exports.string().optional().describe("PostgreSQL's DETAIL; on MySQL/MariaDB the warnings raised with the error"),
  hint: external_exports.string().optional().describe("PostgreSQL's HINT"),
  where: external_exports.string().optional().describe("PostgreSQL's CONTEXT: where in a function or DO block it failed")
});
var TableSizeChangeSchema = external_exports.object({
  table: external_exports.string(),
  beforeBytes: external_exports.number().nullable(),
  afterBytes: external_exports.number().nullable(),
  deltaBytes: external_exports.number()
});
var LockSchema = external_exports.object({
  relation: external_exports.string().describe("Qualified relation name, or what a lock on no relation is on (advisory lock, transaction id)"),
  kind: external_exports.enum(["table", "index", "sequence", "view", "other"]),
  mode: external_exports.string().describe("The engine's own name: AccessExclusiveLock, SHARED_NO_READ_WRITE \u2026"),
  statementIndex: external_exports.number().int().nonnegative().describe("0-based index of the statement that first held it"),
  line: external_exports.number().int().positive().describe("Line of that statement in the file"),
  heldMs: external_exports.number().nonnegative().describe(
    "From the start of that statement to the end of the transaction (transactional) or of the last statement seen holding it, less the tool's own time"
  ),
  blocks: external_exports.enum(["reads+writes", "writes", "ddl", "none"]).describe("What ordinary traffic it stops"),
  created: external_exports.boolean().optional().describe("The relation was created by the migration itself: no one else can be using it"),
  lockTimeoutMs: external_exports.number().nonnegative().nullable().optional().describe("The session's lock timeout when it was taken (0: none; null: unknown)"),
  statementsAfter: external_exports.number().int().nonnegative().optional().describe("Statements run after it was taken in the same transaction, while it was held"),
  statementsAfterMs: external_exports.number().nonnegative().optional().describe("Their time")
});
var RewriteSchema = external_exports.object({
  relation: external_exports.string(),
  kind: external_exports.enum(["table", "index", "sequence", "view", "other"]),
  sizeBytes: external_exports.number().nonnegative().nullable().describe("Size of its new storage after the migration"),
  statementIndex: external_exports.number().int().nonnegative().nullable().describe("The statement observed holding a lock that allows a rewrite on it; null when no such lock was seen"),
  line: external_exports.number().int().positive().nullable(),
  created: external_exports.boolean().optional()
});
var ServerMessageSchema = external_exports.object({
  statementIndex: external_exports.number().int().nonnegative(),
  line: external_exports.number().int().positive().describe("1-based line in the migration's file where the statement starts"),
  severity: external_exports.enum(["notice", "warning"]),
  code: external_exports.string().describe("SQLSTATE (PostgreSQL) or warning number (MySQL/MariaDB)"),
  message: external_exports.string(),
  detail: external_exports.string().optional(),
  hint: external_exports.string().optional()
});
var BlockingSchema = external_exports.object({
  relation: external_exports.string(),
  readsBlockedMs: external_exports.number().nonnegative(),
  writesBlockedMs: external_exports.number().nonnegative()
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
  serverMs: external_exports.number().nonnegative().nullable().optional().describe(
    "Server-side execution time of the migration's statements where the server gives it (pg_stat_statements, performance_schema); null otherwise"
  ),
  sizeBeforeBytes: external_exports.number().nullable(),
  sizeAfterBytes: external_exports.number().nullable(),
  sizeDeltaBytes: external_exports.number().nullable(),
  counters: CountersSchema,
  statements: external_exports.number().int().nonnegative(),
  queries: external_exports.array(QueryStatSchema),
  histogram: HistogramSchema,
  error: MigrationErrorSchema.nullable(),
  logFile: external_exports.string().nullable(),
  bookkeeping: external_exports.object({
    table: external_exports.string(),
    statements: external_exports.number().int().nonnegative(),
    durationMs: external_exports.number().nonnegative()
  }).optional().describe(
    "The migration tool's own bookkeeping writes for this run (its table, how many, how long): kept out of the counters, statistics and duration"
  ),
  tableSizes: external_exports.array(TableSizeChangeSchema).optional().describe("Per-table size changes, largest change first"),
  locks: external_exports.array(LockSchema).nullable().optional().describe("Locks the migration session was seen holding; null: lock observation was off (see lockObservation)"),
  lockObservation: external_exports.string().optional().describe("Why locks were not observed, when they were not"),
  rewrites: external_exports.array(RewriteSchema).optional().describe("Tables and indexes whose storage was replaced (PostgreSQL relfilenode, InnoDB table id)"),
  messages: external_exports.array(ServerMessageSchema).optional().describe("What the server said, per statement (capped)"),
  messagesOmitted: external_exports.number().int().nonnegative().optional().describe("Messages over the cap, counted but not kept"),
  blocking: external_exports.array(BlockingSchema).optional().describe("Traffic the probe found blocked while the migration ran, per table it touches")
});
var FINDING_UNITS = ["ms", "bytes", "rows", "count"];
var MeasurementSchema = external_exports.object({
  phase: external_exports.enum(["new", "reapply"]).describe("new: the first up; reapply: the up again of the rollback cycle"),
  value: external_exports.number()
});
var FindingSchema = external_exports.object({
  severity: external_exports.enum(["error", "warning", "notice"]),
  rule: external_exports.string(),
  migration: external_exports.string().nullable(),
  line: external_exports.number().int().positive().optional().describe("1-based line in the migration's file it points at"),
  message: external_exports.string(),
  // Strings: display text in reports written before `unit` existed, and version labels (out-of-order).
  value: external_exports.union([external_exports.number(), external_exports.string()]).optional().describe("The measured value, in `unit`"),
  limit: external_exports.union([external_exports.number(), external_exports.string()]).optional().describe("The limit it was judged against, in `unit`"),
  unit: external_exports.enum(FINDING_UNITS).optional().describe("The unit of a numeric value and limit"),
  measurements: external_exports.array(MeasurementSchema).optional().describe("The runs a duration was judged on; `value` is the best of them")
});
var THRESHOLD_SOURCES = ["default", "config", "flag", "override"];
var ResolvedThresholdSchema = external_exports.object({
  name: external_exports.string().describe("The config key: duration.regular, duration.postDeploy, queryDuration.default, rowsRead.default \u2026"),
  migration: external_exports.string().optional().describe("For a per-migration override: the id, version or name it is keyed by"),
  limit: external_exports.number().nullable().describe("null: no limit"),
  unit: external_exports.enum(FINDING_UNITS),
  severity: external_exports.enum(["error", "warning", "notice"]).describe("The severity of a finding over the limit"),
  source: external_exports.enum(THRESHOLD_SOURCES).describe("default; config: the config file; flag: a flag or action input; override: a per-migration override")
});
var ReportSettingsSchema = external_exports.object({
  failOn: external_exports.enum(["error", "warning", "never"]),
  rollback: external_exports.enum(["batch", "per-migration", "off"]),
  probe: external_exports.string().nullable().describe("The blocking probe, when one ran; null: none"),
  durations: external_exports.enum(["best-of-up-and-reapply", "first-up"]).describe(
    "Which runs duration limits judge: the better of the first up and the up again of the rollback cycle, or the first up alone (rollback off, or its up again did not run)"
  ),
  thresholds: external_exports.array(ResolvedThresholdSchema)
});
var PhaseTotalsSchema = external_exports.object({
  migrations: external_exports.number().int().nonnegative(),
  succeeded: external_exports.number().int().nonnegative(),
  failed: external_exports.number().int().nonnegative(),
  skipped: external_exports.number().int().nonnegative(),
  cancelled: external_exports.number().int().nonnegative().optional(),
  durationMs: external_exports.number().nonnegative().describe("The sum of the runs of the phase")
});
var TotalsSchema = external_exports.object({
  base: PhaseTotalsSchema.optional(),
  new: PhaseTotalsSchema.optional(),
  rollback: PhaseTotalsSchema.optional(),
  reapply: PhaseTotalsSchema.optional()
}).describe(
  "Per phase: base (applied first), new (the first up of the new migrations), rollback (their downs), reapply (their up again)"
);
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
var SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;
var ReportContextSchema = external_exports.object({
  repository: external_exports.string().describe("owner/name of the repository tested"),
  pullRequest: external_exports.number().int().positive().nullable(),
  baseSha: external_exports.string().regex(SHA, "a commit SHA (hex)").nullable(),
  headSha: external_exports.string().regex(SHA, "a commit SHA (hex)").nullable().describe("The commit tested"),
  runId: external_exports.string().regex(/^\d+$/, "digits").nullable(),
  runAttempt: external_exports.string().regex(/^\d+$/, "digits").nullable(),
  workflow: external_exports.string().nullable(),
  job: external_exports.string().nullable(),
  artifactName: external_exports.string().nullable(),
  commentKey: external_exports.string().describe("The sticky comment's key, for a publisher in another workflow")
});
var SingleReportSchema = external_exports.object({
  schemaVersion: external_exports.literal(1),
  tool: external_exports.object({ name: external_exports.literal("migration-test"), version: external_exports.string() }),
  startedAt: external_exports.iso.datetime(),
  finishedAt: external_exports.iso.datetime(),
  status: external_exports.enum(["passed", "warning", "failed", "error"]).describe("error: the run could not start (connection, configuration); its finding says why"),
  database: external_exports.object({
    engine: external_exports.enum(["postgres", "mysql", "mariadb"]),
    serverVersion: external_exports.string(),
    label: external_exports.string()
  }),
  source: external_exports.object({
    dir: external_exports.string(),
    format: external_exports.string(),
    newMigrationsFrom: external_exports.string().optional().describe("How the new migrations were told from the base ones"),
    command: external_exports.object({ command: external_exports.string(), exitCode: external_exports.number().int().nullable(), ms: external_exports.number().nonnegative() }).optional().describe("With --command: the command as run (password removed), its exit code (null: a signal) and time")
  }),
  migrations: external_exports.array(MigrationRunSchema),
  findings: external_exports.array(FindingSchema),
  context: ReportContextSchema.nullable().optional().describe("Who tested what: for publishing from another workflow (the fork-safe workflow_run pattern)"),
  data: DataSectionSchema.optional().describe("Seed dumps loaded and synthetic rows filled before the new migrations"),
  settings: ReportSettingsSchema.optional().describe("What decided the verdict"),
  totals: TotalsSchema.optional().describe("Counts and times per phase")
});
var ReportSchema = SingleReportSchema.extend({
  merged: external_exports.object({ reports: external_exports.array(SingleReportSchema).min(1) }).optional().describe("A merged report of several databases: each database's own report")
});

export {
  ReportSchema
};
