import type { z } from 'zod';
import { kebab } from './settings.js';

/** How a field is called where the user wrote it: a flag, an action input, a config key. */
export type FieldNamer = (path: readonly PropertyKey[]) => string;

export const kebabFlag: FieldNamer = (p) => `--${kebab(String(p[0] ?? ''))}`;
/** An action input, named as in action.yml. */
export const actionInput: FieldNamer = (p) => `input "${kebabFlag(p).slice(2)}"`;

export const configKey: FieldNamer = (p) => p.map(String).join('.') || '(top level)';

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_value':
      return `invalid value; allowed: ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_type':
      return `expected ${issue.expected}`;
    default:
      return issue.message;
  }
}

/** One line naming each offending field and what is allowed there. */
export function formatIssues(error: z.ZodError, name: FieldNamer, source: string): string {
  const parts = error.issues.map((i) => {
    const path = i.code === 'unrecognized_keys' ? [...i.path] : i.path;
    // A top-level issue is already named by the source prefix.
    return path.length ? `${name(path)}: ${describe(i)}` : describe(i);
  });
  return `${source}: ${parts.join('; ')}`;
}
