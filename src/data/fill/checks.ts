/**
 * Reads CHECK conditions as the servers print them (pg_get_constraintdef,
 * information_schema.CHECK_CONSTRAINTS) far enough to satisfy the simple ones: bounds
 * (col > 0, col BETWEEN 1 AND 5), lists (col IN ('a','b'), col = ANY (ARRAY[...])), lengths
 * (length(col) <= n), col < other_col, col IS NOT NULL, json_valid(col). Anything else is
 * "opaque": the fill tries its rows anyway and, when the server refuses them, skips the table
 * with a notice naming the constraint.
 */

export type Literal =
  | { type: 'number'; value: number; text: string }
  | { type: 'string'; value: string }
  | { type: 'bool'; value: boolean };

export interface Bound {
  value: Literal;
  inclusive: boolean;
}

/** What one CHECK (or several) asks of one column. */
export interface Restriction {
  lower: Bound[];
  upper: Bound[];
  notEqual: Literal[];
  /** Intersection of every IN list; null = no list. */
  allowed: Literal[][];
  minLen: number | null;
  maxLen: number | null;
  json: boolean;
  /** This column must be below (strict) or not above another column of the same row. */
  lessThan: { column: string; strict: boolean }[];
  notNull: boolean;
}

export function emptyRestriction(): Restriction {
  return {
    lower: [],
    upper: [],
    notEqual: [],
    allowed: [],
    minLen: null,
    maxLen: null,
    json: false,
    lessThan: [],
    notNull: false,
  };
}

export interface CheckAnalysis {
  /** Restrictions by column name (as the caller spelled it in `columns`). */
  restrictions: Map<string, Restriction>;
  /** Every part of the condition was understood: satisfying the restrictions satisfies the CHECK. */
  understood: boolean;
}

// ---------------------------------------------------------------------------------------------
// tokens

type Token =
  | { t: 'ident'; v: string; quoted: boolean }
  | { t: 'num'; v: string }
  | { t: 'str'; v: string }
  | { t: 'op'; v: string }
  | { t: 'end' };

const OPS = ['::', '<=', '>=', '<>', '!=', '||', '!~*', '!~', '~*', '<=>', '==', '&&', '->>', '->', '@>', '<@'];

/** A quoted string or identifier starting at its opening quote src[start]: its text and where it ends. */
function readQuoted(src: string, start: number, dialect: 'postgres' | 'mysql'): { text: string; end: number } {
  const q = src[start]!;
  let s = '';
  let i = start + 1;
  for (;;) {
    if (i >= src.length) throw new Error('unterminated quote');
    const c = src[i]!;
    // MySQL prints backslash escapes in its strings; PostgreSQL only in E'' strings (unescapeE).
    if (c === '\\' && dialect === 'mysql' && q === "'") {
      const n = src[i + 1] ?? '';
      const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', Z: '\x1a' };
      s += map[n] ?? n;
      i += 2;
      continue;
    }
    if (c === q) {
      if (src[i + 1] === q) {
        s += q;
        i += 2;
        continue;
      }
      return { text: s, end: i + 1 };
    }
    s += c;
    i++;
  }
}

function tokenize(src: string, dialect: 'postgres' | 'mysql'): Token[] {
  const out: Token[] = [];
  let i = 0;
  const quoted = (): string => {
    const r = readQuoted(src, i, dialect);
    i = r.end;
    return r.text;
  };
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'") {
      out.push({ t: 'str', v: quoted() });
      continue;
    }
    if (c === '"' || c === '`') {
      out.push({ t: 'ident', v: quoted(), quoted: true });
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(src.slice(i))!;
      out.push({ t: 'num', v: m[0] });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      const m = /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/.exec(src.slice(i))!;
      i += m[0].length;
      // String introducers: _utf8mb4'x', N'x', E'x' (PostgreSQL escape strings), X'..' stays opaque.
      if (src[i] === "'" && (/^_[A-Za-z0-9]+$/.test(m[0]) || /^[NnEe]$/.test(m[0]))) {
        const text = quoted();
        out.push({ t: 'str', v: /^[Ee]$/.test(m[0]) ? unescapeE(text) : text });
        continue;
      }
      out.push({ t: 'ident', v: m[0], quoted: false });
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i)) ?? c;
    out.push({ t: 'op', v: op });
    i += op.length;
  }
  out.push({ t: 'end' });
  return out;
}

function unescapeE(s: string): string {
  return s.replace(/\\(.)/g, (_, ch: string) => ({ n: '\n', t: '\t', r: '\r' })[ch] ?? ch);
}

// ---------------------------------------------------------------------------------------------
// expressions

type Node =
  | { t: 'col'; name: string }
  | { t: 'lit'; lit: Literal }
  | { t: 'null' }
  | { t: 'fn'; name: string; args: Node[] }
  | { t: 'cmp'; op: string; l: Node; r: Node }
  | { t: 'and'; items: Node[] }
  | { t: 'or'; items: Node[] }
  | { t: 'not'; x: Node }
  | { t: 'in'; x: Node; list: Node[]; negated: boolean }
  | { t: 'between'; x: Node; lo: Node; hi: Node; negated: boolean }
  | { t: 'isnull'; x: Node; negated: boolean }
  | { t: 'quant'; op: string; all: boolean; l: Node; r: Node }
  | { t: 'array'; items: Node[] }
  | { t: 'neg'; x: Node }
  | { t: 'other' };

const KEYWORDS = new Set([
  'and',
  'or',
  'not',
  'in',
  'between',
  'is',
  'null',
  'true',
  'false',
  'any',
  'some',
  'all',
  'array',
  'like',
  'ilike',
  'similar',
  'regexp',
  'rlike',
  'escape',
  'collate',
  'as',
  'case',
  'when',
  'then',
  'else',
  'end',
  'distinct',
  'from',
]);

class Parser {
  private pos = 0;
  constructor(private readonly toks: Token[]) {}

  private peek(k = 0): Token {
    return this.toks[Math.min(this.pos + k, this.toks.length - 1)]!;
  }
  private next(): Token {
    const t = this.peek();
    if (this.pos < this.toks.length - 1) this.pos++;
    return t;
  }
  private isKw(word: string, k = 0): boolean {
    const t = this.peek(k);
    return t.t === 'ident' && !t.quoted && t.v.toLowerCase() === word;
  }
  private isOp(op: string, k = 0): boolean {
    const t = this.peek(k);
    return t.t === 'op' && t.v === op;
  }
  private expectOp(op: string): void {
    if (!this.isOp(op)) throw new Error(`expected ${op}`);
    this.next();
  }

  parseAll(): Node {
    const n = this.parseOr();
    if (this.peek().t !== 'end') throw new Error('trailing input');
    return n;
  }

  private parseOr(): Node {
    const items = [this.parseAnd()];
    while (this.isKw('or')) {
      this.next();
      items.push(this.parseAnd());
    }
    return items.length === 1 ? items[0]! : { t: 'or', items };
  }

  private parseAnd(): Node {
    const items = [this.parseNot()];
    while (this.isKw('and') || this.isOp('&&')) {
      this.next();
      items.push(this.parseNot());
    }
    return items.length === 1 ? items[0]! : { t: 'and', items };
  }

  private parseNot(): Node {
    if (this.isKw('not') || this.isOp('!')) {
      this.next();
      return { t: 'not', x: this.parseNot() };
    }
    return this.parseComparison();
  }

  private parseComparison(): Node {
    const left = this.parseAdditive();
    const tok = this.peek();
    if (
      tok.t === 'op' &&
      ['=', '==', '<', '>', '<=', '>=', '<>', '!=', '~', '~*', '!~', '!~*', '<=>'].includes(tok.v)
    ) {
      this.next();
      const op = tok.v === '==' ? '=' : tok.v === '!=' ? '<>' : tok.v;
      if (this.isKw('any') || this.isKw('some') || this.isKw('all')) {
        const all = this.isKw('all');
        this.next();
        this.expectOp('(');
        const r = this.parseOr();
        this.expectOp(')');
        return { t: 'quant', op, all, l: left, r };
      }
      const right = this.parseAdditive();
      return { t: 'cmp', op, l: left, r: right };
    }
    let negated = false;
    if (
      this.isKw('not') &&
      (this.isKw('in', 1) ||
        this.isKw('between', 1) ||
        this.isKw('like', 1) ||
        this.isKw('ilike', 1) ||
        this.isKw('regexp', 1) ||
        this.isKw('similar', 1))
    ) {
      this.next();
      negated = true;
    }
    if (this.isKw('in')) {
      this.next();
      this.expectOp('(');
      return { t: 'in', x: left, list: this.parseItems(')'), negated };
    }
    if (this.isKw('between')) {
      this.next();
      if (this.isKw('symmetric')) this.next();
      const lo = this.parseAdditive();
      if (!this.isKw('and')) throw new Error('expected AND');
      this.next();
      const hi = this.parseAdditive();
      return { t: 'between', x: left, lo, hi, negated };
    }
    if (this.isKw('like') || this.isKw('ilike') || this.isKw('regexp') || this.isKw('rlike') || this.isKw('similar')) {
      if (this.isKw('similar')) this.next(); // SIMILAR TO
      this.next();
      this.parseAdditive();
      if (this.isKw('escape')) {
        this.next();
        this.parseAdditive();
      }
      return { t: 'other' };
    }
    if (this.isKw('is')) {
      this.next();
      let neg = false;
      if (this.isKw('not')) {
        this.next();
        neg = true;
      }
      if (this.isKw('null')) {
        this.next();
        return { t: 'isnull', x: left, negated: neg };
      }
      // IS [NOT] TRUE / DISTINCT FROM / JSON ...: opaque
      while (this.peek().t === 'ident' && !this.isKw('and') && !this.isKw('or')) this.next();
      if (this.isKw('from')) this.next();
      return { t: 'other' };
    }
    return left;
  }

  private parseAdditive(): Node {
    let left = this.parseMultiplicative();
    while (
      this.isOp('+') ||
      this.isOp('-') ||
      this.isOp('||') ||
      this.isOp('&') ||
      this.isOp('|') ||
      this.isOp('->') ||
      this.isOp('->>') ||
      this.isOp('@>') ||
      this.isOp('<@')
    ) {
      this.next();
      this.parseMultiplicative();
      left = { t: 'other' };
    }
    return left;
  }

  private parseMultiplicative(): Node {
    let left = this.parseUnary();
    while (this.isOp('*') || this.isOp('/') || this.isOp('%') || this.isKw('div') || this.isKw('mod')) {
      this.next();
      this.parseUnary();
      left = { t: 'other' };
    }
    return left;
  }

  private parseUnary(): Node {
    if (this.isOp('-')) {
      this.next();
      return { t: 'neg', x: this.parseUnary() };
    }
    if (this.isOp('+')) {
      this.next();
      return this.parseUnary();
    }
    return this.parsePostfix();
  }

  private parsePostfix(): Node {
    let node = this.parsePrimary();
    for (;;) {
      if (this.isOp('::')) {
        this.next();
        this.skipTypeName();
        continue;
      }
      if (this.isOp('[')) {
        // subscript: opaque
        this.next();
        this.parseOr();
        if (this.isOp(':')) {
          this.next();
          this.parseOr();
        }
        this.expectOp(']');
        node = { t: 'other' };
        continue;
      }
      if (this.isKw('collate')) {
        this.next();
        this.next();
        continue;
      }
      return node;
    }
  }

  private skipTypeName(): void {
    // e.g. integer, character varying(20), timestamp without time zone, public.mood, text[]
    const first = this.next();
    if (first.t !== 'ident') throw new Error('expected type name');
    while (this.isOp('.')) {
      this.next();
      this.next();
    }
    const multi = new Set(['varying', 'precision', 'without', 'with', 'time', 'zone']);
    while (this.peek().t === 'ident' && multi.has((this.peek() as { v: string }).v.toLowerCase())) this.next();
    if (this.isOp('(')) {
      this.next();
      while (!this.isOp(')') && this.peek().t !== 'end') this.next();
      this.expectOp(')');
    }
    while (this.peek().t === 'ident' && multi.has((this.peek() as { v: string }).v.toLowerCase())) this.next();
    while (this.isOp('[')) {
      this.next();
      while (!this.isOp(']') && this.peek().t !== 'end') this.next();
      this.expectOp(']');
    }
  }

  /** Comma-separated expressions up to the closing `close`, which it consumes; DISTINCT before the first is skipped where asked (aggregates). */
  private parseItems(close: string, skipDistinct = false): Node[] {
    const items: Node[] = [];
    if (!this.isOp(close)) {
      if (skipDistinct && this.isKw('distinct')) this.next();
      items.push(this.parseOr());
      while (this.isOp(',')) {
        this.next();
        items.push(this.parseOr());
      }
    }
    this.expectOp(close);
    return items;
  }

  private parsePrimary(): Node {
    const tok = this.next();
    if (tok.t === 'num') {
      return { t: 'lit', lit: { type: 'number', value: Number(tok.v), text: tok.v } };
    }
    if (tok.t === 'str') return { t: 'lit', lit: { type: 'string', value: tok.v } };
    if (tok.t === 'op' && tok.v === '(') return this.parseParenthesized();
    if (tok.t === 'ident')
      return (!tok.quoted && this.parseKeywordForm(tok.v.toLowerCase())) || this.parseNameOrCall(tok);
    return { t: 'other' };
  }

  /** After "(": a parenthesized expression, or a row constructor (opaque). */
  private parseParenthesized(): Node {
    const inner = this.parseOr();
    if (this.isOp(',')) {
      while (this.isOp(',')) {
        this.next();
        this.parseOr();
      }
      this.expectOp(')');
      return { t: 'other' };
    }
    this.expectOp(')');
    return inner;
  }

  /** NULL, TRUE/FALSE, ARRAY[…], CAST(x AS type), CASE … END and typed literals; null when the word starts none of them. */
  private parseKeywordForm(lower: string): Node | null {
    if (lower === 'null') return { t: 'null' };
    if (lower === 'true' || lower === 'false') return { t: 'lit', lit: { type: 'bool', value: lower === 'true' } };
    if (lower === 'array' && this.isOp('[')) {
      this.next();
      return { t: 'array', items: this.parseItems(']') };
    }
    if (lower === 'cast' && this.isOp('(')) return this.parseCast();
    if (lower === 'case') {
      // Conditions inside a CASE are not reasoned about: skip to its END.
      let depth = 1;
      while (this.peek().t !== 'end' && depth > 0) {
        if (this.isKw('case')) depth++;
        if (this.isKw('end')) depth--;
        this.next();
      }
      return { t: 'other' };
    }
    // typed literal: DATE '2020-01-01', TIMESTAMP '...', INTERVAL '...'
    if (['date', 'timestamp', 'time', 'interval'].includes(lower) && this.peek().t === 'str') {
      const s = this.next() as { t: 'str'; v: string };
      return { t: 'lit', lit: { type: 'string', value: s.v } };
    }
    return null;
  }

  /** CAST(x AS type) reads as x: the bounds of a CHECK are about the value, not its type. */
  private parseCast(): Node {
    this.next();
    const x = this.parseOr();
    if (!this.isKw('as')) throw new Error('expected AS');
    this.next();
    let depth = 0;
    while (this.peek().t !== 'end' && !(depth === 0 && this.isOp(')'))) {
      if (this.isOp('(')) depth++;
      if (this.isOp(')')) depth--;
      this.next();
    }
    this.expectOp(')');
    return x;
  }

  /** A function call, or a column (qualified: the last part names it). */
  private parseNameOrCall(tok: Extract<Token, { t: 'ident' }>): Node {
    const lower = tok.v.toLowerCase();
    if (this.isOp('(')) {
      this.next();
      return { t: 'fn', name: lower, args: this.parseItems(')', true) };
    }
    let name = tok.v;
    while (this.isOp('.') && this.peek(1).t === 'ident') {
      this.next();
      name = (this.next() as { v: string }).v;
    }
    if (!tok.quoted && KEYWORDS.has(lower)) return { t: 'other' };
    return { t: 'col', name };
  }
}

// ---------------------------------------------------------------------------------------------
// analysis

function literalOf(n: Node): Literal | null {
  if (n.t === 'lit') return n.lit;
  if (n.t === 'neg') {
    const inner = literalOf(n.x);
    if (inner?.type === 'number') return { type: 'number', value: -inner.value, text: `-${inner.text}` };
    if (inner?.type === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(inner.value)) {
      const v = -Number(inner.value);
      return { type: 'number', value: v, text: String(v) };
    }
    return null;
  }
  return null;
}

const FLIP: Record<string, string> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=', '=': '=', '<>': '<>' };

/**
 * Analyses one CHECK condition. `columns` are the table's column names (or ['VALUE'] for a
 * domain); identifiers match them exactly first, then case-insensitively.
 */
export function analyzeCheck(expr: string, columns: readonly string[], dialect: 'postgres' | 'mysql'): CheckAnalysis {
  const root = parseCheck(expr, dialect);
  if (!root) return { restrictions: new Map(), understood: false };
  const reader = new ConditionReader(columns);
  const understood = reader.conjunct(root);
  return { restrictions: reader.restrictions, understood };
}

/** The condition's syntax tree, without the CHECK ( … ) the server may print around it; null when it does not parse. */
function parseCheck(expr: string, dialect: 'postgres' | 'mysql'): Node | null {
  try {
    let text = expr.trim();
    const m = /^CHECK\s*\(([\s\S]*)\)\s*(NOT\s+VALID)?\s*(NO\s+INHERIT)?\s*$/i.exec(text);
    if (m) text = m[1]!;
    return new Parser(tokenize(text, dialect)).parseAll();
  } catch {
    return null;
  }
}

/**
 * Reads a condition as restrictions per column. Every method answers whether its part was
 * understood in full; a part that was not still leaves what it recorded (the fill then tries
 * its rows and lets the server judge).
 */
class ConditionReader {
  readonly restrictions = new Map<string, Restriction>();

  constructor(private readonly columns: readonly string[]) {}

  private resolve(name: string): string | null {
    if (this.columns.includes(name)) return name;
    const lower = name.toLowerCase();
    return this.columns.find((c) => c.toLowerCase() === lower) ?? null;
  }

  private colOf(n: Node): string | null {
    return n.t === 'col' ? this.resolve(n.name) : null;
  }

  private get(col: string): Restriction {
    let r = this.restrictions.get(col);
    if (!r) {
      r = emptyRestriction();
      this.restrictions.set(col, r);
    }
    return r;
  }

  /** Every part of an AND must hold; an OR only where all but one of its parts is "x IS NULL". */
  conjunct(n: Node): boolean {
    switch (n.t) {
      case 'and':
        return n.items.map((x) => this.conjunct(x)).every(Boolean);
      case 'lit':
        return n.lit.type === 'bool' ? n.lit.value : n.lit.type === 'number' ? n.lit.value !== 0 : false;
      case 'or': {
        // (x IS NULL OR cond): satisfying cond is enough.
        const rest = n.items.filter((it) => !(it.t === 'isnull' && !it.negated && this.colOf(it.x) !== null));
        if (rest.length === 1 && rest.length < n.items.length) return this.conjunct(rest[0]!);
        return false;
      }
      case 'isnull': {
        const col = this.colOf(n.x);
        if (col && n.negated) {
          this.get(col).notNull = true;
          return true;
        }
        return false;
      }
      case 'fn': {
        const col = n.name === 'json_valid' && n.args.length === 1 ? this.colOf(n.args[0]!) : null;
        if (!col) return false;
        this.get(col).json = true;
        return true;
      }
      case 'cmp':
        return this.comparison(n);
      case 'in':
        return this.inList(n);
      case 'quant':
        return this.quantified(n);
      case 'between':
        return this.between(n);
      case 'not':
        return this.negation(n.x);
      default:
        return false;
    }
  }

  private comparison(n: Extract<Node, { t: 'cmp' }>): boolean {
    const lc = this.colOf(n.l);
    const rc = this.colOf(n.r);
    const ll = literalOf(n.l);
    const rl = literalOf(n.r);
    if (lc && rl) return this.bound(lc, n.op, rl);
    if (rc && ll) return this.bound(rc, FLIP[n.op] ?? '', ll);
    if (lc && rc && lc !== rc) {
      if (n.op === '<' || n.op === '<=') {
        this.get(lc).lessThan.push({ column: rc, strict: n.op === '<' });
        return true;
      }
      if (n.op === '>' || n.op === '>=') {
        this.get(rc).lessThan.push({ column: lc, strict: n.op === '>' });
        return true;
      }
      return false;
    }
    const lenL = this.lengthCol(n.l);
    const lenR = this.lengthCol(n.r);
    if (lenL && rl) return this.lengthBound(lenL, n.op, rl);
    if (lenR && ll) return this.lengthBound(lenR, FLIP[n.op] ?? '', ll);
    return false;
  }

  /** col op literal. */
  private bound(col: string, op: string, lit: Literal): boolean {
    const r = this.get(col);
    switch (op) {
      case '>':
        r.lower.push({ value: lit, inclusive: false });
        return true;
      case '>=':
        r.lower.push({ value: lit, inclusive: true });
        return true;
      case '<':
        r.upper.push({ value: lit, inclusive: false });
        return true;
      case '<=':
        r.upper.push({ value: lit, inclusive: true });
        return true;
      case '=':
        r.allowed.push([lit]);
        return true;
      case '<>':
        r.notEqual.push(lit);
        return true;
      default:
        return false;
    }
  }

  /** The column of length(col), char_length(trim(col)) and the like. */
  private lengthCol(n: Node): string | null {
    if (n.t !== 'fn' || n.args.length !== 1) return null;
    if (!['length', 'char_length', 'character_length', 'octet_length', 'len'].includes(n.name)) return null;
    const inner = n.args[0]!;
    if (inner.t === 'fn' && ['btrim', 'trim'].includes(inner.name) && inner.args.length === 1)
      return this.colOf(inner.args[0]!);
    return this.colOf(inner);
  }

  /** length(col) op literal. */
  private lengthBound(col: string, op: string, lit: Literal): boolean {
    const v = lit.type === 'number' ? lit.value : lit.type === 'string' ? Number(lit.value) : NaN;
    if (!Number.isFinite(v)) return false;
    const r = this.get(col);
    const setMin = (x: number): void => {
      r.minLen = Math.max(r.minLen ?? 0, x);
    };
    const setMax = (x: number): void => {
      r.maxLen = r.maxLen === null ? x : Math.min(r.maxLen, x);
    };
    switch (op) {
      case '>':
        setMin(Math.floor(v) + 1);
        return true;
      case '>=':
        setMin(Math.ceil(v));
        return true;
      case '<':
        setMax(Math.ceil(v) - 1);
        return true;
      case '<=':
        setMax(Math.floor(v));
        return true;
      case '=':
        setMin(v);
        setMax(v);
        return true;
      case '<>':
        return v === 0 ? (setMin(1), true) : false;
      default:
        return false;
    }
  }

  /** col [NOT] IN (literals). */
  private inList(n: Extract<Node, { t: 'in' }>): boolean {
    const col = this.colOf(n.x);
    const lits = n.list.map(literalOf);
    if (!col || lits.some((l) => l === null)) return false;
    if (n.negated) this.get(col).notEqual.push(...(lits as Literal[]));
    else this.get(col).allowed.push(lits as Literal[]);
    return true;
  }

  /** col = ANY (ARRAY[…]) and col <> ALL (ARRAY[…]): PostgreSQL's spelling of IN lists. */
  private quantified(n: Extract<Node, { t: 'quant' }>): boolean {
    const col = this.colOf(n.l);
    if (!col || n.r.t !== 'array') return false;
    const lits = n.r.items.map(literalOf);
    if (lits.some((l) => l === null)) return false;
    if (n.op === '=' && !n.all) {
      this.get(col).allowed.push(lits as Literal[]);
      return true;
    }
    if (n.op === '<>' && n.all) {
      this.get(col).notEqual.push(...(lits as Literal[]));
      return true;
    }
    return false;
  }

  private between(n: Extract<Node, { t: 'between' }>): boolean {
    const col = this.colOf(n.x);
    const lo = literalOf(n.lo);
    const hi = literalOf(n.hi);
    if (!col || !lo || !hi || n.negated) return false;
    this.get(col).lower.push({ value: lo, inclusive: true });
    this.get(col).upper.push({ value: hi, inclusive: true });
    return true;
  }

  /** NOT of what has an opposite form: IS NULL, IN, =. */
  private negation(x: Node): boolean {
    if (x.t === 'isnull') return this.conjunct({ ...x, negated: !x.negated });
    if (x.t === 'in') return this.conjunct({ ...x, negated: !x.negated });
    if (x.t === 'cmp' && x.op === '=') return this.conjunct({ ...x, op: '<>' });
    return false;
  }
}

/** Merges b into a (both must hold). */
export function mergeRestriction(a: Restriction, b: Restriction): Restriction {
  return {
    lower: [...a.lower, ...b.lower],
    upper: [...a.upper, ...b.upper],
    notEqual: [...a.notEqual, ...b.notEqual],
    allowed: [...a.allowed, ...b.allowed],
    minLen: a.minLen === null ? b.minLen : b.minLen === null ? a.minLen : Math.max(a.minLen, b.minLen),
    maxLen: a.maxLen === null ? b.maxLen : b.maxLen === null ? a.maxLen : Math.min(a.maxLen, b.maxLen),
    json: a.json || b.json,
    lessThan: [...a.lessThan, ...b.lessThan],
    notNull: a.notNull || b.notNull,
  };
}
