import { normalizeSync } from 'libpg-query';
import {
  PgLexer,
  T_CLOSE,
  T_EOF,
  T_NUMBER,
  T_OPEN,
  T_OPEN_COMMENT,
  T_PARAM,
  T_QUOTED_IDENT,
  T_STRING,
  T_WORD,
} from './lexer/postgres-lexer.js';
import { assertPostgresParserLoaded } from './postgres.js';

/*
 * The text of a statement for grouping query statistics, shown publicly: no literal value may
 * survive. libpg-query's normalizeSync replaces the constants of DML by $n, but it leaves those
 * of DDL (DEFAULT 42, CHECK (a > 5), COMMENT ... IS 'x', CREATE VIEW ... 'x') and comments, and
 * returns some errors as if they were its result. So its output (or, when it fails, the input)
 * always goes through a second pass on tokens that replaces every literal left by `?`.
 */

/** Normalize for grouping query statistics (see the module comment); never leaks literals. */
export function normalizePostgres(sql: string): string {
  assertPostgresParserLoaded('normalizePostgres');
  const block = anonymousBlock(sql);
  if (block) return `${block.head} $$ ${tokenPass(block.body)} $$`;
  let text = sql;
  // a bulk INSERT of many megabytes would build a parse tree of hundreds: the token pass suffices
  if (sql.length <= MAX_NORMALIZE) {
    try {
      const normalized = normalizeSync(sql);
      if (!looksLikeAnError(normalized, sql)) text = normalized;
    } catch {
      // syntax errors (and anything else it cannot handle): the token pass does it all
    }
  }
  return tokenPass(text);
}

const MAX_NORMALIZE = 1024 * 1024;

function tokenPass(text: string): string {
  return render(collapseLists(literalsReplaced(text)));
}

/**
 * A DO block's code is one string literal, which would leave `DO $1`: the same text for every
 * block, saying nothing of which one was slow. Its body is PL/pgSQL, close enough to SQL for
 * the token pass to keep its words and hide its literals (`DO $$ BEGIN UPDATE t SET a = ? …`).
 */
function anonymousBlock(sql: string): { head: string; body: string } | null {
  const lx = new PgLexer(sql);
  const words: string[] = [];
  let body: string | null = null;
  for (let kind = lx.next(); kind !== T_EOF; kind = lx.next()) {
    if (kind === T_OPEN_COMMENT) continue;
    const text = sql.slice(lx.start, lx.end);
    if (kind === T_STRING && body === null && words.length > 0) body = dollarQuoted(text);
    else if (kind === T_WORD && words.length < 3) words.push(text.toUpperCase());
    else return null;
    if (words.length > 0 && words[0] !== 'DO') return null;
    if (kind === T_STRING && body === null) return null;
  }
  // DO [LANGUAGE name] body [LANGUAGE name]
  const language = words.slice(1);
  if (body === null || !(language.length === 0 || (language.length === 2 && language[0] === 'LANGUAGE'))) return null;
  return { head: ['DO', ...language].join(' '), body };
}

/** The text inside $tag$…$tag$, or null for another kind of string (whose escapes it does not undo). */
function dollarQuoted(literal: string): string | null {
  const tag = /^\$[^$]*\$/.exec(literal)?.[0];
  if (!tag || literal.length < tag.length * 2 || !literal.endsWith(tag)) return null;
  return literal.slice(tag.length, literal.length - tag.length);
}

interface Tok {
  text: string;
  kind: number;
  /** Whether whitespace or a comment came before it. */
  gap: boolean;
}

/**
 * Some errors come back as the result: `unterminated quoted string at or near "'abc"`. They
 * do not start like the statement, and they quote the offending text as if it were an
 * identifier, where the statement itself has no such identifier.
 */
function looksLikeAnError(normalized: string, sql: string): boolean {
  const ours = tokenTexts(sql);
  const theirs = tokenTexts(normalized);
  if (theirs[0] !== ours[0]) return true;
  const identifiers = new Set(ours.filter((t) => t.startsWith('"')));
  return theirs.some((t) => t.startsWith('"') && !identifiers.has(t));
}

/** The text of the first token and of every quoted identifier (only what the check needs). */
function tokenTexts(sql: string): string[] {
  const lx = new PgLexer(sql);
  const out: string[] = [];
  for (let kind = lx.next(); kind !== T_EOF; kind = lx.next()) {
    if (out.length === 0 || kind === T_QUOTED_IDENT) out.push(sql.slice(lx.start, lx.end));
  }
  return out;
}

/**
 * The statement's tokens, comments left out, each literal as `?`. Whether a backslash escapes
 * a quote depends on standard_conforming_strings, which the statement does not tell; lexed the
 * wrong way, the text after a string like 'C:\' falls out of phase, and a following literal
 * would be read as words. So the string spans of both readings are hidden: a token touching
 * either becomes `?` (one `?` for a run of them).
 */
function literalsReplaced(sql: string): Tok[] {
  const escaped = literalSpans(sql, true);
  const lx = new PgLexer(sql);
  const out: Tok[] = [];
  let prevEnd = 0;
  let span = 0;
  for (let kind = lx.next(); kind !== T_EOF; kind = lx.next()) {
    const gap = lx.start > prevEnd;
    prevEnd = lx.end;
    if (kind === T_OPEN_COMMENT) continue;
    while (span < escaped.length && (escaped[span + 1] as number) <= lx.start) span += 2;
    const hidden =
      kind === T_STRING || kind === T_NUMBER || (span < escaped.length && (escaped[span] as number) < lx.end);
    if (!hidden) out.push({ text: sql.slice(lx.start, lx.end), kind, gap });
    else if (out[out.length - 1]?.kind !== T_STRING) out.push({ text: '?', kind: T_STRING, gap });
  }
  return out;
}

/** [start, end, start, end, ...] of the string tokens, with backslashes escaping or not. */
function literalSpans(sql: string, backslashEscapes: boolean): number[] {
  const lx = new PgLexer(sql);
  lx.scsOff = backslashEscapes;
  const spans: number[] = [];
  for (let kind = lx.next(); kind !== T_EOF; kind = lx.next()) {
    if (kind === T_STRING) spans.push(lx.start, lx.end);
  }
  return spans;
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
      for (let k = i + 1; k <= end; k++) out.push(toks[k] as Tok);
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
