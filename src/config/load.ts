import path from 'node:path';
import YAML from 'yaml';
import { ConfinementError, confinementRoot, readConfinedFile } from '../util/confined-file.js';
import { UsageError, errorMessage } from '../util/errors.js';
import { configKey, formatIssues, kebabFlag, type FieldNamer } from './issues.js';
import { ConfigFileSchema, RunConfigSchema, type RunConfig } from './schema.js';

/** Reads a JSON or YAML config file; validation errors name the key path. */
export async function readConfigFile(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    const abs = path.resolve(file);
    text = (await readConfinedFile(abs, file, await confinementRoot(path.dirname(abs)))).toString('utf8');
  } catch (err) {
    if (err instanceof ConfinementError) throw new UsageError(`--config ${err.message}`);
    throw new UsageError(
      `--config ${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? errorMessage(err)})`,
    );
  }
  let data: unknown;
  try {
    data = /\.json$/i.test(file) ? JSON.parse(text) : YAML.parse(text);
  } catch (err) {
    throw new UsageError(
      `--config ${file}: not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${errorMessage(err).split('\n')[0]}`,
    );
  }
  if (data === null || data === undefined) return {};
  const parsed = ConfigFileSchema.safeParse(data);
  if (!parsed.success)
    throw new UsageError(formatIssues(parsed.error, configKey, `config file ${path.basename(file)}`));
  // Keep the raw values: defaults are applied once, after flags are merged in.
  return data as Record<string, unknown>;
}

/** Flags win over the file; defaults fill the rest. */
export function resolveRunConfig(
  flags: Record<string, unknown>,
  file: Record<string, unknown> = {},
  flagName: FieldNamer = kebabFlag,
): RunConfig {
  const merged: Record<string, unknown> = { ...file };
  for (const [k, v] of Object.entries(flags)) if (v !== undefined) merged[k] = v;
  const parsed = RunConfigSchema.safeParse(merged);
  if (!parsed.success)
    throw new UsageError(
      formatIssues(
        parsed.error,
        (p) => (p[0] !== undefined && flags[String(p[0])] !== undefined ? flagName(p) : configKey(p)),
        'invalid settings',
      ),
    );
  return parsed.data;
}
