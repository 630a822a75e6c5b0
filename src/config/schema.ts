import { z } from 'zod';
import { FORMAT_NAMES } from '../migrations/types.js';
import { byteCount, durationMs } from './units.js';

/** Seconds as a number, or a string of digits with an optional "s" (flags and inputs are strings). */
const seconds = z
  .union([z.number(), z.string().trim().regex(/^\d+(\.\d+)?s?$/, 'expected a number of seconds, e.g. 30')])
  .transform((v) => (typeof v === 'number' ? v : Number(v.replace(/s$/, ''))))
  .pipe(z.number().positive('expected a positive number of seconds').max(86_400, 'at most 86400 seconds'));

const bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

export const FORMAT_CHOICES = ['auto', ...FORMAT_NAMES] as const;
export const FAIL_ON = ['error', 'warning', 'never'] as const;
export const ROLLBACK_MODES = ['batch', 'per-migration', 'off'] as const;
const SEVERITIES = ['error', 'warning', 'notice'] as const;

const limitMap = <T extends z.ZodType>(value: T) => z.record(z.string().min(1), value).default({});
const countLimit = z.number().int().nonnegative().nullable();

/** GitLab's defaults: 3 min for a regular migration, 10 min post-deploy, 100 ms a query, 5 min a concurrent index. */
export const ThresholdsSchema = z
  .object({
    duration: z
      .object({
        regular: durationMs.nullable().default(180_000),
        postDeploy: durationMs.nullable().default(600_000),
        perMigration: limitMap(durationMs),
      })
      .strict()
      .prefault({}),
    queryDuration: z
      .object({ default: durationMs.nullable().default(100), concurrentIndex: durationMs.nullable().default(300_000) })
      .strict()
      .prefault({}),
    rowsRead: z.object({ default: countLimit.default(null), perMigration: limitMap(countLimit) }).strict().prefault({}),
    rowsChanged: z.object({ default: countLimit.default(null), perMigration: limitMap(countLimit) }).strict().prefault({}),
    sizeDelta: z.object({ default: byteCount.nullable().default(null), perMigration: limitMap(byteCount.nullable()) }).strict().prefault({}),
  })
  .strict()
  .prefault({});
export type Thresholds = z.output<typeof ThresholdsSchema>;

export const SeveritySchema = z
  .object({
    duration: z.enum(SEVERITIES).default('warning'),
    queryDuration: z.enum(SEVERITIES).default('warning'),
    rowsRead: z.enum(SEVERITIES).default('error'),
    rowsChanged: z.enum(SEVERITIES).default('error'),
    sizeDelta: z.enum(SEVERITIES).default('warning'),
  })
  .strict()
  .prefault({});
export type Severities = z.output<typeof SeveritySchema>;

const count = z.union([z.number(), z.string().trim().regex(/^\d+$/, 'expected a whole number').transform(Number)]).pipe(z.number().int().nonnegative());

export const FillSchema = z
  .object({
    rows: count.default(0),
    tables: z.record(z.string().min(1), count).default({}),
    seed: count.default(1),
  })
  .strict();

/** Every setting of a run, from flags, action inputs or a config file (flags win). */
export const RunConfigSchema = z
  .object({
    databaseUrl: z.string().trim().min(1).optional(),
    migrations: z.string().trim().min(1).optional(),
    format: z.enum(FORMAT_CHOICES).default('auto'),
    reportDir: z.string().trim().min(1).default('migration-test-report'),
    label: z.string().trim().min(1).max(100).default('main'),
    connectTimeout: seconds.default(60),
    statementTimeout: seconds.nullable().default(null),
    allowExisting: bool.default(false),
    failOn: z.enum(FAIL_ON).default('error'),
    json: bool.default(false),
    baseRef: z.string().trim().min(1).optional(),
    newFrom: z.string().trim().min(1).optional(),
    rollback: z.enum(ROLLBACK_MODES).default('batch'),
    requireDown: bool.default(false),
    thresholds: ThresholdsSchema,
    severity: SeveritySchema,
    postDeploy: z.array(z.string().min(1)).default([]),
    seed: z.array(z.string().trim().min(1)).default([]),
    seedAfter: z.enum(['none', 'base']).default('none'),
    seedCommand: z.string().trim().min(1).optional(),
    fill: FillSchema.optional(),
    fillRows: count.optional(),
    fillSeed: count.optional(),
    histogramBucketsMs: z
      .array(z.number().positive())
      .min(1)
      .refine((b) => b.every((v, i) => i === 0 || v > b[i - 1]!), 'bucket bounds must ascend')
      .optional(),
  })
  .strict();

export type RunConfig = z.output<typeof RunConfigSchema>;
export type RunConfigInput = z.input<typeof RunConfigSchema>;

/** What a config file may hold: the same keys, all optional, no defaults applied yet. */
export const ConfigFileSchema = RunConfigSchema.partial().strict();
