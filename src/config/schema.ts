import { z } from 'zod';
import { FORMAT_NAMES } from '../migrations/types.js';

/** Seconds as a number, or a string of digits with an optional "s" (flags and inputs are strings). */
const seconds = z
  .union([z.number(), z.string().trim().regex(/^\d+(\.\d+)?s?$/, 'expected a number of seconds, e.g. 30')])
  .transform((v) => (typeof v === 'number' ? v : Number(v.replace(/s$/, ''))))
  .pipe(z.number().positive('expected a positive number of seconds').max(86_400, 'at most 86400 seconds'));

const bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

export const FORMAT_CHOICES = ['auto', ...FORMAT_NAMES] as const;
export const FAIL_ON = ['error', 'warning', 'never'] as const;

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
