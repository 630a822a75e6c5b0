import { z } from 'zod';

/** The report contract of ARCHITECTURE.md (report.json, schemaVersion 1). */

const nullableCount = z.number().nullable();

export const QueryStatSchema = z.object({
  sql: z.string().describe('Normalized text: literals replaced by placeholders'),
  calls: z.number().int().nonnegative(),
  totalMs: z.number().nonnegative(),
  meanMs: z.number().nonnegative(),
  maxMs: z.number().nonnegative(),
  rows: z.number().int().nonnegative(),
  line: z.number().int().positive().optional().describe('1-based line in the file of its first statement'),
  planningMs: z
    .number()
    .nonnegative()
    .optional()
    .describe('Server-side planning time from pg_stat_statements, where installed'),
  executionMs: z
    .number()
    .nonnegative()
    .optional()
    .describe('Server-side execution time from pg_stat_statements, where installed'),
});
export type QueryStat = z.infer<typeof QueryStatSchema>;

export const HistogramSchema = z
  .object({
    bucketsMs: z.array(z.number().positive()).describe('Upper bounds of the buckets, ascending'),
    counts: z.array(z.number().int().nonnegative()),
  })
  .refine((h) => h.counts.length === h.bucketsMs.length + 1, {
    message: 'counts.length must be bucketsMs.length + 1',
  });
export type Histogram = z.infer<typeof HistogramSchema>;

export const CountersSchema = z.object({
  rowsRead: nullableCount,
  rowsInserted: nullableCount,
  rowsUpdated: nullableCount,
  rowsDeleted: nullableCount,
  rowsChanged: nullableCount,
  raw: z.record(z.string(), z.number()),
});
export type Counters = z.infer<typeof CountersSchema>;

export const MigrationErrorSchema = z.object({
  message: z.string(),
  code: z.string().nullable().describe('SQLSTATE or server errno'),
  line: z.number().int().positive().nullable().describe('1-based line in the file where the failing statement starts'),
  positionLine: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('1-based line in the file the server points at inside the statement, when it says'),
  statementIndex: z.number().int().nonnegative().nullable(),
  detail: z.string().optional().describe("PostgreSQL's DETAIL; on MySQL/MariaDB the warnings raised with the error"),
  hint: z.string().optional().describe("PostgreSQL's HINT"),
  where: z.string().optional().describe("PostgreSQL's CONTEXT: where in a function or DO block it failed"),
});
export type MigrationError = z.infer<typeof MigrationErrorSchema>;

export const TableSizeChangeSchema = z.object({
  table: z.string(),
  beforeBytes: z.number().nullable(),
  afterBytes: z.number().nullable(),
  deltaBytes: z.number(),
});

export const LockSchema = z.object({
  relation: z
    .string()
    .describe('Qualified relation name, or what a lock on no relation is on (advisory lock, transaction id)'),
  kind: z.enum(['table', 'index', 'sequence', 'view', 'other']),
  mode: z.string().describe("The engine's own name: AccessExclusiveLock, SHARED_NO_READ_WRITE …"),
  statementIndex: z.number().int().nonnegative().describe('0-based index of the statement that first held it'),
  line: z.number().int().positive().describe('Line of that statement in the file'),
  heldMs: z
    .number()
    .nonnegative()
    .describe(
      "From the start of that statement to the end of the transaction (transactional) or of the last statement seen holding it, less the tool's own time",
    ),
  blocks: z.enum(['reads+writes', 'writes', 'ddl', 'none']).describe('What ordinary traffic it stops'),
  created: z
    .boolean()
    .optional()
    .describe('The relation was created by the migration itself: no one else can be using it'),
  lockTimeoutMs: z
    .number()
    .nonnegative()
    .nullable()
    .optional()
    .describe("The session's lock timeout when it was taken (0: none; null: unknown)"),
  statementsAfter: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe('Statements run after it was taken in the same transaction, while it was held'),
  statementsAfterMs: z.number().nonnegative().optional().describe('Their time'),
});
export type Lock = z.infer<typeof LockSchema>;

export const RewriteSchema = z.object({
  relation: z.string(),
  kind: z.enum(['table', 'index', 'sequence', 'view', 'other']),
  sizeBytes: z.number().nonnegative().nullable().describe('Size of its new storage after the migration'),
  statementIndex: z
    .number()
    .int()
    .nonnegative()
    .nullable()
    .describe('The statement observed holding a lock that allows a rewrite on it; null when no such lock was seen'),
  line: z.number().int().positive().nullable(),
  created: z.boolean().optional(),
});
export type Rewrite = z.infer<typeof RewriteSchema>;
/** What the server said while a statement ran: PostgreSQL's NOTICE/WARNING, MySQL's SHOW WARNINGS. */
export const ServerMessageSchema = z.object({
  statementIndex: z.number().int().nonnegative(),
  line: z.number().int().positive().describe("1-based line in the migration's file where the statement starts"),
  severity: z.enum(['notice', 'warning']),
  code: z.string().describe('SQLSTATE (PostgreSQL) or warning number (MySQL/MariaDB)'),
  message: z.string(),
  detail: z.string().optional(),
  hint: z.string().optional(),
});
export type ServerMessage = z.infer<typeof ServerMessageSchema>;

/** The longest continuous time a trivial read and a trivial write on a table had to wait (the probe). */
export const BlockingSchema = z.object({
  relation: z.string(),
  readsBlockedMs: z.number().nonnegative(),
  writesBlockedMs: z.number().nonnegative(),
});
export type Blocking = z.infer<typeof BlockingSchema>;

export const MigrationRunSchema = z.object({
  id: z.string(),
  version: z.string(),
  name: z.string(),
  file: z.string(),
  phase: z.enum(['base', 'new', 'rollback', 'reapply']),
  direction: z.enum(['up', 'down']),
  type: z.enum(['regular', 'post-deploy']),
  status: z.enum(['succeeded', 'failed', 'skipped', 'cancelled']),
  transactional: z.boolean(),
  durationMs: z.number().nonnegative().nullable(),
  serverMs: z
    .number()
    .nonnegative()
    .nullable()
    .optional()
    .describe(
      "Server-side execution time of the migration's statements where the server gives it (pg_stat_statements, performance_schema); null otherwise",
    ),
  sizeBeforeBytes: z.number().nullable(),
  sizeAfterBytes: z.number().nullable(),
  sizeDeltaBytes: z.number().nullable(),
  counters: CountersSchema,
  statements: z.number().int().nonnegative(),
  queries: z.array(QueryStatSchema),
  histogram: HistogramSchema,
  error: MigrationErrorSchema.nullable(),
  logFile: z.string().nullable(),
  bookkeeping: z
    .object({
      table: z.string(),
      statements: z.number().int().nonnegative(),
      durationMs: z.number().nonnegative(),
    })
    .optional()
    .describe(
      "The migration tool's own bookkeeping writes for this run (its table, how many, how long): kept out of the counters, statistics and duration",
    ),
  tableSizes: z.array(TableSizeChangeSchema).optional().describe('Per-table size changes, largest change first'),
  locks: z
    .array(LockSchema)
    .nullable()
    .optional()
    .describe('Locks the migration session was seen holding; null: lock observation was off (see lockObservation)'),
  lockObservation: z.string().optional().describe('Why locks were not observed, when they were not'),
  rewrites: z
    .array(RewriteSchema)
    .optional()
    .describe('Tables and indexes whose storage was replaced (PostgreSQL relfilenode, InnoDB table id)'),
  messages: z.array(ServerMessageSchema).optional().describe('What the server said, per statement (capped)'),
  messagesOmitted: z.number().int().nonnegative().optional().describe('Messages over the cap, counted but not kept'),
  blocking: z
    .array(BlockingSchema)
    .optional()
    .describe('Traffic the probe found blocked while the migration ran, per table it touches'),
});
export type MigrationRun = z.infer<typeof MigrationRunSchema>;

export const FINDING_UNITS = ['ms', 'bytes', 'rows', 'count'] as const;
export type FindingUnit = (typeof FINDING_UNITS)[number];

/** One measurement a duration finding judged: which run of the migration, and what it measured. */
export const MeasurementSchema = z.object({
  phase: z.enum(['new', 'reapply']).describe('new: the first up; reapply: the up again of the rollback cycle'),
  value: z.number(),
});

export const FindingSchema = z.object({
  severity: z.enum(['error', 'warning', 'notice']),
  rule: z.string(),
  migration: z.string().nullable(),
  line: z.number().int().positive().optional().describe("1-based line in the migration's file it points at"),
  message: z.string(),
  // Strings: display text in reports written before `unit` existed, and version labels (out-of-order).
  value: z.union([z.number(), z.string()]).optional().describe('The measured value, in `unit`'),
  limit: z.union([z.number(), z.string()]).optional().describe('The limit it was judged against, in `unit`'),
  unit: z.enum(FINDING_UNITS).optional().describe('The unit of a numeric value and limit'),
  measurements: z
    .array(MeasurementSchema)
    .optional()
    .describe('The runs a duration was judged on; `value` is the best of them'),
});
export type Finding = z.infer<typeof FindingSchema>;

export const THRESHOLD_SOURCES = ['default', 'config', 'flag', 'override'] as const;

/** One limit as the run applied it. */
export const ResolvedThresholdSchema = z.object({
  name: z
    .string()
    .describe('The config key: duration.regular, duration.postDeploy, queryDuration.default, rowsRead.default …'),
  migration: z.string().optional().describe('For a per-migration override: the id, version or name it is keyed by'),
  limit: z.number().nullable().describe('null: no limit'),
  unit: z.enum(FINDING_UNITS),
  severity: z.enum(['error', 'warning', 'notice']).describe('The severity of a finding over the limit'),
  source: z
    .enum(THRESHOLD_SOURCES)
    .describe('default; config: the config file; flag: a flag or action input; override: a per-migration override'),
});
export type ResolvedThreshold = z.infer<typeof ResolvedThresholdSchema>;

/** What decided the verdict. */
export const ReportSettingsSchema = z.object({
  failOn: z.enum(['error', 'warning', 'never']),
  rollback: z.enum(['batch', 'per-migration', 'off']),
  probe: z.string().nullable().describe('The blocking probe, when one ran; null: none'),
  durations: z
    .enum(['best-of-up-and-reapply', 'first-up'])
    .describe(
      'Which runs duration limits judge: the better of the first up and the up again of the rollback cycle, or the first up alone (rollback off, or its up again did not run)',
    ),
  thresholds: z.array(ResolvedThresholdSchema),
});
export type ReportSettings = z.infer<typeof ReportSettingsSchema>;

export const PhaseTotalsSchema = z.object({
  migrations: z.number().int().nonnegative(),
  succeeded: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  cancelled: z.number().int().nonnegative().optional(),
  durationMs: z.number().nonnegative().describe('The sum of the runs of the phase'),
});
export type PhaseTotals = z.infer<typeof PhaseTotalsSchema>;

export const TotalsSchema = z
  .object({
    base: PhaseTotalsSchema.optional(),
    new: PhaseTotalsSchema.optional(),
    rollback: PhaseTotalsSchema.optional(),
    reapply: PhaseTotalsSchema.optional(),
  })
  .describe(
    'Per phase: base (applied first), new (the first up of the new migrations), rollback (their downs), reapply (their up again)',
  );
export type Totals = z.infer<typeof TotalsSchema>;

export const DataSectionSchema = z.object({
  seeds: z.array(
    z.object({
      file: z.string(),
      bytes: z.number().int().nonnegative(),
      sha256: z.string(),
      statements: z.number().int().nonnegative(),
      ms: z.number().nonnegative(),
    }),
  ),
  seedCommand: z.object({ command: z.string(), exitCode: z.number().int(), ms: z.number().nonnegative() }).nullable(),
  seedAfter: z.enum(['none', 'base']),
  fill: z
    .object({
      seed: z.number().int(),
      ms: z.number().nonnegative(),
      tables: z.array(
        z.object({
          table: z.string(),
          rows: z.number().int().nonnegative(),
          rowsAfter: z.number().int().nonnegative(),
          ms: z.number().nonnegative(),
        }),
      ),
      skipped: z.array(z.object({ table: z.string(), column: z.string().nullable(), reason: z.string() })),
    })
    .nullable(),
  rowsPerTable: z
    .record(z.string(), z.number().int().nonnegative())
    .describe('Exact row counts of the user tables before the new migrations'),
  ms: z.number().nonnegative(),
});
export type DataSection = z.infer<typeof DataSectionSchema>;

/** A commit: 40 (SHA-1) or 64 (SHA-256) hex digits. */
const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;

export const ReportContextSchema = z.object({
  repository: z.string().describe('owner/name of the repository tested'),
  pullRequest: z.number().int().positive().nullable(),
  baseSha: z.string().regex(SHA, 'a commit SHA (hex)').nullable(),
  headSha: z.string().regex(SHA, 'a commit SHA (hex)').nullable().describe('The commit tested'),
  runId: z.string().regex(/^\d+$/, 'digits').nullable(),
  runAttempt: z.string().regex(/^\d+$/, 'digits').nullable(),
  workflow: z.string().nullable(),
  job: z.string().nullable(),
  artifactName: z.string().nullable(),
  commentKey: z.string().describe("The sticky comment's key, for a publisher in another workflow"),
});
export type ReportContext = z.infer<typeof ReportContextSchema>;

const SingleReportSchema = z.object({
  schemaVersion: z.literal(1),
  tool: z.object({ name: z.literal('migration-test'), version: z.string() }),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  status: z
    .enum(['passed', 'warning', 'failed', 'error'])
    .describe('error: the run could not start (connection, configuration); its finding says why'),
  database: z.object({
    engine: z.enum(['postgres', 'mysql', 'mariadb']),
    serverVersion: z.string(),
    label: z.string(),
  }),
  source: z.object({
    dir: z.string(),
    format: z.string(),
    newMigrationsFrom: z.string().optional().describe('How the new migrations were told from the base ones'),
    command: z
      .object({ command: z.string(), exitCode: z.number().int().nullable(), ms: z.number().nonnegative() })
      .optional()
      .describe('With --command: the command as run (password removed), its exit code (null: a signal) and time'),
  }),
  migrations: z.array(MigrationRunSchema),
  findings: z.array(FindingSchema),
  context: ReportContextSchema.nullable()
    .optional()
    .describe('Who tested what: for publishing from another workflow (the fork-safe workflow_run pattern)'),
  data: DataSectionSchema.optional().describe('Seed dumps loaded and synthetic rows filled before the new migrations'),
  settings: ReportSettingsSchema.optional().describe('What decided the verdict'),
  totals: TotalsSchema.optional().describe('Counts and times per phase'),
});

/**
 * A report of one database, or a merged report of several (`migration-test merge`): then
 * `merged.reports` holds each database's report and the top-level fields summarize them
 * (status: the worst; findings: each input's, prefixed with its label; migrations: empty).
 * Merging a merged report flattens it, so `merged.reports` never nests.
 */
export const ReportSchema = SingleReportSchema.extend({
  merged: z
    .object({ reports: z.array(SingleReportSchema).min(1) })
    .optional()
    .describe("A merged report of several databases: each database's own report"),
});
export type Report = z.infer<typeof ReportSchema>;
export type SingleReport = z.infer<typeof SingleReportSchema>;
export type EngineName = Report['database']['engine'];
