import { z } from 'zod';
import { runShape } from './settings.js';
import { FILL_DEFAULTS, type FillSettings } from './values.js';

export {
  FAIL_ON,
  FORMAT_CHOICES,
  FillSchema,
  ROLLBACK_MODES,
  SeveritySchema,
  ThresholdsSchema,
  type FillSettings,
  type Severities,
  type Thresholds,
} from './values.js';

/** Every setting of a run as the table in settings.ts declares it, before the fill is merged. */
const RunSettingsSchema = z.object(runShape()).strict();

/**
 * The fill, in one place: --fill-rows and --fill-seed win over the file's `fill`; null when
 * nothing is to be filled.
 */
function resolveFill(
  file: Partial<FillSettings> | undefined,
  rows: number | undefined,
  seed: number | undefined,
): FillSettings | null {
  const tables = file?.tables ?? FILL_DEFAULTS.tables;
  const resolved = {
    rows: rows ?? file?.rows ?? FILL_DEFAULTS.rows,
    tables,
    seed: seed ?? file?.seed ?? FILL_DEFAULTS.seed,
  };
  if (resolved.rows === 0 && Object.values(tables).every((n) => n === 0)) return null;
  return resolved;
}

/** Every setting of a run, from flags, action inputs or a config file (flags win). */
export const RunConfigSchema = RunSettingsSchema.transform(({ fill, fillRows, fillSeed, ...rest }) => ({
  ...rest,
  fill: resolveFill(fill, fillRows, fillSeed),
}));

export type RunConfig = z.output<typeof RunConfigSchema>;
export type RunConfigInput = z.input<typeof RunConfigSchema>;

/** What a config file may hold: the same keys, all optional, no defaults applied yet. */
export const ConfigFileSchema = RunSettingsSchema.partial().strict();
