import {
  PgLexer,
  T_CLOSE,
  T_EOF,
  T_OPEN,
  T_OPEN_COMMENT,
  T_QUOTED_IDENT,
  T_SEMI,
  T_STRING,
  T_WORD,
  standardConformingStringsOff,
} from '../../migrations/split/lexer/postgres-lexer.js';
import { isNonTransactionalPostgres } from '../../migrations/split/postgres.js';
import { Nesting } from '../../migrations/split/postgres-nesting.js';

/*
 * An incremental reader of a plain-text pg_dump / psql script: bytes go in with push(),
 * items come out of next(), and only the statement being read (plus one input chunk) is held.
 *
 * Boundaries are psql's: a `;` outside quotes, comments, parentheses and BEGIN ATOMIC bodies
 * ends a statement (the lexer is the splitter's, split/lexer/postgres-lexer.ts, which follows
 * the server's scan.l).
 * `COPY ... FROM STDIN` switches to data mode until a line `\.`; the data is passed on as
 * bytes, never decoded. A backslash at the start of a statement is a psql meta-command
 * (\connect, \restrict, \unrestrict, \set ...): its line is reported, not sent.
 *
 * The text is lexed as latin1, one char per byte: the lexer only looks at ASCII, and every
 * byte of a UTF-8 (or any ASCII-compatible) multi-byte character is >= 0x80, which it takes
 * as an identifier character just as it takes the decoded character. Statements are handed
 * on as the file's own bytes, so nothing is re-encoded on the way to the server (as psql).
 *
 * Reading stops at the last newline of the buffer (unless the input ended): no token other
 * than a quoted string, a dollar-quoted body or a block comment can span a newline, so a
 * token cut there runs to the limit and marks the statement incomplete. An incomplete
 * statement is lexed again only once the buffered input has doubled, which keeps a huge
 * statement linear.
 */

export interface PgStatementItem {
  kind: 'sql';
  /** The statement's bytes, from its first token to its `;` (included, when it has one). */
  bytes: Buffer;
  /** 1-based line of its first token. */
  line: number;
  /** Must be sent alone (it cannot run in the implicit transaction of a multi-statement query). */
  alone: boolean;
  /** Changes how the server lexes or decodes what follows (client_encoding, standard_conforming_strings): nothing may be batched after it. */
  endsBatch: boolean;
}

export interface PgCopyItem {
  kind: 'copy';
  bytes: Buffer;
  line: number;
  /** Line of the first data line. */
  dataLine: number;
}

export interface PgCopyDataItem {
  kind: 'copyData';
  bytes: Buffer;
}

export interface PgCopyEndItem {
  kind: 'copyEnd';
}

export interface PgMetaItem {
  kind: 'meta';
  /** The meta-command line, without its newline. */
  text: string;
  line: number;
}

export type PgItem = PgStatementItem | PgCopyItem | PgCopyDataItem | PgCopyEndItem | PgMetaItem;

const NL = 10;
const CR = 13;
const BACKSLASH = 92;
const DOT = 46;
const EMPTY = Buffer.alloc(0);
const NL_BACKSLASH_DOT = Buffer.from('\n\\.');
/** The end-of-data line's beginning, to recognise a partial one. */
const TERMINATOR = '\\.\r';

/** First words of statements isNonTransactionalPostgres may say yes to. */
const MAYBE_NON_TRANSACTIONAL = new Set([
  'VACUUM',
  'CREATE',
  'DROP',
  'ALTER',
  'REINDEX',
  'CLUSTER',
  'DISCARD',
  'COMMIT',
  'ROLLBACK',
]);

/** Settings that change how the server lexes or converts the query text that follows. */
const LEXING_SETTINGS = new Set(['client_encoding', 'names', 'standard_conforming_strings', 'backslash_quote', 'all']);

export class PgScriptReader {
  private buf: Buffer = EMPTY;
  private pos = 0;
  /** Chunks pushed while an incomplete statement waits for more input. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Unconsumed bytes needed before an incomplete statement is lexed again. */
  private retryAt = 0;
  private ended = false;
  private started = false;
  /** latin1 view of buf[textBase, buf.length), or null. */
  private text: string | null = null;
  private textBase = 0;
  private inCopy = false;
  /** In COPY data: whether pos is at the start of a line. */
  private copyAtLineStart = true;
  /** The line at buf offset linePos. */
  private line = 1;
  private linePos = 0;
  /** standard_conforming_strings as the script last set it. */
  private scsOff = false;

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
  }

  end(): void {
    this.ended = true;
  }

  /** The next item, or null when more input is needed (or, after end(), when the script is done). */
  next(): PgItem | null {
    if (this.retryAt > 0 && !this.ended && this.buf.length - this.pos + this.pendingBytes < this.retryAt) return null;
    if (this.pendingBytes > 0) this.compact();
    this.retryAt = 0;
    return this.inCopy ? this.nextCopy() : this.nextSql();
  }

  /** Drops consumed bytes and appends the pending chunks. */
  private compact(): void {
    this.countLines(this.pos);
    const rest = this.buf.subarray(this.pos);
    const parts = rest.length > 0 ? [rest, ...this.pending] : this.pending;
    this.buf = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
    this.linePos -= this.pos;
    this.pos = 0;
    this.pending = [];
    this.pendingBytes = 0;
    this.retryAt = 0;
    this.text = null;
    if (!this.started && this.buf.length >= 3) {
      this.started = true;
      // a UTF-8 byte order mark is not part of the first statement
      if (this.buf[0] === 0xef && this.buf[1] === 0xbb && this.buf[2] === 0xbf) this.pos = this.linePos = 3;
    }
  }

  /** Advances the line count to buf offset `to` (>= linePos). */
  private countLines(to: number): void {
    const b = this.buf;
    let n = 0;
    for (let k = b.indexOf(NL, this.linePos); k >= 0 && k < to; k = b.indexOf(NL, k + 1)) n++;
    this.line += n;
    this.linePos = to;
  }

  private lineAt(offset: number): number {
    this.countLines(offset);
    return this.line;
  }

  /** Unconsumed input is not complete yet: lex it again once it has doubled. */
  private needMore(): null {
    this.retryAt = Math.max(2 * (this.buf.length - this.pos), 1);
    return null;
  }

  private nextSql(): PgItem | null {
    const b = this.buf;
    const n = b.length;
    if (this.pos >= n) return this.ended ? null : this.needMore();
    const limit = this.ended ? n : b.lastIndexOf(NL) + 1;
    if (limit <= this.pos) return this.needMore();
    if (this.text === null || this.textBase > this.pos) {
      this.textBase = this.pos;
      this.text = b.toString('latin1', this.pos, n);
    }
    const base = this.textBase;
    const lx = new PgLexer(this.text, this.pos - base, limit - base);
    lx.scsOff = this.scsOff;
    const kind = lx.next();
    if (kind === T_EOF) {
      // only whitespace and comments up to the limit
      this.pos = limit;
      return this.ended ? null : this.needMore();
    }
    if (kind === T_OPEN_COMMENT && !this.ended) return this.needMore();
    const start = lx.start;
    if (this.text.charCodeAt(start) === BACKSLASH) return this.meta(base + start, n);
    const facts = this.readStatement(lx, kind);
    return facts === null ? this.needMore() : this.statement(facts, base + start, base + facts.end);
  }

  /** Reads a statement's tokens up to its end; null when the input ends before it does. */
  private readStatement(lx: PgLexer, first: number): StatementFacts | null {
    const facts = new StatementFacts();
    let kind = first;
    for (;;) {
      // a quoted token or comment cut by the limit: the statement goes on in the next input
      if (
        lx.end >= lx.limit &&
        !this.ended &&
        (kind === T_STRING || kind === T_QUOTED_IDENT || kind === T_OPEN_COMMENT)
      )
        return null;
      facts.end = lx.end;
      if (kind === T_SEMI && facts.nest.canEnd()) return facts;
      facts.take(kind, lx);
      kind = lx.next();
      if (kind === T_EOF) return this.ended ? facts : null;
    }
  }

  /** The statement at buf[start, end), its `;` included when it has one. */
  private statement(facts: StatementFacts, start: number, end: number): PgItem {
    const line = this.lineAt(start);
    const bytes = this.buf.subarray(start, end);
    this.pos = end;
    if (facts.copyFromStdin) return this.startCopy(bytes, line, end, this.buf.length);
    const text = (): string => (this.text as string).slice(start - this.textBase, end - this.textBase);
    const head = facts.head;
    let endsBatch = false;
    if (head) {
      const scs = standardConformingStringsOff(head);
      if (scs !== null) this.scsOff = scs;
      endsBatch = LEXING_SETTINGS.has(head[1] === 'session' || head[1] === 'local' ? (head[2] ?? '') : (head[1] ?? ''));
    } else if (
      facts.first === 'SELECT' &&
      /set_config\s*\(\s*'(client_encoding|standard_conforming_strings)'/i.test(text())
    ) {
      endsBatch = true;
    }
    const first = facts.first;
    const alone =
      first === 'CALL' ||
      first === 'DO' ||
      (first === 'ALTER' && facts.second === 'TYPE') ||
      (MAYBE_NON_TRANSACTIONAL.has(first) && isNonTransactionalPostgres(text()));
    return { kind: 'sql', bytes, line, alone, endsBatch };
  }

  /** A meta-command line at `at`: psql's, not the server's. */
  private meta(at: number, n: number): PgMetaItem {
    const nl = this.buf.indexOf(NL, at);
    const eol = nl < 0 || nl >= n ? n : nl;
    const line = this.lineAt(at);
    let textEnd = eol;
    if (textEnd > at && this.buf[textEnd - 1] === CR) textEnd--;
    const item: PgMetaItem = { kind: 'meta', text: this.buf.toString('utf8', at, textEnd), line };
    this.pos = eol < n ? eol + 1 : n;
    return item;
  }

  /** After `COPY ... FROM STDIN;` the data starts on the next line (psql reads it line by line). */
  private startCopy(bytes: Buffer, line: number, end: number, n: number): PgCopyItem {
    const nl = this.buf.indexOf(NL, end);
    this.pos = nl < 0 ? n : nl + 1;
    this.inCopy = true;
    this.copyAtLineStart = true;
    return { kind: 'copy', bytes, line, dataLine: this.lineAt(this.pos) };
  }

  /**
   * COPY data up to the end-of-data line `\.` (with \n, \r\n or the end of input after it),
   * which is not sent: pg-copy-streams ends the data with CopyDone. Data lines cannot hold a
   * raw newline in text format (it is written \n), so every `\n\.` is a candidate.
   */
  private nextCopy(): PgItem | null {
    const b = this.buf;
    const n = b.length;
    const p = this.pos;
    let candidate = this.copyAtLineStart && p < n && b[p] === BACKSLASH ? p : -1;
    let from = p;
    for (;;) {
      if (candidate < 0) {
        const k = b.indexOf(NL_BACKSLASH_DOT, from);
        if (k < 0) break;
        candidate = k + 1;
      }
      const end = this.terminatorEnd(candidate);
      if (end === -1) {
        // undecidable until more input arrives: the candidate is on the last, partial line
        if (candidate > p) return this.copyData(p, candidate);
        return this.needMore();
      }
      if (end > 0) {
        if (candidate > p) {
          // the data first; the terminator is found again on the next call
          return this.copyData(p, candidate);
        }
        this.pos = end;
        this.inCopy = false;
        return { kind: 'copyEnd' };
      }
      from = candidate;
      candidate = -1;
    }
    if (this.ended) {
      // the end of input ends the data, as in psql
      if (p < n) return this.copyData(p, n);
      this.inCopy = false;
      return { kind: 'copyEnd' };
    }
    // Everything goes, a partial last line included (the server reads a byte stream), unless
    // that line may still become the end-of-data line: then it waits for more input. So the
    // next chunk is used as it comes, without copying it onto a rest.
    const lastNl = b.lastIndexOf(NL);
    const lineStart = lastNl >= p ? lastNl + 1 : this.copyAtLineStart ? p : -1;
    const keep =
      lineStart >= 0 && lineStart < n && n - lineStart <= 3 && TERMINATOR.startsWith(b.toString('latin1', lineStart, n))
        ? lineStart
        : n;
    if (keep > p) return this.copyData(p, keep);
    return this.needMore();
  }

  private copyData(from: number, to: number): PgCopyDataItem {
    this.pos = to;
    this.copyAtLineStart = this.buf[to - 1] === NL;
    return { kind: 'copyData', bytes: this.buf.subarray(from, to) };
  }

  /** Whether a `\.` line starts at `c`: the offset after it, 0 when not, -1 when more input must decide. */
  private terminatorEnd(c: number): number {
    const b = this.buf;
    const n = b.length;
    if (c + 1 >= n) return this.ended ? 0 : -1;
    if (b[c + 1] !== DOT) return 0;
    if (c + 2 >= n) return this.ended ? n : -1;
    const c2 = b[c + 2];
    if (c2 === NL) return c + 3;
    if (c2 !== CR) return 0;
    if (c + 3 >= n) return this.ended ? n : -1;
    return b[c + 3] === NL ? c + 4 : 0;
  }
}

/** What the reader learns from a statement's tokens on the way to its end. */
class StatementFacts {
  /** BEGIN ATOMIC bodies and parentheses, which a `;` does not end. */
  readonly nest = new Nesting();
  /** End of the last token read (the `;`, once it is reached). */
  end = 0;
  /** The first two words, upper-cased. */
  first = '';
  second = '';
  copyFromStdin = false;
  /** A SET or RESET statement's first tokens, lower-cased; null for any other statement. */
  head: string[] | null = null;
  private words = 0;
  private isCopy = false;
  private copyDepth = 0;
  private prevFrom = false;

  /** The token the lexer holds, which is not the statement's end. */
  take(kind: number, lx: PgLexer): void {
    if (kind === T_WORD) this.word(lx);
    else {
      this.prevFrom = false;
      if (kind === T_OPEN) this.copyDepth++;
      else if (kind === T_CLOSE && this.copyDepth > 0) this.copyDepth--;
      this.nest.punctuation(kind);
    }
    if (this.head && this.head.length < 6) this.head.push(lx.text.slice(lx.start, lx.end).toLowerCase());
  }

  private word(lx: PgLexer): void {
    // past the head, words only matter to COPY detection and function bodies
    if (this.words < 2 || this.isCopy || this.nest.tracking()) {
      const w = lx.text.slice(lx.start, lx.end);
      if (this.words === 0) {
        this.first = w.toUpperCase();
        this.isCopy = this.first === 'COPY';
        if (this.first === 'SET' || this.first === 'RESET') this.head = [];
      } else if (this.words === 1) this.second = w.toUpperCase();
      if (this.isCopy && this.copyDepth === 0) {
        const lw = w.toLowerCase();
        if (this.prevFrom && lw === 'stdin') this.copyFromStdin = true;
        this.prevFrom = lw === 'from';
      }
      this.nest.word(w);
    } else this.nest.other();
    this.words++;
  }
}
