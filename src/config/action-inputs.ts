import { z } from 'zod';
import { UsageError } from '../util/errors.js';
import { formatIssues } from './issues.js';
import { FAIL_ON, FORMAT_CHOICES, ROLLBACK_MODES } from './schema.js';

/** Every input of action.yml, as the runner hands them over: strings, '' when not set. */
export const ACTION_INPUTS = [
  'database-url',
  'migrations',
  'format',
  'config',
  'label',
  'report-dir',
  'connect-timeout',
  'statement-timeout',
  'allow-existing',
  'fail-on',
  'new-from',
  'rollback',
  'require-down',
  'seed',
  'seed-after',
  'seed-command',
  'fill-rows',
  'fill-seed',
  'github-token',
  'comment',
  'comment-key',
  'matrix',
  'require-label',
  'pr-number',
  'upload-artifact',
  'artifact-name',
  'mode',
  'run-id',
] as const;
export type ActionInputName = (typeof ACTION_INPUTS)[number];

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const positiveInt = z.string().regex(/^[1-9]\d*$/, 'expected a positive whole number').transform(Number);

const ActionInputsSchema = z.object({
  'database-url': optional(z.string()),
  migrations: optional(z.string()),
  format: optional(z.enum(FORMAT_CHOICES)),
  config: optional(z.string()),
  label: optional(z.string()),
  'report-dir': optional(z.string()),
  'connect-timeout': optional(z.string()),
  'statement-timeout': optional(z.string()),
  'allow-existing': optional(flag),
  'fail-on': optional(z.enum(FAIL_ON)),
  'new-from': optional(z.string()),
  rollback: optional(z.enum(ROLLBACK_MODES)),
  'require-down': optional(flag),
  seed: optional(z.string()),
  'seed-after': optional(z.enum(['none', 'base'])),
  'seed-command': optional(z.string()),
  'fill-rows': optional(z.string()),
  'fill-seed': optional(z.string()),
  'github-token': optional(z.string()),
  comment: optional(flag),
  'comment-key': optional(z.string().max(200, 'at most 200 characters')),
  matrix: optional(z.string()),
  'require-label': optional(z.string()),
  'pr-number': optional(positiveInt),
  'upload-artifact': optional(flag),
  'artifact-name': optional(z.string().regex(/^[^"<>|*?:\r\n\\/]+$/, 'an artifact name cannot hold " < > | * ? : \\ / or newlines')),
  mode: optional(z.enum(['run', 'comment'])),
  'run-id': optional(positiveInt),
});
export type ActionInputs = z.output<typeof ActionInputsSchema>;

/** Validates the inputs; a bad one fails the step naming the input and what is allowed. */
export function parseActionInputs(read: (name: ActionInputName) => string): ActionInputs {
  const raw: Record<string, string> = {};
  for (const name of ACTION_INPUTS) raw[name] = read(name).trim();
  const parsed = ActionInputsSchema.safeParse(raw);
  if (!parsed.success) throw new UsageError(formatIssues(parsed.error, (p) => `input "${String(p[0])}"`, 'invalid inputs'));
  return parsed.data;
}

/** The run settings the inputs name, keyed like the CLI's (flags' camelCase). */
export function runFlagsFromInputs(i: ActionInputs): Record<string, unknown> {
  return {
    databaseUrl: i['database-url'],
    migrations: i.migrations,
    format: i.format,
    label: i.label,
    reportDir: i['report-dir'],
    connectTimeout: i['connect-timeout'],
    statementTimeout: i['statement-timeout'],
    allowExisting: i['allow-existing'],
    failOn: i['fail-on'],
    newFrom: i['new-from'],
    rollback: i.rollback,
    requireDown: i['require-down'],
    seed: i.seed
      ?.split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
    seedAfter: i['seed-after'],
    seedCommand: i['seed-command'],
    fillRows: i['fill-rows'],
    fillSeed: i['fill-seed'],
  };
}
