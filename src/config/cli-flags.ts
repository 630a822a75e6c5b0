import type { ParseArgsConfig } from 'node:util';
import { kebab, settingList, type Command } from './settings.js';

export type FlagOptions = NonNullable<ParseArgsConfig['options']>;

/** parseArgs' options for a command: every setting whose flag that command takes. */
export function cliOptions(command: Command): FlagOptions {
  const options: FlagOptions = {};
  for (const [key, s] of settingList()) {
    if (!s.cli?.includes(command)) continue;
    options[kebab(key)] = {
      type: s.value === undefined ? 'boolean' : 'string',
      ...(s.list ? { multiple: true } : {}),
      ...(s.short ? { short: s.short } : {}),
    };
  }
  return options;
}

/** The run settings among parsed flags, keyed like the config file (for resolveRunConfig). */
export function runFlagsFromArgs(values: Record<string, unknown>): Record<string, unknown> {
  const flags: Record<string, unknown> = {};
  for (const [key, s] of settingList())
    if (s.scope === 'run' && s.cli?.includes('run')) flags[key] = values[kebab(key)];
  return flags;
}
