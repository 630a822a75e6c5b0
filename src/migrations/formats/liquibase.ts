// Liquibase formatted SQL changelogs: each changeset one migration, run as Liquibase runs it
// (liquibase/liquibase liquibase-standard: parser/AbstractFormattedChangeLogParser.java, ported in
// liquibase-parser.ts; the statements cut by util/StringUtil.processMultiLineSQL, ported in liquibase-sql.ts;
// changelog/ChangeSet.java execute: one transaction per changeset unless runInTransaction:false, the
// DATABASECHANGELOG row written in it; dbms filtering by database/DatabaseList.definitionMatches).
import { createHash } from 'node:crypto';
import { MigrationSourceError } from '../../util/errors.js';
import type { Dialect, Migration, MigrationScript, Statement } from '../types.js';
import { readMigrationFile } from '../read-file.js';
import { integerVersions, migrationId, type MigrationFile, type MigrationFormat } from './format.js';
import { changelogEntries, type ChangelogEntry } from './liquibase-changelog.js';
import {
  FormattedSqlError,
  isFormattedSql,
  parseFormattedSql,
  type ParsedChangeset,
  type SourceLine,
} from './liquibase-parser.js';
import { javaTrim, processMultiLineSql, type CutOptions } from './liquibase-sql.js';
import { liquibaseBookkeeping } from './liquibase-bookkeeping.js';

/** A text built from lines of a file, with the way back from an offset to the file's line. */
interface Located {
  text: string;
  lineAt(offset: number): number;
}

function located(parts: readonly SourceLine[], separator: string): Located {
  const starts: number[] = [];
  let text = '';
  for (const p of parts) {
    starts.push(text.length);
    text += p.text + separator;
  }
  return {
    text,
    lineAt(offset) {
      // The last part starting at or before the offset (binary search: a changeset may hold many statements).
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((starts[mid] as number) <= offset) lo = mid;
        else hi = mid - 1;
      }
      return parts[lo]?.line ?? 1;
    },
  };
}

/** The script of a changeset's SQL or rollback: the text Liquibase runs and its statements as Liquibase cuts them. */
function liquibaseScript(file: MigrationFile, source: Located, cut: CutOptions, transaction: boolean): MigrationScript {
  const sql = javaTrim(source.text);
  const shift = source.text.indexOf(sql);
  const statements: Statement[] = processMultiLineSql(sql.replace(/\r/g, ''), cut).map((s) => ({
    sql: s.sql,
    line: source.lineAt(s.at + shift),
  }));
  return {
    absPath: file.absPath,
    file: file.file,
    sql,
    startLine: sql === '' ? 1 : source.lineAt(shift),
    transaction: transaction ? 'transaction' : 'none',
    statements,
  };
}

/** CheckSum version 9 (Liquibase 4.22+): AbstractSQLChange.generateCheckSum, then ChangeSet.generateCheckSum. */
export function liquibaseChecksum(sql: string): string {
  const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex');
  const change = md5(sql.replace(/[ \n\r\t]/g, ''));
  return `9:${md5(`9:${change}:`.normalize('NFC'))}`;
}

/** DatabaseList.definitionMatches for the engine: the short names Liquibase gives it. */
export function dbmsMatches(definition: string | null, dialect: Dialect): boolean {
  const names = dialect === 'postgres' ? ['postgresql'] : ['mysql', 'mariadb'];
  const list = (definition ?? '')
    .split(',')
    .map((d) => d.trim())
    .filter((d) => d !== '');
  if (list.length === 0 || list.includes('all')) return true;
  if (list.includes('none')) return false;
  if (names.some((n) => list.includes(`!${n}`))) return false;
  const wanted = list.filter((d) => !d.startsWith('!'));
  return wanted.length === 0 || names.some((n) => wanted.includes(n));
}

function down(file: MigrationFile, cs: ParsedChangeset): MigrationScript | null {
  if (cs.rollback.length === 0) return null;
  const parts = cs.rollback.flatMap((r) => r.lines.map((l) => ({ text: l.text + r.separator, line: l.line })));
  const source = located(parts, '');
  if (/^(not required|empty)/i.test(javaTrim(source.text))) {
    return { absPath: file.absPath, file: file.file, sql: '', startLine: cs.line, transaction: 'none', statements: [] };
  }
  const cut = {
    stripComments: false,
    splitStatements: cs.rollbackSplitStatements,
    endDelimiter: cs.rollbackEndDelimiter,
  };
  return liquibaseScript(file, source, cut, cs.runInTransaction);
}

/** StringUtil.limitSize: cut to the size with `...` at the end. */
const limitSize = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 3)}...` : s);

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_');

function changesetsOf(entry: ChangelogEntry, text: string, dialect: Dialect): ParsedChangeset[] {
  const { file } = entry;
  let parsed;
  try {
    parsed = parseFormattedSql(text);
  } catch (err) {
    if (err instanceof FormattedSqlError)
      throw new MigrationSourceError(`${file.file} line ${err.line}: ${err.message}`);
    throw err;
  }
  const seen = new Map<string, number>();
  for (const cs of parsed.changesets) {
    const key = `${cs.id}::${cs.author}`;
    const first = seen.get(key);
    if (first !== undefined) {
      throw new MigrationSourceError(
        `${file.file} line ${cs.line}: 1 changesets had duplicate identifiers: ${entry.filename}::${key} (first at line ${first})`,
      );
    }
    seen.set(key, cs.line);
  }
  return parsed.changesets.filter((cs) => !cs.ignore && dbmsMatches(cs.dbms, dialect));
}

function migrationOf(entry: ChangelogEntry, cs: ParsedChangeset, version: string): Migration {
  const { file } = entry;
  const body = located(cs.body, '\n');
  const up = liquibaseScript(file, body, cs, cs.runInTransaction);
  const extra: Record<string, string> = {
    author: cs.author,
    changesetId: cs.id,
    filename: cs.logicalFilePath ?? entry.filename,
    md5sum: liquibaseChecksum(javaTrim(body.text)),
    comments: limitSize(javaTrim(cs.comments ?? ''), 250),
  };
  if (cs.context) extra.contexts = cs.context;
  if (cs.labels) extra.labels = cs.labels;
  if (cs.runOnChange) extra.runOnChange = 'true';
  if (cs.runAlways) extra.runAlways = 'true';
  return {
    id: migrationId(version, safe(`${cs.author}:${cs.id}`)),
    version,
    name: cs.id,
    kind: 'versioned',
    up,
    down: down(file, cs),
    extra,
  };
}

/** Without --changelog: the directory's formatted SQL files (any depth), sorted by path as includeAll sorts them. */
async function directoryEntries(files: readonly MigrationFile[]): Promise<Array<[ChangelogEntry, string]>> {
  const out: Array<[ChangelogEntry, string]> = [];
  const sql = files
    .filter((f) => /\.sql$/i.test(f.name))
    .sort((a, b) => (a.inside < b.inside ? -1 : a.inside > b.inside ? 1 : 0));
  for (const file of sql) {
    const text = await readMigrationFile(file.absPath, file.file);
    if (isFormattedSql(text)) out.push([{ file, filename: file.inside }, text]);
  }
  return out;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export const liquibase: MigrationFormat = {
  name: 'liquibase',
  recursive: true,
  examples: ['changelog.sql starting with --liquibase formatted sql and --changeset author:id lines'],
  description: {
    tool: 'Liquibase formatted SQL',
    files:
      '`*.sql` starting with `--liquibase formatted sql`, `--changeset author:id`; order of `--changelog` (XML/YAML/JSON `include`/`includeAll`) or by path',
    upDown: 'each changeset one migration; `--rollback` lines are its down',
    versions: 'position of the changeset in run order',
    transactions: {
      postgres:
        'one transaction per changeset unless `runInTransaction:false`; statements cut as Liquibase cuts them (`;`, `GO`/`/` lines, `endDelimiter`, `splitStatements:false`)',
      mysql:
        'one transaction per changeset (DDL commits implicitly) unless `runInTransaction:false`; statements cut as Liquibase cuts them',
    },
    detection: '`--liquibase formatted sql` as the first line',
    example: "changelog.sql with '--liquibase formatted sql'",
  },
  detection: { directive: /^\s*--[ \t\x0B\f]*liquibase[ \t\x0B\f]*formatted/i },
  isMigrationPath: (inside) => /\.(sql|xml|ya?ml|json)$/i.test(inside),
  ...integerVersions('liquibase'),
  // Liquibase runs every changeset it has no row for, wherever it sits in the changelog (update).
  outOfOrder:
    'Liquibase runs it where the base is already deployed too (any changeset without a DATABASECHANGELOG row runs), after the deployed ones; on a fresh database it runs in changelog order',
  bookkeeping: ({ table }) => liquibaseBookkeeping(table),

  async load(files, ctx) {
    const entries: Array<[ChangelogEntry, string]> = [];
    if (ctx.changelog !== undefined) {
      for (const entry of await changelogEntries(ctx.changelog, {
        files,
        dirAbs: ctx.dirAbs,
        dirLabel: ctx.dirLabel,
      })) {
        const text = await readMigrationFile(entry.file.absPath, entry.file.file);
        if (!isFormattedSql(text)) {
          throw new MigrationSourceError(
            `${entry.file.file} line 1: not a formatted SQL changelog (its first line must be --liquibase formatted sql); only formatted SQL runs here`,
          );
        }
        entries.push([entry, text]);
      }
    } else entries.push(...(await directoryEntries(files)));
    const changesets: Array<[ChangelogEntry, ParsedChangeset]> = [];
    for (const [entry, text] of entries) {
      for (const cs of changesetsOf(entry, text, ctx.dialect)) changesets.push([entry, cs]);
    }
    const width = Math.max(4, String(changesets.length).length);
    return changesets.map(([entry, cs], i) => migrationOf(entry, cs, pad(i + 1, width)));
  },
};
