import { loadModule, parseSync, scanSync } from 'libpg-query';
import type { Statement } from '../types.js';
import { LineCounter } from './lexer/lines.js';
import { PgLexer, T_EOF, T_SEMI, T_WORD, standardConformingStringsOff } from './lexer/postgres-lexer.js';
import { Nesting } from './postgres-nesting.js';

/*
 * PostgreSQL script splitting.
 *
 * The real parser (libpg-query) is the authority on statement boundaries, but it cannot be
 * run on a whole file of a million statements (its JSON tree would not fit in a string), and
 * its scanner's JSON is slower than the parser. So a small lexer written here proposes
 * boundaries (it only needs to know what is a string, a comment, a parenthesis or a `;`),
 * the parser settles them chunk by chunk, and where a chunk does not parse (a syntax error
 * the server should report) the libpg-query scanner splits it instead. Parser and scanner
 * offsets are UTF-8 byte offsets; everything else here is in JS string indices.
 */

// The lexer lives in ./lexer/ (shared with the normaliser and the dump reader); it stays
// importable from here.
export {
  PgLexer,
  T_CLOSE,
  T_DOT,
  T_EOF,
  T_NUMBER,
  T_OP,
  T_OPEN,
  T_OPEN_COMMENT,
  T_PARAM,
  T_QUOTED_IDENT,
  T_SEMI,
  T_STRING,
  T_WORD,
} from './lexer/postgres-lexer.js';

let loading: Promise<void> | null = null;
let loaded = false;

/** Load the WASM parser once; every other function here may assume it was awaited. Idempotent. */
export function loadPostgresParser(): Promise<void> {
  loading ??= loadModule().then(() => {
    loaded = true;
  });
  return loading;
}

/** Internal: without the parser every fallback would quietly take over, so fail loudly. */
export function assertPostgresParserLoaded(caller: string): void {
  if (!loaded) throw new Error(`${caller}: await loadPostgresParser() first`);
}

/**
 * Statements as the lexer sees them, as parallel arrays of numbers: significant text
 * [start, end), its `;` at `semi` or -1. No object per statement: a chunk's pieces are all
 * alive while the parser settles it, which allocates a lot, so objects for them would be
 * found alive at young-generation collections and V8 would start allocating them straight
 * into the old generation (pretenuring), where a long file's worth piles up.
 */
class Pieces {
  readonly start: number[] = [];
  readonly end: number[] = [];
  readonly semi: number[] = [];

  get length(): number {
    return this.start.length;
  }

  push(start: number, end: number, semi: number): void {
    this.start.push(start);
    this.end.push(end);
    this.semi.push(semi);
  }

  clear(): void {
    this.start.length = this.end.length = this.semi.length = 0;
  }
}

/** Cuts a script into pieces with the lexer, following SET standard_conforming_strings. */
class PieceLexer {
  private readonly lx: PgLexer;
  private readonly nesting = new Nesting();

  constructor(readonly text: string) {
    // a byte order mark is not part of the first statement (the server would choke on it)
    this.lx = new PgLexer(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  }

  get escapes(): readonly number[] {
    return this.lx.escapes;
  }

  /** Appends the next piece to `out`; false at the end of the text. */
  next(out: Pieces): boolean {
    const lx = this.lx;
    const nesting = this.nesting;
    nesting.reset();
    let start = -1;
    let end = -1;
    let head: string[] | null = null;
    for (;;) {
      const kind = lx.next();
      if (kind === T_EOF) {
        if (start < 0) return false;
        out.push(start, end, -1);
        return true;
      }
      if (kind === T_SEMI && nesting.canEnd()) {
        if (start < 0) continue; // an empty statement
        if (head) this.followSettings(head);
        out.push(start, end, lx.start);
        return true;
      }
      if (start < 0) {
        start = lx.start;
        const first = kind === T_WORD ? lx.text.slice(lx.start, lx.end).toUpperCase() : '';
        if (first === 'SET' || first === 'RESET') head = [];
      }
      end = lx.end;
      if (head && head.length < 6) head.push(lx.text.slice(lx.start, lx.end).toLowerCase());
      if (kind === T_WORD) nesting.word(lx.text.slice(lx.start, lx.end));
      else nesting.punctuation(kind);
    }
  }

  /** `head`: the statement's first tokens, lower-cased, after SET or RESET. */
  private followSettings(head: string[]): void {
    const scsOff = standardConformingStringsOff(head);
    if (scsOff !== null) this.lx.scsOff = scsOff;
  }
}

/**
 * Runs are handed to the parser once this long; a single statement past MAX_PARSE never is.
 * Small, so that each run's parse tree (its JSON is about 13 times the SQL) dies young: at
 * 16 KiB and more, V8 allocated the trees' objects straight into the old generation
 * (pretenuring) and a million statements took 100 MB more memory; at 4 KiB the splitting is
 * no slower.
 */
const CHUNK = 4 * 1024;
const MAX_PARSE = 4 * 1024 * 1024;

/** Split a script into statements as the server will receive them. startLine: the 1-based line in the file at which `sql` begins (default 1). */
export function splitPostgres(sql: string, startLine = 1): Statement[] {
  return [...iteratePostgres(sql, startLine)];
}

/**
 * The statements of `splitPostgres`, one at a time: the text is cut and settled chunk by
 * chunk (about 4 KiB at a time), so memory holds one chunk's statements, not the file's.
 */
export function* iteratePostgres(sql: string, startLine = 1): Generator<Statement, void, undefined> {
  assertPostgresParserLoaded('iteratePostgres');
  const lines = new LineCounter(sql, startLine);
  const lexer = new PieceLexer(sql);
  const run = new Pieces();
  function* statements(pieces: Pieces): Generator<Statement, void, undefined> {
    for (let k = 0; k < pieces.length; k++) {
      const start = pieces.start[k] as number;
      yield { sql: sql.slice(start, pieces.end[k]), line: lines.lineAt(start) };
    }
  }
  let size = 0;
  while (lexer.next(run)) {
    const last = run.length - 1;
    const start = run.start[last] as number;
    const end = run.end[last] as number;
    if (end - start > MAX_PARSE) {
      // never parsed: what came before it is settled, then it goes alone
      run.start.pop();
      run.end.pop();
      run.semi.pop();
      yield* statements(settle(sql, lexer, run));
      run.clear();
      size = 0;
      yield { sql: sql.slice(start, end), line: lines.lineAt(start) };
      continue;
    }
    size += end - start;
    if (size >= CHUNK) {
      yield* statements(settle(sql, lexer, run));
      run.clear();
      size = 0;
    }
  }
  yield* statements(settle(sql, lexer, run));
}

/**
 * The final statements of a run of pieces: the parser's boundaries, or, where the run does
 * not parse, the scanner's. The run ends on a `;`, so a parse failing "at end of input" means
 * the lexer cut a statement short: the run is retried with more pieces taken from the lexer.
 */
function settle(sql: string, lexer: PieceLexer, run: Pieces): Pieces {
  for (;;) {
    const n = run.length;
    if (n === 0) return run;
    const from = run.start[0] as number;
    const lastSemi = run.semi[n - 1] as number;
    const to = lastSemi >= 0 ? lastSemi + 1 : (run.end[n - 1] as number);
    if (to - from > 2 * MAX_PARSE) return run;
    const text = maskEscapes(sql, from, to, lexer.escapes);
    // libpg-query takes C strings: a NUL would silently end the text it sees
    if (text.includes('\0')) return run;
    let bounds: StatementBounds;
    try {
      const stmts = parseSync(text).stmts ?? [];
      bounds = { loc: stmts.map((s) => s.stmt_location ?? 0), len: stmts.map((s) => s.stmt_len ?? 0) };
    } catch (err) {
      if (lastSemi >= 0 && to - from < MAX_PARSE && /at end of input/.test(String(err))) {
        // as many more pieces again, at least one
        let taken = 0;
        while (taken < n && lexer.next(run)) taken++;
        if (taken > 0) continue;
      }
      return scannerPieces(text, from) ?? run;
    }
    return parserPieces(text, from, bounds, run);
  }
}

/** The parser's statements: byte offsets, and lengths in bytes (0: to the end of the text). */
interface StatementBounds {
  loc: number[];
  len: number[];
}

/** Pieces from the parser's statements; the lexer's own when they agree (nearly always). */
function parserPieces(text: string, from: number, bounds: StatementBounds, run: Pieces): Pieces {
  const total = Buffer.byteLength(text);
  const toBytes = total === text.length ? (k: number) => k : jsToBytes(text);
  const ends = bounds.loc.map((loc, i) => {
    const len = bounds.len[i] as number;
    return len ? loc + len : total;
  });
  let agree = ends.length === run.length;
  for (let i = 0; agree && i < run.length; i++) {
    const semi = run.semi[i] as number;
    agree = toBytes((semi >= 0 ? semi : (run.end[i] as number)) - from) === ends[i];
  }
  if (agree) return run;
  const toJs = total === text.length ? (k: number) => k : bytesToJs(text);
  const pieces = new Pieces();
  for (let i = 0; i < ends.length; i++) {
    const a = toJs(bounds.loc[i] as number);
    const trimmed = trimToTokens(text, a, toJs(ends[i] as number));
    if (trimmed) pieces.push(from + trimmed[0], from + trimmed[1], -1);
  }
  return pieces;
}

/** The span from the first to the last token in text[a, b), or null when it has none. */
function trimToTokens(text: string, a: number, b: number): [number, number] | null {
  const lx = new PgLexer(text, a, b);
  if (lx.next() === T_EOF) return null;
  const start = lx.start;
  let end = lx.end;
  while (lx.next() !== T_EOF) end = lx.end;
  return [start, end];
}

/** The fallback for text that does not parse: cut at the libpg-query scanner's `;` tokens. */
function scannerPieces(text: string, from: number): Pieces | null {
  let tokens;
  try {
    tokens = scanSync(text).tokens ?? [];
  } catch {
    return null; // an unterminated quote or comment: the lexer's pieces say the same
  }
  const toJs = Buffer.byteLength(text) === text.length ? (k: number) => k : bytesToJs(text);
  const nesting = new Nesting();
  const pieces = new Pieces();
  let start = -1;
  let end = -1;
  for (const t of tokens) {
    if (t.tokenName === 'SQL_COMMENT' || t.tokenName === 'C_COMMENT') continue;
    const s = toJs(t.start);
    const e = toJs(t.end);
    if (t.tokenName === 'ASCII_59' && nesting.canEnd()) {
      if (start >= 0) pieces.push(from + start, from + end, from + s);
      start = -1;
      nesting.reset();
      continue;
    }
    if (start < 0) start = s;
    end = e;
    if (t.tokenName === 'ASCII_40') nesting.open();
    else if (t.tokenName === 'ASCII_41') nesting.close();
    else if (t.tokenName === 'ASCII_46') nesting.dot();
    else if (t.tokenName === 'IDENT' || t.keywordName !== 'NO_KEYWORD') nesting.word(t.text);
    else nesting.other();
  }
  if (start >= 0) pieces.push(from + start, from + end, -1);
  return pieces;
}

/** Converts increasing JS indices of `text` to UTF-8 byte offsets. */
function jsToBytes(text: string): (k: number) => number {
  let js = 0;
  let bytes = 0;
  return (k) => {
    for (; js < k; js++) {
      const c = text.charCodeAt(js);
      if (c < 0x80) bytes++;
      else if (c < 0x800) bytes += 2;
      else if (c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(js + 1) & 0xfc00) === 0xdc00) {
        bytes += 4; // with its low surrogate
        js++;
      } else bytes += 3; // a lone surrogate too: Buffer writes U+FFFD for it
    }
    return bytes;
  };
}

/** Converts increasing UTF-8 byte offsets (at character boundaries) of `text` to JS indices. */
function bytesToJs(text: string): (k: number) => number {
  const buf = Buffer.from(text);
  let js = 0;
  let bytes = 0;
  return (k) => {
    js += buf.toString('utf8', bytes, k).length;
    bytes = k;
    return js;
  };
}

/** `sql[from, to)` with each `\'` escape of a standard_conforming_strings=off string as `''`. */
function maskEscapes(sql: string, from: number, to: number, escapes: readonly number[]): string {
  let i = lowerBound(escapes, from);
  if (i >= escapes.length || (escapes[i] as number) >= to) return sql.slice(from, to);
  let text = '';
  let at = from;
  for (; i < escapes.length && (escapes[i] as number) < to; i++) {
    const k = escapes[i] as number;
    text += sql.slice(at, k) + "'";
    at = k + 1;
  }
  return text + sql.slice(at, to);
}

function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * True when the statement cannot run inside a transaction block: the commands PostgreSQL's
 * documentation says "cannot be executed inside a transaction block" (PreventInTransactionBlock
 * in its source), where the statement's text decides it.
 */
export function isNonTransactionalPostgres(statement: string): boolean {
  const w = headTokens(statement, 64);
  const at = (i: number): string => w[i] ?? '';
  switch (at(0)) {
    case 'VACUUM':
      return true;
    case 'CREATE':
      if (at(1) === 'DATABASE' || at(1) === 'TABLESPACE') return true;
      if (at(1) === 'SUBSCRIPTION') return !optionIsFalse(w, 'CREATE_SLOT') && !optionIsFalse(w, 'CONNECT');
      return (
        (at(1) === 'INDEX' || (at(1) === 'UNIQUE' && at(2) === 'INDEX')) &&
        at(at(1) === 'INDEX' ? 2 : 3) === 'CONCURRENTLY'
      );
    case 'DROP':
      // DROP SUBSCRIPTION only when the subscription has a replication slot, which is the default
      if (at(1) === 'DATABASE' || at(1) === 'TABLESPACE' || at(1) === 'SUBSCRIPTION') return true;
      return at(1) === 'INDEX' && at(2) === 'CONCURRENTLY';
    case 'ALTER':
      return alterIsNonTransactional(w);
    case 'REINDEX':
      return reindexIsNonTransactional(w);
    case 'CLUSTER': {
      // without a table it clusters every table, one transaction each
      let i = 1;
      if (at(i) === 'VERBOSE') i++;
      if (at(i) === '(') i = w.indexOf(')', i) + 1 || w.length;
      return i >= w.length;
    }
    case 'DISCARD':
      return at(1) === 'ALL';
    case 'COMMIT':
    case 'ROLLBACK':
      return at(1) === 'PREPARED';
    default:
      return false;
  }
}

/**
 * A cheap test on a whole script: false when no statement in it can be one that
 * `isNonTransactionalPostgres` accepts, because each of those has one of these words among
 * its first tokens. Text with non-ASCII characters is always a maybe (some upper-case to ASCII
 * letters: `ſ` to `S`, `ﬅ` to `ST`). Lets a planner skip a pass over a long script.
 */
export function mayHoldNonTransactionalPostgres(text: string): boolean {
  return NON_TRANSACTIONAL_WORDS.test(text);
}

const NON_TRANSACTIONAL_WORDS =
  /vacuum|database|tablespace|subscription|concurrently|system|reindex|cluster|discard|prepared|[^\x00-\x7f]/i;

function alterIsNonTransactional(w: string[]): boolean {
  const at = (i: number): string => w[i] ?? '';
  if (at(1) === 'SYSTEM') return true;
  if (at(1) === 'DATABASE') return at(3) === 'SET' && at(4) === 'TABLESPACE';
  if (at(1) === 'TABLE') {
    const detach = w.indexOf('DETACH');
    return detach > 0 && at(detach + 1) === 'PARTITION' && w.indexOf('CONCURRENTLY', detach) > 0;
  }
  if (at(1) === 'SUBSCRIPTION') {
    if (at(3) === 'REFRESH') return true;
    if ((at(3) === 'SET' || at(3) === 'ADD' || at(3) === 'DROP') && at(4) === 'PUBLICATION') {
      return !optionIsFalse(w, 'REFRESH');
    }
    // PostgreSQL 17+: changing these options alters the replication slot
    return at(3) === 'SET' && at(4) === '(' && (w.includes('FAILOVER') || w.includes('TWO_PHASE'));
  }
  return false;
}

function reindexIsNonTransactional(w: string[]): boolean {
  let i = 1;
  if (w[i] === '(') {
    const close = w.indexOf(')', i);
    const options = w.slice(i, close < 0 ? w.length : close);
    if (options.includes('CONCURRENTLY') && !optionIsFalse(options, 'CONCURRENTLY')) return true;
    i = close < 0 ? w.length : close + 1;
  }
  if (w[i] === 'VERBOSE') i++;
  const kind = w[i] ?? '';
  return kind === 'SCHEMA' || kind === 'DATABASE' || kind === 'SYSTEM' || w[i + 1] === 'CONCURRENTLY';
}

/** Whether `name [=] false` appears among the tokens (an option list). */
function optionIsFalse(w: string[], name: string): boolean {
  for (let i = w.indexOf(name); i >= 0; i = w.indexOf(name, i + 1)) {
    const value = (w[i + 1] === '=' ? w[i + 2] : w[i + 1]) ?? '';
    if (['FALSE', 'OFF', '0', "'FALSE'", "'OFF'", "'0'"].includes(value)) return true;
  }
  return false;
}

/** The statement's first tokens, upper-cased, comments left out. */
function headTokens(statement: string, max: number): string[] {
  const lx = new PgLexer(statement);
  const out: string[] = [];
  while (out.length < max && lx.next() !== T_EOF) out.push(statement.slice(lx.start, lx.end).toUpperCase());
  return out;
}
