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
  line: z.number().int().positive().nullable().describe('1-based line in the file'),
  statementIndex: z.number().int().nonnegative().nullable(),
});
export type MigrationError = z.infer<typeof MigrationErrorSchema>;

export const TableSizeChangeSchema = z.object({
  table: z.string(),
  beforeBytes: z.number().nullable(),
  afterBytes: z.number().nullable(),
  deltaBytes: z.number(),
});

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
  tableSizes: z.array(TableSizeChangeSchema).optional().describe('Per-table size changes, largest change first'),
});
export type MigrationRun = z.infer<typeof MigrationRunSchema>;

export const FindingSchema = z.object({
  severity: z.enum(['error', 'warning', 'notice']),
  rule: z.string(),
  migration: z.string().nullable(),
  message: z.string(),
  value: z.union([z.number(), z.string()]).optional(),
  limit: z.union([z.number(), z.string()]).optional(),
});
export type Finding = z.infer<typeof FindingSchema>;

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

export const ReportSchema = z.object({
  schemaVersion: z.literal(1),
  tool: z.object({ name: z.literal('migration-test'), version: z.string() }),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  status: z.enum(['passed', 'warning', 'failed']),
  database: z.object({
    engine: z.enum(['postgres', 'mysql', 'mariadb']),
    serverVersion: z.string(),
    label: z.string(),
  }),
  source: z.object({
    dir: z.string(),
    format: z.string(),
    newMigrationsFrom: z.string().optional().describe('How the new migrations were told from the base ones'),
  }),
  migrations: z.array(MigrationRunSchema),
  findings: z.array(FindingSchema),
  data: DataSectionSchema.optional().describe('Seed dumps loaded and synthetic rows filled before the new migrations'),
});
export type Report = z.infer<typeof ReportSchema>;
export type EngineName = Report['database']['engine'];
