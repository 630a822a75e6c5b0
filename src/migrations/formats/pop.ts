import type { Dialect } from '../types.js';
import { MigrationSourceError } from '../../util/errors.js';
import { POP_TABLE, popBookkeeping } from './pop-bookkeeping.js';
import { compareIntegers, normalizeInteger } from '../version.js';
import {
  RUNS_AFTER_NEWER,
  downWithoutUpError,
  integerVersions,
  topLevelName,
  duplicateError,
  mapLimited,
  upDownMigration,
  type MigrationFile,
  type MigrationFormat,
  type ScriptFile,
} from './format.js';

// ory/pop's pattern (gobuffalo/pop's plus the .autocommit flag).
const FILE_NAME = /^(\d+)_([^.]+)(\.[a-z0-9]+)?(\.autocommit)?\.(up|down)\.(sql|fizz)$/;

/** pop's dialect names and the synonyms its CanonicalDialect accepts. */
const CANONICAL_DIALECTS: ReadonlyMap<string, string> = new Map([
  ['postgres', 'postgres'],
  ['postgresql', 'postgres'],
  ['pg', 'postgres'],
  ['pgx', 'postgres'],
  ['mysql', 'mysql'],
  ['mariadb', 'mariadb'],
  ['cockroach', 'cockroach'],
  ['cockroachdb', 'cockroach'],
  ['crdb', 'cockroach'],
  ['sqlite3', 'sqlite3'],
  ['sqlite', 'sqlite3'],
  ['tidb', 'tidb'],
  ['ydb', 'ydb'],
]);

export interface PopFileName {
  version: string;
  name: string;
  /** Canonical dialect, null for a generic file, undefined for a dialect pop does not know. */
  dialect: string | null | undefined;
  autocommit: boolean;
  direction: 'up' | 'down';
  fizz: boolean;
}

export function parsePopFileName(fileName: string): PopFileName | null {
  const match = FILE_NAME.exec(fileName);
  if (!match) return null;
  const [, version = '', name = '', dialectPart, autocommitPart, direction, type] = match;
  // "<v>_<name>.autocommit.up.sql" is a generic file: the optional dialect group swallows
  // the flag there, and "autocommit" is no dialect.
  const flagInDialectSlot = dialectPart === '.autocommit' && autocommitPart === undefined;
  const dialect = dialectPart === undefined || flagInDialectSlot ? null : CANONICAL_DIALECTS.get(dialectPart.slice(1));
  return {
    version,
    name,
    dialect,
    autocommit: flagInDialectSlot || autocommitPart !== undefined,
    direction: direction === 'up' ? 'up' : 'down',
    fizz: type === 'fizz',
  };
}

/** Whether the name carries something only pop writes: a dialect, the autocommit flag or .fizz. */
export function isPopSpecificFileName(fileName: string): boolean {
  const parsed = parsePopFileName(fileName);
  return (
    parsed !== null && parsed.dialect !== undefined && (parsed.dialect !== null || parsed.autocommit || parsed.fizz)
  );
}

const ENGINE_DIALECT: Readonly<Record<Dialect, string>> = { postgres: 'postgres', mysql: 'mysql' };

interface Candidate {
  parsed: PopFileName;
  file: MigrationFile;
}

/** The files one version has for the engine: per direction, dialect-specific and generic. */
interface VersionFiles {
  version: string;
  up: { specific?: Candidate; generic?: Candidate };
  down: { specific?: Candidate; generic?: Candidate };
  fizz: Candidate[];
}

function fizzError({ file, parsed }: Candidate): MigrationSourceError {
  return new MigrationSourceError(
    `${file.file}: fizz migrations are not SQL; migration-test runs SQL migrations only (add ${parsed.version}_${parsed.name}.${parsed.direction}.sql with the SQL it generates)`,
  );
}

export const pop: MigrationFormat = {
  name: 'pop',
  recursive: false,
  examples: [
    '20240101120000_create_users.up.sql',
    '20240101120000_create_users.postgres.up.sql',
    '20240101120000_add_index.autocommit.up.sql',
  ],
  description: {
    tool: 'gobuffalo / ory pop',
    files: '`<version>_<name>[.<dialect>][.autocommit].(up\\|down).sql`',
    upDown: 'both',
    versions: "leading digits; the engine's dialect file wins over the generic one",
    transactions: {
      postgres: 'one transaction per migration, unless the file is `.autocommit`',
      mysql: 'one transaction, unless `.autocommit`',
    },
    detection: 'a dialect, `.autocommit` or `.fizz` in a name',
    example: '20240101120000_create_users.postgres.up.sql',
  },
  isMigrationPath: (inside) => topLevelName(inside, (name) => parsePopFileName(name) !== null),
  ...integerVersions('pop'),
  outOfOrder: RUNS_AFTER_NEWER,
  bookkeeping: ({ table }) => popBookkeeping(table ?? POP_TABLE),

  async load(files, ctx) {
    const engine = ENGINE_DIALECT[ctx.dialect];
    const versions = new Map<string, VersionFiles>();
    for (const file of files) {
      const parsed = file.topLevel ? parsePopFileName(file.name) : null;
      // Files for other dialects, or dialects pop does not know, are skipped as pop skips them.
      if (!parsed || (parsed.dialect !== null && parsed.dialect !== engine)) continue;
      const key = normalizeInteger(parsed.version);
      const entry = versions.get(key) ?? { version: parsed.version, up: {}, down: {}, fizz: [] };
      versions.set(key, entry);
      if (parsed.fizz) {
        entry.fizz.push({ parsed, file });
        continue;
      }
      const slots = entry[parsed.direction];
      const slot = parsed.dialect === null ? 'generic' : 'specific';
      const other = slots[slot];
      if (other) {
        const what = `${slot === 'generic' ? 'generic' : parsed.dialect} ${parsed.direction} version ${key}`;
        throw duplicateError('pop', what, other.file, file);
      }
      slots[slot] = { parsed, file };
    }

    const selected = [...versions.values()]
      .sort((a, b) => compareIntegers(a.version, b.version))
      .flatMap((entry) => {
        const up = entry.up.specific ?? entry.up.generic;
        const down = entry.down.specific ?? entry.down.generic;
        if (up) return [{ up, down }];
        // A fizz file only matters when no SQL file stands for its version.
        const fizz = entry.fizz.find((c) => c.parsed.direction === 'up') ?? (down ? undefined : entry.fizz[0]);
        if (fizz) throw fizzError(fizz);
        if (down) throw downWithoutUpError('pop', down.file, `${down.parsed.version}_${down.parsed.name}.up.sql`);
        return [];
      });

    const scriptFile = (c: Candidate): ScriptFile => ({
      file: c.file,
      transaction: c.parsed.autocommit ? 'none' : 'transaction',
    });
    return mapLimited(selected, ({ up, down }) =>
      upDownMigration(up.parsed.version, up.parsed.name, scriptFile(up), down ? scriptFile(down) : undefined),
    );
  },
};
