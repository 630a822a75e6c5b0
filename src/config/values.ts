import { z } from 'zod';
import { FORMAT_NAMES } from '../migrations/types.js';
import { byteCount, durationMs } from './units.js';

/** Seconds as a number, or a string of digits with an optional "s" (flags and inputs are strings). */
export const seconds = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^\d+(\.\d+)?s?$/, 'expected a number of seconds, e.g. 30'),
  ])
  .transform((v) => (typeof v === 'number' ? v : Number(v.replace(/s$/, ''))))
  .pipe(z.number().positive('expected a positive number of seconds').max(86_400, 'at most 86400 seconds'));

/** Servers count statement time in whole milliseconds: a shorter limit would mean none at all. */
export const statementSeconds = seconds.pipe(z.number().min(0.001, 'at least 0.001 seconds (1 ms)'));

/** A boolean, or "true" / "false" as flags and inputs give it. */
export const bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

/** A whole number, or its digits. */
export const count = z
  .union([z.number(), z.string().trim().regex(/^\d+$/, 'expected a whole number').transform(Number)])
  .pipe(z.number().int().nonnegative());

/** An action input that is a switch: exactly "true" or "false". */
/** What core.getBooleanInput accepts (YAML 1.2's core schema): true, True, TRUE, false, False, FALSE. */
export const inputSwitch = z
  .enum(['true', 'True', 'TRUE', 'false', 'False', 'FALSE'])
  .transform((v) => v.toLowerCase() === 'true');
export const positiveInt = z
  .string()
  .regex(/^[1-9]\d*$/, 'expected a positive whole number')
  .transform(Number);

export const FORMAT_CHOICES = ['auto', ...FORMAT_NAMES] as const;
export const FAIL_ON = ['error', 'warning', 'never'] as const;
export const ROLLBACK_MODES = ['batch', 'per-migration', 'off'] as const;
export const PROBE_MODES = ['on', 'off'] as const;
export const BOOKKEEPING_MODES = ['on', 'off'] as const;
/** A table name as the tools take one: an identifier, optionally schema-qualified. */
export const tableName = z
  .string()
  .trim()
  .regex(/^[A-Za-z_][A-Za-z0-9_$]{0,62}(\.[A-Za-z_][A-Za-z0-9_$]{0,62})?$/, {
    message: 'expected a table name: letters, digits, _ and $ (not first), optionally schema.table',
  });
export const SEED_AFTER = ['none', 'base'] as const;
export const ACTION_MODES = ['run', 'comment'] as const;
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
    rowsRead: z
      .object({ default: countLimit.default(null), perMigration: limitMap(countLimit) })
      .strict()
      .prefault({}),
    rowsChanged: z
      .object({ default: countLimit.default(null), perMigration: limitMap(countLimit) })
      .strict()
      .prefault({}),
    sizeDelta: z
      .object({ default: byteCount.nullable().default(null), perMigration: limitMap(byteCount.nullable()) })
      .strict()
      .prefault({}),
    // GitLab's lock_timeout culture: a lock that stops traffic on a live table for over 5 s is an outage.
    lockHeld: z
      .object({ default: durationMs.nullable().default(5000), perMigration: limitMap(durationMs.nullable()) })
      .strict()
      .prefault({}),
    /** Longest time the probe found reads or writes of a table blocked (issue 12). */
    blockedTraffic: z
      .object({ default: durationMs.nullable().default(1000), perMigration: limitMap(durationMs.nullable()) })
      .strict()
      .prefault({}),
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
    lockHeld: z.enum(SEVERITIES).default('warning'),
    // Advice, not a measurement: the migration may run under a tool that sets one (GitLab's with_lock_retries).
    lockTimeout: z.enum(SEVERITIES).default('notice'),
    rewrite: z.enum(SEVERITIES).default('warning'),
    statementsAfterLock: z.enum(SEVERITIES).default('warning'),
    blockedTraffic: z.enum(SEVERITIES).default('warning'),
    serverWarning: z.enum(SEVERITIES).default('warning'),
  })
  .strict()
  .prefault({});
export type Severities = z.output<typeof SeveritySchema>;

export const FillSchema = z
  .object({
    rows: count.default(0),
    tables: z.record(z.string().min(1), count).default({}),
    seed: count.default(1),
  })
  .strict();
/** What the fill does, flags and file merged: rows for every table, per-table counts, the data's seed. */
export type FillSettings = z.output<typeof FillSchema>;
export const FILL_DEFAULTS: FillSettings = FillSchema.parse({});

export const histogramBuckets = z
  .array(z.number().positive())
  .min(1)
  .refine((b) => b.every((v, i) => i === 0 || v > b[i - 1]!), 'bucket bounds must ascend');
