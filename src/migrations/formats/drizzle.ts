/**
 * Drizzle (drizzle-kit generate, drizzle-orm migrate()): `<out>/<idx>_<name>.sql`, run in the
 * order of `<out>/meta/_journal.json`, up only. drizzle-orm src/migrator.ts readMigrationFiles
 * reads each entry's `<tag>.sql`, hashes the text (sha256 hex) and splits it on
 * `--> statement-breakpoint`; each part is sent as it is (here without its surrounding
 * whitespace, and whitespace-only parts are not sent). drizzle-orm's migrate() (pg-core and
 * mysql-core dialect.ts) runs every pending migration in ONE transaction; migration-test measures
 * each migration in a transaction of its own, so a failure here rolls back that migration only.
 * drizzle hashes the file with a leading byte-order mark, which readMigrationFile removes.
 */
import { createHash } from 'node:crypto';
import type { Migration, Statement } from '../types.js';
import { MigrationSourceError } from '../../util/errors.js';
import { readMigrationFile } from '../read-file.js';
import { drizzleBookkeeping } from './drizzle-bookkeeping.js';
import { parseDrizzleJournal, type JournalEntry } from './drizzle-journal.js';
import { integerVersions, mapLimited, script, type MigrationFile, type MigrationFormat } from './format.js';

export const DRIZZLE_JOURNAL = 'meta/_journal.json';
const BREAKPOINT = '--> statement-breakpoint';

/** The parts drizzle sends, each with the line on which its text starts. */
export function drizzleStatements(text: string): Statement[] {
  const statements: Statement[] = [];
  let line = 1;
  for (const part of text.split(BREAKPOINT)) {
    const lead = part.length - part.trimStart().length;
    const sql = part.trim();
    if (sql !== '') statements.push({ sql, line: line + countNewlines(part.slice(0, lead)) });
    line += countNewlines(part);
  }
  return statements;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

async function loadEntry(entry: JournalEntry, file: MigrationFile): Promise<Migration> {
  const text = await readMigrationFile(file.absPath, file.file);
  const underscore = entry.tag.indexOf('_');
  return {
    id: entry.tag,
    version: String(entry.idx),
    name: underscore < 0 ? '' : entry.tag.slice(underscore + 1),
    kind: 'versioned',
    up: { ...script(file, text, 'transaction'), statements: drizzleStatements(text) },
    down: null,
    extra: { hash: createHash('sha256').update(text, 'utf8').digest('hex'), when: String(entry.when) },
  };
}

export const drizzle: MigrationFormat = {
  name: 'drizzle',
  recursive: true,
  examples: ['0000_create_users.sql', 'meta/_journal.json'],
  description: {
    tool: 'Drizzle',
    files: '`<idx>_<name>.sql` listed in `meta/_journal.json` (drizzle-kit)',
    upDown: 'up only',
    versions: 'journal order (`idx`)',
    transactions: {
      postgres:
        'one transaction per migration, statements cut at `--> statement-breakpoint` (drizzle runs all pending migrations in one)',
      mysql: 'one transaction per migration (DDL commits implicitly), statements cut at `--> statement-breakpoint`',
    },
    detection: '`meta/_journal.json`',
    example: '0000_create_users.sql',
  },
  detection: { markers: [DRIZZLE_JOURNAL] },
  isMigrationPath: (inside) => inside === DRIZZLE_JOURNAL || (!inside.includes('/') && inside.endsWith('.sql')),
  ...integerVersions('drizzle'),
  outOfOrder:
    'drizzle applies only journal entries whose `when` is above the last recorded one: where the base is deployed an entry with an older `when` never runs; keep new entries last in the journal',
  bookkeeping: ({ table }) => drizzleBookkeeping(table),

  async load(files, ctx) {
    const journalFile = files.find((f) => f.inside === DRIZZLE_JOURNAL);
    if (!journalFile) {
      throw new MigrationSourceError(`${ctx.dirLabel}: no ${DRIZZLE_JOURNAL}, which drizzle needs to run migrations`);
    }
    const entries = parseDrizzleJournal(
      await readMigrationFile(journalFile.absPath, journalFile.file),
      journalFile.file,
    );
    const byInside = new Map(files.map((f) => [f.inside, f]));
    const found = entries.map((entry, i) => {
      const file = byInside.get(`${entry.tag}.sql`);
      if (!file) {
        throw new MigrationSourceError(
          `${journalFile.file} entry ${i} (tag ${entry.tag}): no file ${entry.tag}.sql in ${ctx.dirLabel}`,
        );
      }
      return { entry, file };
    });
    return mapLimited(found, ({ entry, file }) => loadEntry(entry, file));
  },
};
