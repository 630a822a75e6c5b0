import {
  AT,
  BACKTICK,
  COMMA,
  DASH,
  DOT,
  DQUOTE,
  HASH,
  LOWER_B,
  LOWER_E,
  LOWER_N,
  LOWER_X,
  LPAREN,
  PLUS,
  QUESTION,
  RPAREN,
  SEMI,
  SLASH,
  SPACE,
  SQUOTE,
  STAR,
  UNDERSCORE,
  isDigit,
  isWordChar,
} from './lexer/mysql-chars.js';
import {
  commentEnd,
  executableCommentOpening,
  quotedEnd,
  skipQuoted,
  variableEnd,
  wordEnd,
} from './lexer/mysql-scan.js';

/*
 * Literal-stripping normalizer for grouping query statistics, in the spirit of MySQL's
 * statement digests. The result is published, and seed data may be real, so anything the
 * lexer cannot prove to be an identifier or a keyword is not copied: every string, number,
 * hex and bit literal becomes `?`, an unterminated string swallows the rest, and comments
 * (which may hold anything) are dropped. Tokens are re-joined with canonical spacing, so
 * formatting differences do not split a group.
 */

const K_WORD = 1;
const K_IDENT = 2; // `quoted identifier` or @variable
const K_STR = 3; // string literal, already `?`
const K_NUM = 4; // number, hex or bit literal, already `?`
const K_OP = 5;
const K_OPEN = 6;
const K_CLOSE = 7;
const K_COMMA = 8;
const K_PUNCT = 9; // . ; @ and executable comment markers
const K_UNARY = 10; // a sign kept in front of a non-literal operand

/** Multi-character operators, longest first. */
const OPERATORS = ['<=>', '->>', '<=', '>=', '<>', '!=', ':=', '||', '&&', '<<', '>>', '->'];

/** Keywords after which + and - are signs, not arithmetic. */
const SIGN_AFTER = new Set([
  'SELECT',
  'WHERE',
  'AND',
  'OR',
  'NOT',
  'XOR',
  'VALUES',
  'VALUE',
  'THEN',
  'ELSE',
  'WHEN',
  'IN',
  'BY',
  'SET',
  'RETURN',
  'LIMIT',
  'OFFSET',
  'BETWEEN',
  'LIKE',
  'IS',
  'DEFAULT',
  'INTERVAL',
  'CASE',
  'ON',
  'HAVING',
  'DIV',
  'MOD',
  'AS',
  'IF',
  'ELSEIF',
  'UNTIL',
  'REGEXP',
  'RLIKE',
  'ESCAPE',
]);

/** Charset introducers that may stand apart from their string (`_binary 'x'`). */
const INTRODUCERS = new Set([
  '_binary',
  '_utf8',
  '_utf8mb3',
  '_utf8mb4',
  '_latin1',
  '_ascii',
  '_ucs2',
  '_utf16',
  '_utf16le',
  '_utf32',
]);

interface InList {
  /** Index in the output of the list's `(`. */
  at: number;
  depth: number;
  ok: boolean;
}

class Normalizer {
  private readonly toks: string[] = [];
  private readonly kinds: number[] = [];
  /** Whether whitespace preceded the token in the source; only consulted for `(`. */
  private readonly gaps: boolean[] = [];
  private depth = 0;
  private readonly inLists: InList[] = [];
  // VALUES collapsing: 0 off, 1 in the first row, 2 after a row, 3 `,` held back,
  // 4 skipping a further row, 5 `, ROW` held back.
  private values = 0;
  private valuesDepth = 0;
  private skipDepth = 0;
  private sign: string | null = null;
  private signGap = false;
  /** The token `lex` read last. */
  private text = '';
  private kind = 0;

  constructor(private readonly sql: string) {}

  run(): string {
    const sql = this.sql;
    const n = sql.length;
    let i = sql.charCodeAt(0) === 0xfeff ? 1 : 0;
    let gap = false;
    let inExec = false;
    while (i < n) {
      const c = sql.charCodeAt(i);
      if (c <= SPACE) {
        gap = true;
        i++;
        continue;
      }
      if (c === HASH || c === DASH || c === SLASH) {
        // Comments and optimizer hints alike.
        const comment = commentEnd(sql, i);
        if (comment >= 0) {
          i = comment;
          gap = true;
          continue;
        }
        const exec = executableCommentOpening(sql, i);
        if (exec > 0) {
          // Executable comments are code: keep their marker, normalize their content.
          this.feed(sql.slice(i, i + exec), K_PUNCT, gap);
          inExec = true;
          i += exec;
          gap = true;
          continue;
        }
      }
      if (inExec && c === STAR && sql.charCodeAt(i + 1) === SLASH) {
        this.feed('*/', K_PUNCT, gap);
        inExec = false;
        i += 2;
        gap = false;
        continue;
      }
      i = this.lex(i, c, gap);
      this.feed(this.text, this.kind, gap);
      gap = false;
    }
    if (this.sign !== null) this.push(this.sign, K_OP, this.signGap);
    if (this.values === 3 || this.values === 5) this.push(',', K_COMMA, false);
    if (this.values === 5) this.push('ROW', K_WORD, true);
    return this.join();
  }

  /**
   * The token at `i` (no whitespace, no comment) as it is kept: its text in `text` (`?` for a
   * literal) and its kind in `kind`. Returns its end.
   */
  private lex(i: number, c: number, gap: boolean): number {
    const sql = this.sql;
    if (c === SQUOTE || c === DQUOTE) return this.literal(K_STR, skipQuoted(sql, i, c, true));
    if (c === BACKTICK) {
      // An unterminated identifier would copy the rest of the text: treat it as a literal.
      const end = quotedEnd(sql, i, c, false);
      return end < 0 ? this.literal(K_STR, sql.length) : this.token(K_IDENT, i, end);
    }
    if (isDigit(c) || (c === DOT && isDigit(sql.charCodeAt(i + 1)) && !this.afterOperand(gap))) {
      return this.literal(K_NUM, skipNumber(sql, i));
    }
    if (isWordChar(c)) {
      const j = wordEnd(sql, i + 1);
      const prefixed = literalAfterPrefix(sql, i, j);
      return prefixed > 0 ? this.literal(K_STR, prefixed) : this.token(K_WORD, i, j);
    }
    if (c === AT) {
      // @var, @@var, @'var', or the @ of user@host
      const j = variableEnd(sql, i);
      return j >= 0 ? this.token(K_IDENT, i, j) : this.token(K_PUNCT, i, i + 1);
    }
    const kind = punctuationKind(c);
    return this.token(kind, i, kind === K_OP ? operatorEnd(sql, i) : i + 1);
  }

  private token(kind: number, i: number, end: number): number {
    this.kind = kind;
    this.text = this.sql.slice(i, end);
    return end;
  }

  private literal(kind: number, end: number): number {
    this.kind = kind;
    this.text = '?';
    return end;
  }

  /** Whether the previous token ends an operand (so `.5` after it is `t.5`-like, not a number). */
  private afterOperand(gap: boolean): boolean {
    if (gap) return false;
    const k = this.kinds[this.kinds.length - 1];
    return k === K_WORD || k === K_IDENT || k === K_CLOSE;
  }

  private feed(text: string, kind: number, gap: boolean): void {
    // Further rows of a multi-row VALUES list are dropped.
    switch (this.values) {
      case 4:
        if (kind === K_OPEN) this.skipDepth++;
        else if (kind === K_CLOSE && --this.skipDepth === 0) this.values = 2;
        return;
      case 2:
        if (kind === K_COMMA) {
          this.values = 3;
          return;
        }
        this.values = 0;
        break;
      case 3:
        if (kind === K_OPEN) {
          this.values = 4;
          this.skipDepth = 1;
          return;
        }
        if (kind === K_WORD && text.toUpperCase() === 'ROW') {
          this.values = 5;
          return;
        }
        this.values = 0;
        this.push(',', K_COMMA, false);
        break;
      case 5:
        if (kind === K_OPEN) {
          this.values = 4;
          this.skipDepth = 1;
          return;
        }
        this.values = 0;
        this.push(',', K_COMMA, false);
        this.push('ROW', K_WORD, true);
        break;
    }

    if (this.sign !== null) {
      const sign = this.sign;
      this.sign = null;
      if (kind === K_NUM) {
        this.push('?', K_NUM, this.signGap);
        return;
      }
      this.push(sign, K_UNARY, this.signGap);
    } else if ((text === '-' || text === '+') && this.signPosition()) {
      this.sign = text;
      this.signGap = gap;
      return;
    }

    if (kind === K_STR && this.kinds[this.kinds.length - 1] === K_STR) return; // 'a' 'b' is one string
    this.push(text, kind, gap);
  }

  private signPosition(): boolean {
    const last = this.kinds.length - 1;
    if (last < 0) return true;
    const k = this.kinds[last];
    if (k === K_WORD) return SIGN_AFTER.has((this.toks[last] as string).toUpperCase());
    return k !== K_IDENT && k !== K_STR && k !== K_NUM && k !== K_CLOSE;
  }

  private push(text: string, kind: number, gap: boolean): void {
    const lists = this.inLists;
    if (kind === K_OPEN) {
      const prev = this.lastWordUpper();
      if (prev === 'IN') lists.push({ at: this.toks.length, depth: this.depth, ok: true });
      else if (this.values === 0 && this.startsRows(prev)) {
        this.values = 1;
        this.valuesDepth = this.depth;
        gap = prev !== 'ROW';
      }
      this.depth++;
    } else if (kind === K_CLOSE) {
      if (this.depth > 0) this.depth--;
      const top = lists[lists.length - 1];
      if (top !== undefined && top.depth === this.depth) {
        lists.pop();
        if (top.ok) {
          this.truncate(top.at);
          this.append('(...)', K_IDENT, true);
          this.closeValuesRow();
          return;
        }
        const parent = lists[lists.length - 1];
        if (parent !== undefined) parent.ok = false;
      }
      this.append(text, kind, gap);
      this.closeValuesRow();
      return;
    } else if (lists.length > 0 && kind !== K_NUM && kind !== K_STR && kind !== K_COMMA) {
      if (!(kind === K_WORD && text.toUpperCase() === 'NULL')) (lists[lists.length - 1] as InList).ok = false;
    }
    this.append(text, kind, gap);
  }

  /**
   * `(` after VALUES opens the rows of an INSERT, unless VALUES follows an operator or a
   * comma: then it is the VALUES(col) function of ON DUPLICATE KEY UPDATE.
   */
  private startsRows(prev: string): boolean {
    const k = this.kinds.length - 2;
    if (prev === 'ROW') return this.beforeLastUpper() === 'VALUES';
    if (prev !== 'VALUES' && prev !== 'VALUE') return false;
    const before = k >= 0 ? this.kinds[k] : 0;
    return before !== K_OP && before !== K_COMMA && before !== K_OPEN;
  }

  private closeValuesRow(): void {
    if (this.values === 1 && this.depth === this.valuesDepth) this.values = 2;
  }

  private append(text: string, kind: number, gap: boolean): void {
    this.toks.push(text);
    this.kinds.push(kind);
    this.gaps.push(gap);
  }

  private truncate(length: number): void {
    this.toks.length = length;
    this.kinds.length = length;
    this.gaps.length = length;
  }

  private lastWordUpper(): string {
    const last = this.kinds.length - 1;
    return last >= 0 && this.kinds[last] === K_WORD ? (this.toks[last] as string).toUpperCase() : '';
  }

  private beforeLastUpper(): string {
    const k = this.kinds.length - 2;
    return k >= 0 && this.kinds[k] === K_WORD ? (this.toks[k] as string).toUpperCase() : '';
  }

  private join(): string {
    const toks = this.toks;
    let out = '';
    for (let m = 0; m < toks.length; m++) {
      const t = toks[m] as string;
      if (m > 0 && this.spaceBefore(m, t)) out += ' ';
      out += t;
    }
    return out;
  }

  private spaceBefore(m: number, t: string): boolean {
    const prev = this.toks[m - 1] as string;
    const prevKind = this.kinds[m - 1];
    if (prev === '(' || prev === '.' || prev === '@' || prevKind === K_UNARY) return false;
    if (t === ',' || t === ')' || t === '.' || t === ';') return false;
    // 'user'@'host' stays tight.
    if (t === '@') return this.gaps[m] === true;
    if (t === '(') {
      // f(x) and t(a) stay as written, IN (...) always has its space.
      if (this.gaps[m]) return true;
      if (prevKind === K_WORD) return prev.toUpperCase() === 'IN';
      return prevKind !== K_IDENT;
    }
    return true;
  }
}

/** The kind of a token that is neither a word nor a literal, by its first character. */
function punctuationKind(c: number): number {
  switch (c) {
    case LPAREN:
      return K_OPEN;
    case RPAREN:
      return K_CLOSE;
    case COMMA:
      return K_COMMA;
    case DOT:
    case SEMI:
      return K_PUNCT;
    case QUESTION:
      return K_NUM; // a ? placeholder stays one
    default:
      return K_OP;
  }
}

/** End of the operator at `i`: a multi-character one, or this one character. */
function operatorEnd(sql: string, i: number): number {
  for (const op of OPERATORS) {
    if (sql.startsWith(op, i)) return i + op.length;
  }
  return i + 1;
}

/** End of the number at `i`: digits, fraction, exponent, and any word characters glued on (0x1F, 0b101, 1e5). */
function skipNumber(sql: string, i: number): number {
  const n = sql.length;
  let j = i;
  while (j < n && isDigit(sql.charCodeAt(j))) j++;
  if (sql.charCodeAt(j) === DOT) {
    j++;
    while (j < n && isDigit(sql.charCodeAt(j))) j++;
  }
  // | 32 lower-cases an ASCII letter
  if ((sql.charCodeAt(j) | 32) === LOWER_E) {
    const s = sql.charCodeAt(j + 1);
    if (isDigit(s)) j += 1;
    else if ((s === PLUS || s === DASH) && isDigit(sql.charCodeAt(j + 2))) j += 2;
  }
  // Whatever word characters follow belong to the same token (hex, bit, or a digit-led
  // identifier); all of it is treated as a literal rather than risk copying a value.
  while (j < n && isWordChar(sql.charCodeAt(j))) j++;
  return j;
}

/**
 * The word [i, j) introduces a literal: X'0F', B'01', N'text', _utf8mb4'text',
 * `_binary 'text'`. Returns the end of the literal, or 0.
 */
function literalAfterPrefix(sql: string, i: number, j: number): number {
  const q = sql.charCodeAt(j);
  const len = j - i;
  const first = sql.charCodeAt(i) | 32;
  if (q === SQUOTE && len === 1 && (first === LOWER_X || first === LOWER_B || first === LOWER_N)) {
    return skipQuoted(sql, j, q, true);
  }
  if (sql.charCodeAt(i) !== UNDERSCORE) return 0;
  if (q === SQUOTE || q === DQUOTE) return skipQuoted(sql, j, q, true);
  if (!INTRODUCERS.has(sql.slice(i, j).toLowerCase())) return 0;
  let k = j;
  while (k < sql.length && sql.charCodeAt(k) <= SPACE) k++;
  const q2 = sql.charCodeAt(k);
  return q2 === SQUOTE || q2 === DQUOTE ? skipQuoted(sql, k, q2, true) : 0;
}

/**
 * Normalize for grouping query statistics: string, number, hex/bit literals replaced by `?`,
 * `IN (?, ?, ?)` lists collapsed to `IN (...)`, multi-row VALUES lists collapsed to one
 * tuple, comments removed, whitespace collapsed; identifiers and keywords keep their case.
 * Never leaks literal values.
 */
export function normalizeMysql(sql: string): string {
  return new Normalizer(sql).run();
}
