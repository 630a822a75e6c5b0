/**
 * drizzle-kit's `meta/_journal.json`: the entries decide which `<tag>.sql` files run and in
 * what order (drizzle-orm src/migrator.ts readMigrationFiles).
 */
import { z } from 'zod';
import { MigrationSourceError } from '../../util/errors.js';

const ENTRY = z.object({
  idx: z.number().int().nonnegative(),
  version: z.string().optional(),
  when: z.number().int().nonnegative(),
  // A tag names a file beside the journal's directory, never a path.
  tag: z.string().regex(/^[^/\\\0]+$/, 'a file name without a directory'),
  breakpoints: z.boolean(),
});

const JOURNAL = z.object({
  version: z.string().optional(),
  dialect: z.string().optional(),
  entries: z.array(z.unknown()),
});

export type JournalEntry = z.infer<typeof ENTRY>;

export function parseDrizzleJournal(text: string, label: string): JournalEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new MigrationSourceError(`${label}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const journal = JOURNAL.safeParse(json);
  if (!journal.success)
    throw new MigrationSourceError(`${label}: expected { "entries": [...] } as drizzle-kit writes it`);
  return journal.data.entries.map((raw, i) => {
    const entry = ENTRY.safeParse(raw);
    if (entry.success) return entry.data;
    const issue = entry.error.issues[0];
    const field = issue?.path.join('.') || 'entry';
    throw new MigrationSourceError(
      `${label} entry ${i}: ${field}: ${issue?.message ?? 'invalid'} (expected idx, when, tag, breakpoints)`,
    );
  });
}
