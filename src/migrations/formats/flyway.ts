import type { Migration } from '../types.js';
import { MigrationSourceError, UsageError } from '../../util/errors.js';
import { readMigrationFile } from '../read-file.js';
import { compareCodepoints, compareFlywayVersions, flywayVersionKey } from '../version.js';
import { FLYWAY_TABLE, flywayBookkeeping, flywayChecksum } from './flyway-bookkeeping.js';
import { duplicateError, mapLimited, migrationId, script, type MigrationFile, type MigrationFormat } from './format.js';

// Flyway's default prefixes (V, U, R), separator (__) and suffix (.sql) only.
const VERSIONED = /^([VU])(\d+(?:[._]\d+)*)__(.*)\.sql$/;
const REPEATABLE = /^R__(.*)\.sql$/;

export function isFlywayFileName(name: string): boolean {
  return VERSIONED.test(name) || REPEATABLE.test(name);
}

interface Versioned {
  version: string;
  description: string;
  file: MigrationFile;
}

export const flyway: MigrationFormat = {
  name: 'flyway',
  recursive: true,
  examples: ['V1__create_users.sql', 'U1__create_users.sql', 'R__views.sql'],
  description: {
    tool: 'Flyway',
    files: '`V<version>__<desc>.sql`, `U<version>__<desc>.sql`, `R__<desc>.sql` (subdirectories too)',
    upDown: 'V up, U down; R (repeatable) after all versioned ones',
    versions: 'part by part numerically: `1.10` > `1.9`, `_` as `.`',
    transactions: {
      postgres:
        'one transaction per migration; a migration made only of statements that cannot run in a transaction (`CREATE INDEX CONCURRENTLY`, `VACUUM`, `ALTER SYSTEM`, …) runs without one; one that mixes both is refused, as Flyway refuses it (`mixed` is false by default)',
      mysql: 'one transaction per migration',
    },
    detection: 'file names',
    example: 'V1__create_users.sql',
  },
  isMigrationPath: (inside) => isFlywayFileName(inside.slice(inside.lastIndexOf('/') + 1)),
  compareVersions: compareFlywayVersions,
  parseNewFrom(raw) {
    const version = raw.trim().replace(/^V/i, '');
    if (/^\d+(?:[._]\d+)*$/.test(version)) return version;
    throw new UsageError(`--new-from ${raw}: not a Flyway version (expected e.g. 3, 1.2 or 2024.01.15)`);
  },
  outOfOrder:
    'it will not run where the base is already deployed (Flyway reports it as ignored unless outOfOrder is enabled); give it a version above the newest one',
  bookkeeping: ({ table }) => flywayBookkeeping(table ?? FLYWAY_TABLE),

  async load(files) {
    const ups = new Map<string, Versioned>();
    const undos = new Map<string, Versioned>();
    const repeatables = new Map<string, Versioned>();
    for (const file of files) {
      const versioned = VERSIONED.exec(file.name);
      if (versioned) {
        const [, prefix, version = '', description = ''] = versioned;
        const entry = { version, description, file };
        const byKey = prefix === 'V' ? ups : undos;
        const key = flywayVersionKey(version);
        const other = byKey.get(key);
        if (other) throw duplicateError('flyway', `${prefix === 'V' ? '' : 'undo '}version ${key}`, other.file, file);
        byKey.set(key, entry);
        continue;
      }
      const repeatable = REPEATABLE.exec(file.name);
      if (repeatable) {
        const description = repeatable[1] ?? '';
        const other = repeatables.get(description);
        if (other) throw duplicateError('flyway', `repeatable description ${description}`, other.file, file);
        repeatables.set(description, { version: '', description, file });
      }
    }
    for (const [key, undo] of undos) {
      if (!ups.has(key)) {
        throw new MigrationSourceError(
          `flyway undo migration ${undo.file.file} has no versioned migration (expected V${undo.version}__${undo.description}.sql)`,
        );
      }
    }

    const versioned = [...ups.entries()].sort(([, a], [, b]) => compareFlywayVersions(a.version, b.version));
    const repeatable = [...repeatables.values()].sort((a, b) => compareCodepoints(a.description, b.description));
    const ordered: Array<{ entry: Versioned; undo: Versioned | undefined }> = [
      ...versioned.map(([key, entry]) => ({ entry, undo: undos.get(key) })),
      ...repeatable.map((entry) => ({ entry, undo: undefined })),
    ];
    return mapLimited(ordered, async ({ entry, undo }): Promise<Migration> => {
      const mode = 'transactionUnlessNonTransactional';
      const upSql = await readMigrationFile(entry.file.absPath, entry.file.file);
      const downSql = undo ? await readMigrationFile(undo.file.absPath, undo.file.file) : null;
      const isRepeatable = entry.version === '';
      return {
        id: isRepeatable ? `R_${entry.description}` : migrationId(entry.version, entry.description),
        version: entry.version,
        name: entry.description,
        kind: isRepeatable ? 'repeatable' : 'versioned',
        up: script(entry.file, upSql, mode),
        down: undo && downSql !== null ? script(undo.file, downSql, mode) : null,
        // What flyway_schema_history records of the files: path inside the location, checksum.
        extra: {
          description: entry.description,
          script: entry.file.inside,
          checksum: String(flywayChecksum(upSql)),
          ...(undo && downSql !== null
            ? {
                undoDescription: undo.description,
                undoScript: undo.file.inside,
                undoChecksum: String(flywayChecksum(downSql)),
              }
            : {}),
        },
      };
    });
  },
};
