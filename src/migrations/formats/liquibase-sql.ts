// Where Liquibase cuts a changeset's SQL into statements, ported from liquibase/liquibase:
// liquibase-standard/src/main/javacc/liquibase/util/grammar/SimpleSqlGrammar.jj (the tokens, IGNORE_CASE),
// util/StandardSqlParser.java parse (comments dropped when stripComments), and
// util/StringUtil.java processMultiLineSQL, mergeTokens and isDelimiter (the cut itself: `;` anywhere outside
// quotes and comments, `GO` or `/` after a line break, or the changeset's endDelimiter; nothing is cut
// between BEGIN and its END). Liquibase knows no dollar quoting: a `;` inside `$$ … $$` is cut there, as
// Liquibase cuts it (its users write splitStatements:false for such bodies).

/** One token of SimpleSqlGrammar, with its offset in the text. */
interface Token {
  text: string;
  at: number;
  comment: boolean;
}

const WHITESPACE = new Set([
  ' ', '\t', '\n', '\r', '\u0085', '\u00a0', '\u1680', '\u180e', '\u2000', '\u2001', '\u2002', '\u2003', '\u2004',
  '\u2005', '\u2006', '\u2007', '\u2008', '\u2009', '\u200a', '\u200b', '\u200c', '\u200d', '\u2028', '\u2029',
  '\u202f', '\u205f', '\u2060', '\u3000', '\ufeff',
]); // prettier-ignore

const isIdentStart = (c: string | undefined): boolean =>
  c !== undefined && (/[A-Za-z$_@#]/.test(c) || (c > '\u00bf' && /\p{L}/u.test(c)));
const isIdentPart = (c: string | undefined): boolean => c !== undefined && (isIdentStart(c) || /[0-9]/.test(c));

/** End of a quoted literal (`'…'` or `"…"`, doubled quote and backslash escapes), longest match; -1 if none. */
function literalEnd(s: string, start: number, q: string): number {
  let best = -1;
  let i = start + 1;
  while (i < s.length) {
    const c = s[i];
    if (c === q) {
      best = i + 1;
      if (s[i + 1] !== q) return best;
      i += 2;
    } else if (c === '\\') {
      if (i + 1 >= s.length) return best;
      if (s[i + 1] === q) best = i + 2;
      i += 2;
    } else i += 1;
  }
  return best;
}

/** S_CHAR_LITERAL: an optional U, E, N, R, B, RB or _utf8 prefix, then a quoted literal. */
function charLiteralEnd(s: string, i: number): number {
  let best = -1;
  for (const prefix of ['', 'u', 'e', 'n', 'r', 'b', 'rb', '_utf8']) {
    if (s.slice(i, i + prefix.length).toLowerCase() !== prefix) continue;
    const q = s[i + prefix.length];
    if (q === "'" || q === '"') best = Math.max(best, literalEnd(s, i + prefix.length, q));
  }
  return best;
}

/** S_QUOTED_IDENTIFIER: "…", `…` or […] on one line. */
function quotedIdentEnd(s: string, i: number): number {
  const close = s[i] === '"' ? '"' : s[i] === '`' ? '`' : s[i] === '[' ? ']' : null;
  if (close === null || (close === ']' && /[0-9\]]/.test(s[i + 1] ?? '0'))) return -1;
  let j = i + 1;
  while (j < s.length && s[j] !== close && s[j] !== '\n' && s[j] !== '\r') j++;
  return s[j] === close && (close === ']' || j > i + 1) ? j + 1 : -1;
}

function identEnd(s: string, i: number): number {
  if (!isIdentStart(s[i])) return -1;
  let j = i + 1;
  while (isIdentPart(s[j])) j++;
  return j;
}

/** COMPLEX_IDENTIFIER: identifiers joined by dots, spaces and line breaks allowed around the dots. */
function complexIdentEnd(s: string, i: number): number {
  const part = (k: number) => Math.max(identEnd(s, k), quotedIdentEnd(s, k));
  let end = part(i);
  if (end < 0) return -1;
  let parts = 1;
  for (;;) {
    let j = end;
    while (s[j] === ' ' || s[j] === '\r' || s[j] === '\n') j++;
    if (s[j] !== '.') break;
    j++;
    while (s[j] === ' ' || s[j] === '\r' || s[j] === '\n') j++;
    const next = part(j);
    if (next < 0) break;
    end = next;
    parts++;
  }
  return parts > 1 ? end : -1;
}

/** S_ORACLE_Q_QUOTED_STRING: [N]Q'<c> … <c'>'. */
function oracleQuoteEnd(s: string, i: number): number {
  const k = s[i]?.toLowerCase() === 'n' ? i + 1 : i;
  if (s[k]?.toLowerCase() !== 'q' || s[k + 1] !== "'") return -1;
  const open = s[k + 2];
  if (open === undefined || /[ \t\n\r]/.test(open)) return -1;
  const close = ({ '[': ']', '{': '}', '(': ')', '<': '>' } as Record<string, string>)[open] ?? open;
  for (let j = k + 4; j < s.length; j++) if (s[j] === "'" && s[j - 1] === close) return j + 1;
  return s.length; // unterminated: the rest stays one token, as Liquibase leaves it
}

function numberEnd(s: string, i: number): number {
  const m = /^(?:\d*\.\d+(?:[eE][+-]?\d+)?|\d+\.(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+|\d+)/.exec(s.slice(i, i + 400));
  return m ? i + m[0].length : -1;
}

const isSymbol = (c: string): boolean => /[!-/:-@[-`{-~]/.test(c);

/** SimpleSqlGrammar's tokens (longest match), each with its offset. */
export function tokenize(s: string): Token[] {
  const tokens: Token[] = [];
  // Where the next `*/` is, looked up again only once passed (many unclosed `/*` stay linear).
  let close = s.indexOf('*/');
  let i = 0;
  while (i < s.length) {
    const c = s[i] as string;
    let end: number;
    let comment = false;
    if (WHITESPACE.has(c)) {
      end = i + 1;
      while (end < s.length && WHITESPACE.has(s[end] as string)) end++;
    } else if (s.startsWith('--', i)) {
      end = i + 2;
      while (end < s.length && s[end] !== '\n' && s[end] !== '\r') end++;
      comment = true;
    } else if (s.startsWith('/*', i) && (close = close >= 0 && close < i + 2 ? s.indexOf('*/', i + 2) : close) >= 0) {
      end = close + 2;
      comment = true;
    } else {
      end = Math.max(
        numberEnd(s, i),
        oracleQuoteEnd(s, i),
        complexIdentEnd(s, i),
        identEnd(s, i),
        charLiteralEnd(s, i),
        quotedIdentEnd(s, i),
        s.startsWith('""', i) ? i + 2 : -1,
      );
      if (end < 0) end = i + (isSymbol(c) ? 1 : String.fromCodePoint(s.codePointAt(i) ?? 0).length);
    }
    tokens.push({ text: s.slice(i, end), at: i, comment });
    i = end;
  }
  return tokens;
}

/** mergeTokens: consecutive tokens that together spell a multi-token endDelimiter become one. */
function mergeTokens(tokens: readonly Token[], endDelimiter: string | null): Token[] {
  if (endDelimiter === null) return [...tokens];
  const out: Token[] = [];
  let pending: Token[] = [];
  for (const t of tokens) {
    if (pending.length === 0) {
      if (endDelimiter.startsWith(t.text)) pending.push(t);
      else out.push(t);
      continue;
    }
    const joined = pending.map((p) => p.text).join('') + t.text;
    if (joined === endDelimiter) {
      out.push({ text: joined, at: (pending[0] as Token).at, comment: false });
      pending = [];
    } else if (endDelimiter.startsWith(joined)) pending.push(t);
    else {
      out.push(...pending, t);
      pending = [];
    }
  }
  // Liquibase drops tokens still pending at the end (a trailing partial delimiter): so does this port.
  return out;
}

function delimiterRegex(endDelimiter: string): RegExp {
  try {
    return new RegExp(`^(?:[\\s\\n\\r]*${endDelimiter.toLowerCase()})$`, 'u');
  } catch {
    return new RegExp(`^[\\s\\n\\r]*${endDelimiter.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  }
}

/** StringUtil.isDelimiter (GlobalConfiguration.STRICT off, its default). */
function isDelimiter(piece: string, previous: string | null, endDelimiter: string | null, re: RegExp | null): boolean {
  if (endDelimiter === null) {
    return (
      piece === ';' ||
      ((piece.toLowerCase() === 'go' || piece === '/') && (previous === null || previous.endsWith('\n')))
    );
  }
  if (endDelimiter.length === 1) {
    if (endDelimiter === '/' && previous !== null && !previous.endsWith('\n')) return false;
    return piece.toLowerCase() === endDelimiter.toLowerCase();
  }
  return piece.toLowerCase() === endDelimiter.toLowerCase() || (re?.test(`${previous ?? 'null'}${piece}`) ?? false);
}

/** Java's String.trim: characters up to U+0020 at both ends. */
export function javaTrim(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) <= 0x20) a++;
  while (b > a && s.charCodeAt(b - 1) <= 0x20) b--;
  return s.slice(a, b);
}

const NOT_A_BLOCK_AFTER_BEGIN = new Set(['transaction', 'trans', 'tran', 'dialog', 'conversation', 'distributed']);
const NOT_A_BLOCK_AFTER_END = new Set(['transaction', 'trans', 'tran']);

export interface CutOptions {
  stripComments: boolean;
  splitStatements: boolean;
  /** The changeset's endDelimiter, or null for Liquibase's default (`;`, and `GO` or `/` at a line's start). */
  endDelimiter: string | null;
}

/** StringUtil.processMultiLineSQL: the statements and the offset each starts at. */
export function processMultiLineSql(sql: string, opts: CutOptions): Array<{ sql: string; at: number }> {
  const all = tokenize(sql).filter((t) => !(opts.stripComments && t.comment));
  const tokens = mergeTokens(all, opts.endDelimiter);
  const re = opts.endDelimiter !== null && opts.endDelimiter.length > 1 ? delimiterRegex(opts.endDelimiter) : null;
  const out: Array<{ sql: string; at: number }> = [];
  let current = '';
  let at = -1;
  let previous: string | null = null;
  let previousDelimiter = false;
  let inClause = 0;
  const flush = () => {
    const trimmed = javaTrim(current);
    if (trimmed !== '') out.push({ sql: trimmed, at });
    current = '';
    at = -1;
  };
  // The next non-blank token after each one (Liquibase looks ahead for BEGIN TRANSACTION and END TRANSACTION).
  const nextWord: string[] = new Array<string>(tokens.length).fill('');
  for (let i = tokens.length - 2; i >= 0; i--) {
    const after = javaTrim((tokens[i + 1] as Token).text);
    nextWord[i] = after !== '' ? after.toLowerCase() : (nextWord[i + 1] ?? '');
  }
  tokens.forEach((token, i) => {
    const piece = token.text;
    const nextLower = nextWord[i] ?? '';
    const lower = piece.toLowerCase();
    if (lower === 'begin' && !NOT_A_BLOCK_AFTER_BEGIN.has(nextLower)) inClause++;
    if (lower === 'end' && inClause > 0 && !NOT_A_BLOCK_AFTER_END.has(nextLower)) inClause--;
    if (inClause === 0 && opts.splitStatements && isDelimiter(piece, previous, opts.endDelimiter, re)) {
      flush();
      previousDelimiter = true;
    } else {
      const blank = javaTrim(piece) === '';
      if ((!previousDelimiter || !blank) && (current.length > 0 || !blank)) {
        if (at < 0) at = token.at;
        current += piece;
      }
      previousDelimiter = false;
    }
    previous = piece;
  });
  flush();
  return out;
}
