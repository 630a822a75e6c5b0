import { normalizeSync } from 'libpg-query';
import { PgLexer, T_CLOSE, T_EOF, T_NUMBER, T_OPEN, T_OPEN_COMMENT, T_PARAM, T_STRING, T_WORD } from './postgres.js';

/*
 * The text of a statement for grouping query statistics, shown publicly: no literal value may
 * survive. libpg-query's normalizeSync replaces the constants of DML by $n, but it leaves those
 * of DDL (DEFAULT 42, CHECK (a > 5), COMMENT ... IS 'x', CREATE VIEW ... 'x') and comments, and
 * returns some errors as if they were its result. So its output (or, when it fails, the input)
 * always goes through a second pass on tokens that replaces every literal left by `?`.
 */

/** Normalize for grouping query statistics (see the module comment); never leaks literals. */
export function normalizePostgres(sql: string): string {
  let text = sql;
  try {
    const normalized = normalizeSync(sql);
    // an error comes back as the result ("unterminated quoted string at or near ...")
    if (firstToken(normalized) === firstToken(sql)) text = normalized;
  } catch {
    // utility statements it cannot handle, syntax errors: the token pass does it all
  }
  return render(collapseLists(literalsReplaced(text)));
}

interface Tok {
  text: string;
  kind: number;
  /** Whether whitespace or a comment came before it. */
  gap: boolean;
}

function firstToken(sql: string): string {
  const lx = new PgLexer(sql);
  return lx.next() === T_EOF ? '' : sql.slice(lx.start, lx.end);
}

function literalsReplaced(sql: string): Tok[] {
  const lx = new PgLexer(sql);
  // Lexing as if standard_conforming_strings were off makes a backslash escape the quote in
  // any string: where the statement really ran with it on, a string ending in a backslash
  // then swallows what follows, which hides too much but never shows too much.
  lx.scsOff = true;
  const out: Tok[] = [];
  let prevEnd = 0;
  for (let kind = lx.next(); kind !== T_EOF; kind = lx.next()) {
    const gap = lx.start > prevEnd;
    prevEnd = lx.end;
    if (kind === T_OPEN_COMMENT) continue;
    if (kind === T_STRING || kind === T_NUMBER) out.push({ text: '?', kind: T_STRING, gap });
    else out.push({ text: sql.slice(lx.start, lx.end), kind, gap });
  }
  return out;
}

const isPlaceholder = (t: Tok | undefined): boolean => t !== undefined && (t.kind === T_STRING || t.kind === T_PARAM);
const isWord = (t: Tok | undefined, word: string): boolean =>
  t !== undefined && t.kind === T_WORD && t.text.length === word.length && t.text.toUpperCase() === word;
const isComma = (t: Tok | undefined): boolean => t !== undefined && t.text === ',';

/** Index of the `)` matching the `(` at `open`, or -1. */
function closing(toks: Tok[], open: number): number {
  let depth = 0;
  for (let i = open; i < toks.length; i++) {
    const kind = (toks[i] as Tok).kind;
    if (kind === T_OPEN) depth++;
    else if (kind === T_CLOSE && --depth === 0) return i;
  }
  return -1;
}

/**
 * VALUES (..), (..), .. keeps its first row, so inserts of any number of rows group together;
 * IN (a, b, ..) of constants becomes IN ($1 /*, ... *\/), as pg_stat_statements 18 shows it.
 */
function collapseLists(toks: Tok[]): Tok[] {
  const out: Tok[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as Tok;
    out.push(t);
    const open = toks[i + 1];
    if (open?.kind !== T_OPEN) continue;
    if (isWord(t, 'VALUES')) {
      let end = closing(toks, i + 1);
      if (end < 0) continue;
      out.push(...toks.slice(i + 1, end + 1));
      while (isComma(toks[end + 1]) && toks[end + 2]?.kind === T_OPEN) {
        const next = closing(toks, end + 2);
        if (next < 0) break;
        end = next;
      }
      i = end;
    } else if (isWord(t, 'IN')) {
      let j = i + 2;
      let count = 0;
      while (isPlaceholder(toks[j]) && (isComma(toks[j + 1]) || toks[j + 1]?.kind === T_CLOSE)) {
        count++;
        j += 2;
        if (toks[j - 1]?.kind === T_CLOSE) break;
      }
      if (count < 2 || toks[j - 1]?.kind !== T_CLOSE) continue;
      out.push(open, toks[i + 2] as Tok, { text: '/*, ... */', kind: T_WORD, gap: true }, toks[j - 1] as Tok);
      i = j - 1;
    }
  }
  return out;
}

/** The tokens as text: one space where there was any gap, `$n` numbered in order. */
function render(toks: Tok[]): string {
  let out = '';
  let param = 0;
  for (const t of toks) {
    if (t.gap && out) out += ' ';
    out += t.kind === T_PARAM ? `$${++param}` : t.text;
  }
  return out;
}
