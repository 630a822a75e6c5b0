/**
 * Atlas (ariga/atlas) versioned migration directories in Atlas's own format, read as
 * `atlas migrate apply` reads them (sql/migrate/dir.go LocalDir, LocalFile; cmd/atlas/internal/
 * cmdapi/migrate.go for the transaction modes):
 * - every top-level `*.sql` file is a migration, run in file-name order (byte order); its version
 *   is the name without `.sql` up to the first `_`, its description what follows;
 * - up only: `atlas migrate down` plans downs against a dev database, which is not reproduced;
 * - `atlas.sum` is verified as `atlas migrate validate` does; a mismatch is an error finding;
 * - file directives are the comment lines at the top of a file, followed by an empty line:
 *   `-- atlas:txmode none|file` (file: one transaction per file, the default of --tx-mode).
 */
import type { Migration, TransactionMode } from '../types.js';
import { MigrationSourceError, UsageError } from '../../util/errors.js';
import { readMigrationFile } from '../read-file.js';
import { loadPostgresParser } from '../split/postgres.js';
import { atlasBookkeeping, checkRevisionsSchema } from './atlas-bookkeeping.js';
import {
  atlasDirective,
  atlasHashFile,
  firstMismatch,
  isSumIgnored,
  parseAtlasSum,
  type SumEntry,
} from './atlas-sum.js';
import {
  duplicateError,
  mapLimited,
  migrationId,
  script,
  topLevelName,
  type FormatContext,
  type MigrationFile,
  type MigrationFormat,
} from './format.js';

const SUM_FILE = 'atlas.sum';

export function isAtlasFileName(name: string): boolean {
  return name.endsWith('.sql');
}

/** LocalFile.Version: the name without `.sql`, up to the first `_`. */
export function atlasVersion(name: string): string {
  return name.replace(/\.sql$/, '').split('_')[0] ?? '';
}

/** LocalFile.Desc: after the first `_`, without `.sql` (empty without a `_`). */
export function atlasDescription(name: string): string {
  const at = name.indexOf('_');
  return at < 0 ? '' : name.slice(at + 1).replace(/\.sql$/, '');
}

/** Go's string order (bytes), which sort.Slice and strings.Compare use. */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * LocalFile.comments: the comment lines (`#` or `--`) at the very top of the file, each trimmed,
 * counted as file directives only when an empty line separates them from the statements (or
 * nothing follows them).
 */
export function fileComments(text: string): string[] {
  const comments: string[] = [];
  let content = text;
  while (content.startsWith('#') || content.startsWith('--')) {
    const idx = content.indexOf('\n');
    if (idx === -1) {
      comments.push(content);
      break;
    }
    comments.push(content.slice(0, idx).trim());
    content = content.slice(idx + 1);
  }
  if (!content.replace(/^[ \t]+/, '').startsWith('\n') && content !== '') return [];
  return comments;
}

export interface AtlasDirectives {
  transaction: TransactionMode;
  checkpoint: boolean;
}

/** The file directives Atlas acts on, with its own messages (cmdapi txmodeFor) prefixed by the file. */
export function atlasDirectives(text: string, label: string): AtlasDirectives {
  // The lexer (lex.go Scanner.init) takes `-- atlas:delimiter` from the file's first line.
  const delimiter = atlasDirective(text, 'delimiter', '-- ');
  if (delimiter !== undefined) {
    throw new MigrationSourceError(
      `${label}:1: -- atlas:delimiter ${delimiter}: statements cut at a custom delimiter are not supported by migration-test; use ; (or a DELIMITER command on MySQL)`,
    );
  }
  const comments = fileComments(text);
  const found = comments.flatMap((c, i) => {
    const d = atlasDirective(c, 'txmode');
    return d === undefined ? [] : [{ value: d, line: i + 1 }];
  });
  const name = label.split('/').at(-1) ?? label;
  const [first] = found;
  let transaction: TransactionMode = 'transaction';
  if (found.length > 1) {
    const values = found.map((d) => JSON.stringify(d.value)).join(' ');
    throw new MigrationSourceError(
      `${label}:${found[1]?.line}: multiple txmode values found in file "${name}": [${values}]`,
    );
  }
  if (first) {
    if (first.value === 'all') {
      throw new MigrationSourceError(
        `${label}:${first.line}: txmode "all" is not allowed in file directive "${name}". Use "file" instead`,
      );
    }
    if (first.value !== 'none' && first.value !== 'file') {
      throw new MigrationSourceError(
        `${label}:${first.line}: unknown txmode "${first.value}" found in file directive "${name}"`,
      );
    }
    if (first.value === 'none') transaction = 'none';
  }
  const checkpoint = comments.some((c) => atlasDirective(c, 'checkpoint') !== undefined);
  return { transaction, checkpoint };
}

interface AtlasFile {
  file: MigrationFile;
  text: string;
}

export const atlas: MigrationFormat = {
  name: 'atlas',
  recursive: false,
  examples: ['20240101120000_create_users.sql', 'atlas.sum'],
  description: {
    tool: 'Atlas',
    files: '`<version>_<name>.sql` and `atlas.sum` (verified: a mismatch is an error finding)',
    upDown: 'up only (`atlas migrate down` plans downs on a dev database: not run)',
    versions: 'file names in byte order; version: the name up to the first `_`',
    transactions: {
      postgres:
        'one transaction per file (`--tx-mode file`, the default; `all` is not reproduced), none with `-- atlas:txmode none`; `-- atlas:delimiter` refused',
      mysql: 'one transaction per file (DDL commits implicitly), none with `-- atlas:txmode none`',
    },
    detection: '`atlas.sum`',
    example: '20240101120000_create_users.sql with atlas.sum',
  },
  detection: { markers: [SUM_FILE] },
  isMigrationPath: (inside) => topLevelName(inside, (name) => isAtlasFileName(name) || name === SUM_FILE),
  compareVersions: compareBytes,
  parseNewFrom(raw) {
    const value = raw.trim();
    if (/^[^\s_/]+$/.test(value)) return value;
    throw new UsageError(
      `--new-from ${raw}: not an atlas version (the file name up to its first _, e.g. 20240101120000)`,
    );
  },
  outOfOrder:
    'where the base is already deployed `atlas migrate apply` refuses it (added out of order; `--exec-order non-linear` runs it after the newer ones); give it a version above the newest one',
  bookkeeping: ({ table }) => atlasBookkeeping(checkRevisionsSchema(table)),

  async load(files, ctx) {
    const sqlFiles = files
      .filter((f) => f.topLevel && isAtlasFileName(f.name))
      .sort((a, b) => compareBytes(a.name, b.name));
    const down = sqlFiles.find((f) => f.name.endsWith('.down.sql'));
    if (down) {
      throw new MigrationSourceError(
        `${down.file}: a golang-migrate down file beside ${SUM_FILE}: Atlas's own directory format would run it as a migration; for a directory Atlas reads with ?format=golang-migrate, pass --format golang-migrate`,
      );
    }
    if (ctx.dialect === 'postgres') await loadPostgresParser();
    const read: AtlasFile[] = await mapLimited(sqlFiles, async (file) => ({
      file,
      text: await readMigrationFile(file.absPath, file.file),
    }));
    const hashes = await checkSum(read, files, ctx);
    return fromLastCheckpoint(read).map((f) => toMigration(f, hashes));
  },
};

function toMigration({ file, text }: AtlasFile, hashes: ReadonlyMap<string, string>): Migration {
  const { transaction } = atlasDirectives(text, file.file);
  const version = atlasVersion(file.name);
  const name = atlasDescription(file.name);
  return {
    id: migrationId(version, name),
    version,
    name,
    kind: 'versioned',
    up: script(file, text, transaction),
    down: null,
    extra: { hash: hashes.get(file.name) ?? '' },
  };
}

/**
 * On a database with no revisions Atlas starts at the last checkpoint file
 * (FilesFromLastCheckpoint), so the files before it never run there.
 */
function fromLastCheckpoint(read: readonly AtlasFile[]): AtlasFile[] {
  const versions = new Map<string, MigrationFile>();
  let start = 0;
  for (const [i, f] of read.entries()) {
    const version = atlasVersion(f.file.name);
    const other = versions.get(version);
    // Two files of one version would share one revision row.
    if (other) throw duplicateError('atlas', `version ${version}`, other, f.file);
    versions.set(version, f.file);
    if (isSumIgnored(f.text)) {
      throw new MigrationSourceError(
        `${f.file.file}:1: atlas:sum ignore: atlas migrate apply cannot run a file left out of ${SUM_FILE} (checksum not found)`,
      );
    }
    if (atlasDirectives(f.text, f.file.file).checkpoint) start = i;
  }
  return read.slice(start);
}

/**
 * Verifies atlas.sum as `atlas migrate validate` does and returns each file's hash (the
 * revision's `hash`). What does not match is reported, not refused: the report is still written.
 */
async function checkSum(
  read: readonly AtlasFile[],
  files: readonly MigrationFile[],
  ctx: FormatContext,
): Promise<Map<string, string>> {
  const sumFile = files.find((f) => f.topLevel && f.name === SUM_FILE);
  const problem = (message: string, file: string | null): void => {
    const m = file === null ? undefined : read.find((f) => f.file.name === file);
    const id = m ? migrationId(atlasVersion(m.file.name), atlasDescription(m.file.name)) : null;
    ctx.problem({ severity: 'error', rule: 'checksum', message, migration: id });
  };
  let recorded: SumEntry[] | null = null;
  if (!sumFile) {
    problem(`${ctx.dirLabel}: checksum file not found (${SUM_FILE}); run 'atlas migrate hash'`, null);
  } else {
    const parsed = parseAtlasSum(await readMigrationFile(sumFile.absPath, sumFile.file));
    if (parsed.ok) recorded = parsed.entries;
    else problem(`${sumFile.file}: ${parsed.problem}; run 'atlas migrate hash' to re-hash the contents`, null);
  }
  const inputs = read.map((f) => ({ name: f.file.name, text: f.text }));
  const computed = atlasHashFile(inputs, new Map((recorded ?? []).map((e) => [e.name, e.hash])));
  if (recorded && sumFile) {
    const mismatch = firstMismatch(recorded, computed);
    if (mismatch) {
      problem(
        `${sumFile.file}:${mismatch.line}: checksum mismatch: ${mismatch.file} was ${mismatch.reason}; run 'atlas migrate hash' to re-hash the contents`,
        mismatch.file,
      );
    }
  }
  return new Map(computed.map((e) => [e.name, e.hash]));
}
