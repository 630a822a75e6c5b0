/**
 * What a statement does outside the user's rows, as far as the session's Handler_* counters
 * go (MariaDB): the counters count every handler call of the session, system tables included,
 * and a TRUNCATE or DROP TABLE empties a table without a single Handler_delete.
 *
 * Measured on MariaDB 10.11 (SHOW SESSION STATUS around each statement):
 *   CREATE PROCEDURE / FUNCTION       Handler_write +1 (its row in mysql.proc)
 *   DROP PROCEDURE / FUNCTION         Handler_delete +1, Rows_read +1 (the row found, then deleted)
 *   CREATE EVENT / DROP EVENT         the same on mysql.event
 *   CREATE/DROP VIEW, TRIGGER         nothing (.frm/.TRG files)
 *   CREATE USER, GRANT, ...           rows of mysql.global_priv, mysql.db, ...
 *   TRUNCATE / DROP TABLE             no Handler_delete, whatever the table held
 * The cost varies (IF EXISTS on nothing costs nothing, OR REPLACE costs a delete and a write,
 * a GRANT as many rows as privileges), so it is not subtracted from a table: the engine reads
 * the session's counters around such a statement and takes what it did out (engine.ts).
 */
export type StatementEffect =
  /** Writes only system tables (or files): none of its handler calls touch user rows. */
  | { kind: 'system' }
  /** Empties these tables (names as written: `db`.`t` or t) without counting deleted rows. */
  | { kind: 'removes'; tables: string[] }
  | null;

/** Objects whose definitions live in system tables or files, never in user rows. */
const SYSTEM_OBJECTS = new Set([
  'PROCEDURE',
  'FUNCTION',
  'EVENT',
  'TRIGGER',
  'VIEW',
  'USER',
  'ROLE',
  'SERVER',
  'PACKAGE',
]);
/** Statements on accounts, privileges and plugins: they write the mysql schema only. */
const SYSTEM_STATEMENTS = new Set(['GRANT', 'REVOKE', 'INSTALL', 'UNINSTALL']);
/** Words between CREATE/ALTER and the object's kind. */
const MODIFIERS = new Set(['OR', 'REPLACE', 'AGGREGATE', 'SQL', 'SECURITY', 'INVOKER', 'DEFINITION', 'ONLY']);

interface Token {
  text: string;
  /** A backquoted identifier: never a keyword. */
  quoted: boolean;
}

/** How many tokens of a statement's head are looked at. */
const HEAD_TOKENS = 200;

export function statementEffect(sql: string): StatementEffect {
  const t = headTokens(sql, HEAD_TOKENS);
  const w = (k: number) => (t[k] && !t[k].quoted ? t[k].text.toUpperCase() : '');
  const first = w(0);
  if (SYSTEM_STATEMENTS.has(first)) return { kind: 'system' };
  if (first === 'RENAME' && w(1) === 'USER') return { kind: 'system' };
  if (first === 'SET' && (w(1) === 'PASSWORD' || (w(1) === 'DEFAULT' && w(2) === 'ROLE'))) return { kind: 'system' };
  if (first === 'TRUNCATE') return { kind: 'removes', tables: tableNames(t, w(1) === 'TABLE' ? 2 : 1, true) };
  if (first === 'DROP') {
    let k = 1;
    if (w(k) === 'TEMPORARY') k++;
    if (w(k) === 'TABLE' || w(k) === 'TABLES') {
      k++;
      if (w(k) === 'IF' && w(k + 1) === 'EXISTS') k += 2;
      return { kind: 'removes', tables: tableNames(t, k, false) };
    }
  }
  if (first === 'CREATE' || first === 'ALTER' || first === 'DROP') {
    const kind = objectKind(t, w);
    return kind !== null && SYSTEM_OBJECTS.has(kind) ? { kind: 'system' } : null;
  }
  return null;
}

/** The kind of object a CREATE/ALTER/DROP names, past OR REPLACE, DEFINER = ..., ALGORITHM = ... */
function objectKind(t: Token[], w: (k: number) => string): string | null {
  let k = 1;
  while (k < t.length) {
    const word = w(k);
    if ((word === 'DEFINER' || word === 'ALGORITHM') && t[k + 1]?.text === '=') {
      // the account (`'u'@'h'`, u@h, CURRENT_USER[()]) or the algorithm's name
      k += 3;
      for (;;) {
        const next = t[k]?.quoted ? '' : t[k]?.text;
        if (next === '@') k += 2;
        else if (next === '(' || next === ')') k++;
        else break;
      }
      continue;
    }
    if (word === 'DEFINER') {
      // SQL SECURITY DEFINER
      k++;
      continue;
    }
    if (MODIFIERS.has(word)) {
      k++;
      continue;
    }
    return word || null;
  }
  return null;
}

/** Table names from token k on: `a`, `db`.`b`, separated by commas (TRUNCATE takes one). */
function tableNames(t: Token[], k: number, one: boolean): string[] {
  const out: string[] = [];
  while (k < t.length) {
    let name = ident(t[k]);
    if (name === null) break;
    k++;
    if (t[k]?.text === '.' && !t[k]!.quoted) {
      const second = ident(t[k + 1]);
      if (second === null) break;
      name = `${name}.${second}`;
      k += 2;
    }
    out.push(name);
    if (one || t[k]?.text !== ',') break;
    k++;
  }
  return out;
}

/** An identifier, backquoted for use in a query. */
function ident(tok: Token | undefined): string | null {
  if (!tok) return null;
  if (tok.quoted) return `\`${tok.text.replace(/`/g, '``')}\``;
  return /^[A-Za-z0-9_$\u0080-\uffff]+$/.test(tok.text) ? `\`${tok.text}\`` : null;
}

/** MySQL's `-- ` comment: two dashes and then a space or control character (or the end). */
function isDashComment(sql: string, i: number): boolean {
  if (!sql.startsWith('--', i)) return false;
  const next = sql.charCodeAt(i + 2);
  return Number.isNaN(next) || next <= 32;
}

/**
 * Words, backquoted identifiers (their names), strings (as "'") and single characters of the
 * statement's start; comments skipped, executable comments (/*!50003 ... *\/) read as text.
 */
function headTokens(sql: string, max: number): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < sql.length && out.length < max) {
    const c = sql[i]!;
    if (/\s/.test(c)) i++;
    else if (c === '#' || isDashComment(sql, i)) {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl + 1;
    } else if (sql.startsWith('/*!', i) || sql.startsWith('/*M!', i)) {
      i += sql[i + 2] === 'M' ? 4 : 3;
      while (/[0-9]/.test(sql[i] ?? '')) i++;
    } else if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (sql.startsWith('*/', i)) i += 2;
    else if (c === '`') {
      let j = i + 1;
      let name = '';
      while (j < sql.length) {
        if (sql[j] === '`') {
          if (sql[j + 1] === '`') {
            name += '`';
            j += 2;
            continue;
          }
          break;
        }
        name += sql[j];
        j++;
      }
      out.push({ text: name, quoted: true });
      i = j + 1;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < sql.length && sql[j] !== c) j += sql[j] === '\\' ? 2 : 1;
      out.push({ text: "'", quoted: false });
      i = j + 1;
    } else {
      const m = /^[A-Za-z0-9_$\u0080-\uffff]+/.exec(sql.slice(i, i + 256));
      const text = m ? m[0] : c;
      out.push({ text, quoted: false });
      i += text.length;
    }
  }
  return out;
}
