import { z } from 'zod';
import { UsageError } from '../util/errors.js';
import { formatIssues } from './issues.js';
import {
  SETTINGS,
  choicesOf,
  kebab,
  settingList,
  type InputKey,
  type Kebab,
  type SettingKey,
  type SettingSpec,
  type Settings,
} from './settings.js';
import { inputSwitch } from './values.js';

const INPUT_KEYS: InputKey[] = settingList()
  .filter(([, s]) => s.input)
  .map(([k]) => k as InputKey);

export type ActionInputName = Kebab<InputKey>;
/** Every input of action.yml, as the runner hands them over: strings, '' when not set. */
export const ACTION_INPUTS: readonly ActionInputName[] = INPUT_KEYS.map((k) => kebab(k));

type Out<K extends SettingKey> = NonNullable<z.output<Settings[K]['schema']>>;
/** A run setting's input as config resolution takes it: choices and switches checked here, other values still text. */
type RunInputValue<K extends SettingKey> = Settings[K] extends { list: true }
  ? string[]
  : Out<K> extends boolean
    ? boolean
    : Out<K> extends string
      ? Out<K>
      : string;
type InputValue<K extends InputKey> = Settings[K]['scope'] extends 'run'
  ? RunInputValue<K> | undefined
  : z.output<Settings[K]['schema']>;
export type ActionInputs = { [K in InputKey as Kebab<K>]: InputValue<K> };

const lines = z.string().transform((v) =>
  v
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean),
);

/**
 * How an input's string is checked. A run setting's value is checked where flags' are, when
 * the settings are resolved; only its choices and switches are checked here, as the input.
 */
function inputSchema(spec: SettingSpec): z.ZodType {
  if (spec.scope === 'entry') return spec.schema;
  if (spec.list) return lines.optional();
  if (spec.value === undefined) return inputSwitch.optional();
  const choices = choicesOf(spec.schema);
  return (choices ? z.enum(choices as [string, ...string[]]) : z.string()).optional();
}

const ActionInputsSchema = z.object(
  Object.fromEntries(
    INPUT_KEYS.map((k) => [kebab(k), z.preprocess((v) => (v === '' ? undefined : v), inputSchema(SETTINGS[k]))]),
  ),
);

/** Validates the inputs; a bad one fails the step naming the input and what is allowed. */
export function parseActionInputs(read: (name: ActionInputName) => string): ActionInputs {
  const raw: Record<string, string> = {};
  for (const name of ACTION_INPUTS) raw[name] = read(name).trim();
  const parsed = ActionInputsSchema.safeParse(raw);
  if (!parsed.success)
    throw new UsageError(formatIssues(parsed.error, (p) => `input "${String(p[0])}"`, 'invalid inputs'));
  return parsed.data as ActionInputs;
}

/** The run settings the inputs name, keyed like the config file (for resolveRunConfig). */
export function runFlagsFromInputs(inputs: ActionInputs): Record<string, unknown> {
  const byName: Record<string, unknown> = inputs;
  const values: Record<string, unknown> = {};
  for (const key of INPUT_KEYS) if (SETTINGS[key].scope === 'run') values[key] = byName[kebab(key)];
  return values;
}
