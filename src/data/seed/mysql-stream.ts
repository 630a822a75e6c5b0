/*
 * An incremental reader of a mysqldump / mariadb-dump script, with the boundaries of the mysql
 * command-line client (client/mysql.cc): a statement ends at the current delimiter outside
 * quotes ('', "", ``) and comments (#, `-- `, /* *\/); executable comments (/*! ... *\/,
 * /*M! ... *\/) and optimizer hints are statement text, the delimiter counts inside them; a
 * DELIMITER line (mysqldump writes `DELIMITER ;;` around triggers and routines) changes it and
 * is not sent. A statement ended by another delimiter than `;` is marked to be sent alone.
 *
 * The text is read as latin1, one char per byte, so that statements reach the server as the
 * file's exact bytes (mysqldump writes BLOBs as raw bytes, which need not be valid UTF-8):
 * the connection encodes its SQL as latin1, which gives back the same bytes.
 *
 * The scanner is a state machine that resumes where the previous input ended. Input is cut
 * after its last newline (the rest waits for the next chunk), so every look-ahead (`--`
 * plus a space, a doubled quote, a DELIMITER line, a two-character delimiter) sees its
 * characters. A statement spanning chunks is kept as pieces and joined once.
 */

export interface MysqlStatementItem {
  kind: 'sql';
  /** latin1: one char per byte of the file. */
  text: string;
  line: number;
  /** Ended by a delimiter other than `;` (a trigger or routine body): sent on its own. */
  alone: boolean;
}

export interface MysqlMetaItem {
  kind: 'meta';
  text: string;
  line: number;
}

export type MysqlItem = MysqlStatementItem | MysqlMetaItem;

const S_NORMAL = 0;
const S_QUOTE = 1;
const S_COMMENT = 2;

const NL = 10;
const SPACE = 32;
const TAB = 9;
const HASH = 35;
const DASH = 45;
const SLASH = 47;
const STAR = 42;
const BANG = 33;
const PLUS = 43;
const BACKSLASH = 92;
const SQUOTE = 39;
const DQUOTE = 34;
const BACKTICK = 96;
const SEMI = 59;
const UPPER_M = 77;

/** MariaDB 10.5+ dumps start with this line, which its client reads as a command ("sandbox mode"). */
const SANDBOX = '/*M!999999\\- enable the sandbox mode */';

export class MysqlScriptReader {
  private readonly out: MysqlItem[] = [];
  private outAt = 0;
  /** Input after the last newline, waiting for the rest of its line. */
  private carry: Buffer[] = [];
  private ended = false;
  private started = false;

  private state = S_NORMAL;
  private quote = 0;
  private line = 1;
  private delim = ';';
  private d0 = SEMI;

  /** Absolute char offset where the current unit starts. */
  private unitBase = 0;
  /** The pending statement: absolute start (-1: none), absolute end of its last significant char. */
  private startAbs = -1;
  private endAbs = 0;
  private startLine = 0;
  /** Parts of the pending statement from earlier units. */
  private pieces: string[] = [];
  /** The unit being scanned ('' between units). */
  private current = '';

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    const nl = chunk.lastIndexOf(NL);
    if (nl < 0) {
      this.carry.push(chunk);
      return;
    }
    const head = chunk.subarray(0, nl + 1);
    const unit = this.carry.length > 0 ? Buffer.concat([...this.carry, head]) : head;
    this.carry = nl + 1 < chunk.length ? [chunk.subarray(nl + 1)] : [];
    this.scan(unit.toString('latin1'));
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    const rest = Buffer.concat(this.carry);
    this.carry = [];
    if (rest.length > 0) this.scan(rest.toString('latin1'));
    this.finishStatement();
  }

  /** The next statement or note, or null when more input is needed (or, after end(), when done). */
  next(): MysqlItem | null {
    if (this.outAt < this.out.length) {
      const item = this.out[this.outAt++] as MysqlItem;
      if (this.outAt === this.out.length) {
        this.out.length = 0;
        this.outAt = 0;
      }
      return item;
    }
    return null;
  }

  private scan(s: string): void {
    const n = s.length;
    this.current = s;
    let i = 0;
    if (!this.started) {
      this.started = true;
      if (s.startsWith('\xef\xbb\xbf')) i = 3; // a UTF-8 byte order mark
    }
    // every unit starts a line (input is cut after newlines)
    if (this.state === S_NORMAL) i = this.lineStart(s, i);
    while (i < n) {
      if (this.state === S_NORMAL) i = this.scanNormal(s, i);
      else if (this.state === S_QUOTE) i = this.scanQuoted(s, i);
      else i = this.scanComment(s, i);
    }
    // keep the pending statement's part of this unit
    if (this.startAbs >= 0) this.pieces.push(s.slice(Math.max(0, this.startAbs - this.unitBase)));
    this.unitBase += n;
    this.current = '';
  }

  private scanNormal(s: string, from: number): number {
    const n = s.length;
    const d0 = this.d0;
    for (let i = from; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c === d0 && (this.delim.length === 1 || s.startsWith(this.delim, i))) {
        this.finishStatement();
        i += this.delim.length - 1;
        continue;
      }
      if (c <= SPACE) {
        if (c === NL) {
          this.line++;
          i = this.lineStart(s, i + 1) - 1;
        }
        continue;
      }
      switch (c) {
        case SQUOTE:
        case DQUOTE:
        case BACKTICK:
          this.mark(i, i + 1);
          this.state = S_QUOTE;
          this.quote = c;
          return i + 1;
        case HASH:
          i = this.toLineEnd(s, i);
          continue;
        case DASH: {
          const c1 = s.charCodeAt(i + 1);
          // `-- ` and `--` + a control character; the client also drops a line starting a
          // statement with `--` (banners like `-----`)
          if (c1 === DASH && (i + 2 >= n || s.charCodeAt(i + 2) <= SPACE || this.startAbs < 0)) {
            i = this.toLineEnd(s, i);
            continue;
          }
          break;
        }
        case SLASH:
          if (s.charCodeAt(i + 1) === STAR) {
            const c2 = s.charCodeAt(i + 2);
            if (c2 === BANG || c2 === PLUS || (c2 === UPPER_M && s.charCodeAt(i + 3) === BANG)) {
              // an executable comment or hint: its text is the statement's
              this.mark(i, i + 3);
              i += 2;
              continue;
            }
            this.state = S_COMMENT;
            return i + 2;
          }
          break;
      }
      this.mark(i, i + 1);
    }
    return n;
  }

  /** Inside '', "" (backslash escapes) or `` (none); a doubled quote stands for itself. */
  private scanQuoted(s: string, from: number): number {
    const n = s.length;
    const q = this.quote;
    const escapes = q !== BACKTICK;
    for (let i = from; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c === q) {
        if (s.charCodeAt(i + 1) === q) {
          i++;
          continue;
        }
        this.state = S_NORMAL;
        this.endAbs = this.unitBase + i + 1;
        return i + 1;
      }
      if (c === NL) this.line++;
      else if (c === BACKSLASH && escapes) {
        if (s.charCodeAt(i + 1) === NL) this.line++;
        i++;
      }
    }
    this.endAbs = this.unitBase + n;
    return n;
  }

  private scanComment(s: string, from: number): number {
    const close = s.indexOf('*/', from);
    const end = close < 0 ? s.length : close + 2;
    for (let k = s.indexOf('\n', from); k >= 0 && k < end; k = s.indexOf('\n', k + 1)) this.line++;
    if (close >= 0) this.state = S_NORMAL;
    // a comment inside a statement stays in its text; one before it is not sent
    return end;
  }

  /** Index of the newline ending the line at i (not consumed: the main loop counts it). */
  private toLineEnd(s: string, i: number): number {
    const k = s.indexOf('\n', i);
    return (k < 0 ? s.length : k) - 1;
  }

  private mark(from: number, to: number): void {
    if (this.startAbs < 0) {
      this.startAbs = this.unitBase + from;
      this.startLine = this.line;
    }
    this.endAbs = this.unitBase + to;
  }

  /**
   * At the start of a line: the client's DELIMITER command (case-insensitive, first on its
   * line, then whitespace and the new delimiter; the rest of the line is not sent), and the
   * sandbox-mode line of MariaDB dumps. Returns where scanning continues.
   */
  private lineStart(s: string, i: number): number {
    let j = i;
    while (j < s.length && (s.charCodeAt(j) === SPACE || s.charCodeAt(j) === TAB)) j++;
    const c = s.charCodeAt(j);
    if ((c | 32) === 100 && s.slice(j, j + 9).toLowerCase() === 'delimiter') {
      const after = s.charCodeAt(j + 9);
      if (after === SPACE || after === TAB) {
        const eol = this.toLineEnd(s, j) + 1;
        const arg = s.slice(j + 10, eol).trim().split(/\s+/)[0] ?? '';
        const d = arg.replace(/^(['"`])(.*)\1$/, '$2');
        if (d.length > 0) {
          this.finishStatement();
          this.delim = d;
          this.d0 = d.charCodeAt(0);
        }
        return eol;
      }
    } else if (c === SLASH && this.startAbs < 0 && s.startsWith(SANDBOX, j)) {
      const eol = this.toLineEnd(s, j) + 1;
      this.out.push({ kind: 'meta', text: s.slice(j, eol).trim(), line: this.line });
      return eol;
    }
    return i;
  }

  /** Ends the pending statement (at its delimiter, a DELIMITER line or the end of input). */
  private finishStatement(): void {
    if (this.startAbs < 0) return;
    const len = this.endAbs - this.startAbs;
    let text: string;
    if (this.pieces.length === 0) {
      // (a slice of the current unit, which scan() has not counted into unitBase yet)
      text = this.current.slice(this.startAbs - this.unitBase, this.endAbs - this.unitBase);
    } else {
      const tail = Math.max(0, this.endAbs - this.unitBase);
      text = (this.pieces.join('') + this.current.slice(0, tail)).slice(0, len);
    }
    this.out.push({ kind: 'sql', text, line: this.startLine, alone: this.delim !== ';' });
    this.startAbs = -1;
    this.pieces = [];
  }
}
