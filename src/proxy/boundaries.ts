/**
 * Where one migration of a tool's run ends: when the tool records it in its own table. Each tool
 * writes one row (or updates one) per migration, naming it; the statements since the previous
 * such write are that migration's.
 */

/** The bookkeeping tables of the tools migration-test recognises, lower case, by tool. */
export const BOOKKEEPING_TABLES: Readonly<Record<string, string>> = {
  schema_migrations: 'Rails, Ecto, golang-migrate, dbmate',
  django_migrations: 'Django',
  alembic_version: 'Alembic',
  knex_migrations: 'Knex',
  migrations: 'TypeORM',
  sequelizemeta: 'Sequelize',
  _prisma_migrations: 'Prisma',
  flyway_schema_history: 'Flyway',
  databasechangelog: 'Liquibase',
  goose_db_version: 'goose',
  pgmigrations: 'node-pg-migrate',
  __drizzle_migrations: 'Drizzle',
  _sqlx_migrations: 'sqlx',
  atlas_schema_revisions: 'Atlas',
  schema_migration: 'pop',
};

/**
 * Whether a text mentions one of the tools' tables (or `table`, when the user named it), or
 * its lock table (Knex's knex_migrations_lock): the tool's own reads and writes, and objects.
 */
export function mentionsToolTable(text: string, table?: string): boolean {
  return toolTablePattern(table).test(text.toLowerCase());
}

/** One pattern for all the names, built once per table option: it runs on every statement recorded. */
const patterns = new Map<string, RegExp>();
function toolTablePattern(table: string | undefined): RegExp {
  const key = table ?? '';
  let re = patterns.get(key);
  if (!re) {
    const names = table ? [table.split('.').pop()!.toLowerCase()] : Object.keys(BOOKKEEPING_TABLES);
    const escaped = names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    re = new RegExp(`(^|[^a-z0-9_$])(${escaped.join('|')})(_lock)?($|[^a-z0-9_$])`);
    patterns.set(key, re);
  }
  return re;
}

/** The columns that name a migration in the tools' tables, most telling first. */
const NAME_COLUMNS = ['name', 'migration', 'migration_name', 'version_num', 'version', 'script', 'id', 'version_id'];

/** A bookkeeping write: the tool's table, what it does, and the migrations it names. */
export interface Boundary {
  table: string;
  kind: 'insert' | 'update' | 'delete';
  /** The migration the write records as applied (the value written); null when no value names it. */
  migration: string | null;
  /** The migration its WHERE names (the row an UPDATE replaces or a DELETE removes: a down's migration). */
  reverted: string | null;
}

const WRITE =
  /^\s*(insert\s+into|update|delete\s+from)\s+((?:"(?:[^"]|"")+"|`[^`]+`|[\w$]+)(?:\s*\.\s*(?:"(?:[^"]|"")+"|`[^`]+`|[\w$]+))?)/i;

function bareName(qualified: string): string {
  const parts = qualified.split(/\s*\.\s*/);
  const last = parts[parts.length - 1] ?? '';
  return last
    .replace(/^["`]|["`]$/g, '')
    .replace(/""/g, '"')
    .toLowerCase();
}

/**
 * The boundary a statement marks, if it writes one of the tools' tables (or `table`, when the
 * user named the tool's table): an INSERT INTO, UPDATE or DELETE FROM it. A migration's name is
 * the value of the first naming column, a parameter ($n, ?) or a literal: the one written (an
 * up), and the one its WHERE names (the row a down replaces or removes).
 */
export function boundaryOf(sql: string, params: readonly (string | null)[] | null, table?: string): Boundary | null {
  const m = WRITE.exec(params && sql.includes('?') ? numberedPlaceholders(sql) : sql);
  if (!m) return null;
  const name = bareName(m[2] ?? '');
  const wanted = table ? table.split('.').pop()!.toLowerCase() : null;
  if (wanted ? name !== wanted : !(name in BOOKKEEPING_TABLES)) return null;
  const verb = (m[1] ?? '').toLowerCase();
  const kind = verb.startsWith('insert') ? 'insert' : verb.startsWith('update') ? 'update' : 'delete';
  const rest = m.input.slice(m[0].length);
  const written =
    kind === 'insert' ? insertedValues(rest) : kind === 'update' ? updatedValues(rest) : new Map<string, string>();
  return {
    table: name,
    kind,
    migration: namingValue(written, params),
    reverted: kind === 'insert' ? null : namingValue(whereValues(rest), params),
  };
}

/** The value of the first naming column among `values`, resolved. */
function namingValue(values: ReadonlyMap<string, string>, params: readonly (string | null)[] | null): string | null {
  for (const column of NAME_COLUMNS) {
    const v = values.get(column);
    if (v === undefined) continue;
    const value = valueOf(v, params);
    if (value !== null) return value;
  }
  return null;
}

/** Column -> value text of the equalities of a top-level `WHERE a = x AND b = y`. */
function whereValues(rest: string): Map<string, string> {
  const out = new Map<string, string>();
  const where = /\bwhere\b([\s\S]*)$/i.exec(rest);
  if (!where) return out;
  const pair =
    /((?:"(?:[^"]|"")+"|`[^`]+`|[\w$]+)(?:\s*\.\s*(?:"(?:[^"]|"")+"|`[^`]+`|[\w$]+))*)\s*=\s*((?:E)?'(?:[^']|'')*'(?:::\w+)?|\$\d+|-?\d+)/gi;
  for (const p of (where[1] ?? '').matchAll(pair)) out.set(bareName(p[1] ?? ''), p[2] ?? '');
  return out;
}

/** Column -> value text of `(a, b) VALUES (x, y)`; the first row only. */
function insertedValues(rest: string): Map<string, string> {
  const out = new Map<string, string>();
  const cols = /^\s*\(([^)]*)\)\s*values\s*\(/i.exec(rest);
  if (!cols) {
    // Without a column list the first value is the table's first column: the version in every tool's table.
    const bare = /^\s*values\s*\(/i.exec(rest);
    const first = bare ? splitList(rest.slice(bare[0].length), ')')[0] : undefined;
    if (first !== undefined) out.set('version', first);
    return out;
  }
  const columns = splitList(cols[1] ?? '').map(bareName);
  const values = splitList(rest.slice(cols[0].length), ')');
  columns.forEach((c, i) => {
    const v = values[i];
    if (v !== undefined) out.set(c, v);
  });
  return out;
}

/** Column -> value text of `SET a = x, b = y`. */
function updatedValues(rest: string): Map<string, string> {
  const out = new Map<string, string>();
  const set = /^\s*set\s+/i.exec(rest);
  if (!set) return out;
  for (const assignment of splitList(rest.slice(set[0].length), 'where')) {
    const eq = assignment.indexOf('=');
    if (eq > 0) out.set(bareName(assignment.slice(0, eq).trim()), assignment.slice(eq + 1).trim());
  }
  return out;
}

/**
 * Splits a comma-separated list at top level (outside quotes and parentheses), up to a closing
 * parenthesis or a WHERE at top level when `end` says so.
 */
function splitList(text: string, end?: ')' | 'where'): string[] {
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  let i = 0;
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "'" || ch === '"' || ch === '`') {
      const close = text.indexOf(ch, i + 1);
      i = close < 0 ? text.length : close;
      continue;
    }
    if (ch === '(') depth++;
    else if (ch === ')') {
      if (depth === 0 && end === ')') break;
      depth--;
    } else if (ch === ',' && depth === 0) {
      items.push(text.slice(start, i).trim());
      start = i + 1;
    } else if (end === 'where' && depth === 0 && /^where\b/i.test(text.slice(i)) && /\s/.test(text[i - 1] ?? ' ')) {
      break;
    }
  }
  items.push(text.slice(start, i).trim());
  return items.filter((s) => s !== '');
}

/** MySQL's `?` placeholders (outside quotes) as `$1`, `$2`, … in order, as the parameters come. */
function numberedPlaceholders(sql: string): string {
  let n = 0;
  let out = '';
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '"' || ch === '`') {
      const close = sql.indexOf(ch, i + 1);
      const end = close < 0 ? sql.length : close + 1;
      out += sql.slice(i, end);
      i = end - 1;
    } else out += ch === '?' ? `$${++n}` : ch;
  }
  return out;
}

/** A value's text: a parameter's value, a quoted literal unquoted, a number as written; null otherwise. */
function valueOf(text: string, params: readonly (string | null)[] | null): string | null {
  const placeholder = /^\$(\d+)$/.exec(text);
  if (placeholder) return params?.[Number(placeholder[1]) - 1] ?? null;
  const literal = /^(?:E)?'((?:[^']|'')*)'(?:::\w+)?$/i.exec(text);
  if (literal) return (literal[1] ?? '').replace(/''/g, "'");
  if (/^-?\d+$/.test(text)) return text;
  return null;
}
