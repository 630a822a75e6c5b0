import {
  BACKTICK,
  DASH,
  DQUOTE,
  HASH,
  LF,
  LOWER_D,
  PLUS,
  SEMI,
  SLASH,
  SPACE,
  SQUOTE,
  STAR,
  isBlank,
} from '../../migrations/split/lexer/mysql-chars.js';
import {
  DELIMITER_WORD_LENGTH,
  blockCommentEnd,
  closingQuoteEnd,
  delimiterArgument,
  delimiterCommandEnd,
  executableCommentOpening,
  isDashComment,
  lineEnd,
} from '../../migrations/split/lexer/mysql-scan.js';
import { LineCounter } from '../../migrations/split/lexer/lines.js';

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
 * The scanner is a state machine that resumes where the previous input ended; its quotes,
 * comments and DELIMITER lines are read with the statement splitter's primitives
 * (migrations/split/lexer/). Input is cut after its last newline (the rest waits for the
 * next chunk), so every look-ahead (`--` plus a space, a doubled quote, a DELIMITER line, a
 * two-character delimiter) sees its characters. A statement spanning chunks is kept as
 * pieces and joined once.
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
  /** Lines of the input read so far, counted unit by unit. */
  private readonly lines = new LineCounter('', 1);
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
    const nl = chunk.lastIndexOf(LF);
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
    this.lines.continueWith(s);
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
    this.lines.continueWith('');
  }

  private scanNormal(s: string, from: number): number {
    const n = s.length;
    let d0 = this.d0;
    for (let i = from; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c === d0 && (this.delim.length === 1 || s.startsWith(this.delim, i))) {
        this.finishStatement();
        i += this.delim.length - 1;
        continue;
      }
      if (c <= SPACE) {
        if (c === LF) {
          i = this.lineStart(s, i + 1) - 1;
          d0 = this.d0; // a DELIMITER line may have changed it
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
          i = lineEnd(s, i) - 1; // the loop reads the newline
          continue;
        case DASH:
          // the client also drops a line starting a statement with `--` (banners like `-----`)
          if (isDashComment(s, i) || (this.startAbs < 0 && s.charCodeAt(i + 1) === DASH)) {
            i = lineEnd(s, i) - 1;
            continue;
          }
          break;
        case SLASH:
          if (s.charCodeAt(i + 1) === STAR) {
            if (executableCommentOpening(s, i) > 0 || s.charCodeAt(i + 2) === PLUS) {
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

  /** Inside '', "" (backslash escapes) or `` (none), which may have begun in an earlier unit. */
  private scanQuoted(s: string, from: number): number {
    const end = closingQuoteEnd(s, from, this.quote, this.quote !== BACKTICK);
    if (end < 0) {
      this.endAbs = this.unitBase + s.length;
      return s.length;
    }
    this.state = S_NORMAL;
    this.endAbs = this.unitBase + end;
    return end;
  }

  /** Inside a block comment: one inside a statement stays in its text, one before it is not sent. */
  private scanComment(s: string, from: number): number {
    const end = blockCommentEnd(s, from);
    if (end < 0) return s.length;
    this.state = S_NORMAL;
    return end;
  }

  private mark(from: number, to: number): void {
    if (this.startAbs < 0) {
      this.startAbs = this.unitBase + from;
      this.startLine = this.lines.lineAt(from);
    }
    this.endAbs = this.unitBase + to;
  }

  /**
   * At the start of a line: the client's DELIMITER command (the pending statement ends there;
   * the rest of the line is its argument, not sent), and the sandbox-mode line of MariaDB
   * dumps. Returns where scanning continues.
   */
  private lineStart(s: string, i: number): number {
    let j = i;
    while (j < s.length && isBlank(s.charCodeAt(j))) j++;
    const c = s.charCodeAt(j);
    if ((c | 32) === LOWER_D) {
      const eol = delimiterCommandEnd(s, j, false);
      if (eol >= 0) {
        this.finishStatement();
        const d = delimiterArgument(s, j + DELIMITER_WORD_LENGTH, eol);
        if (d !== null) {
          this.delim = d;
          this.d0 = d.charCodeAt(0);
        }
        return eol;
      }
    } else if (c === SLASH && this.startAbs < 0 && s.startsWith(SANDBOX, j)) {
      const eol = lineEnd(s, j);
      this.out.push({ kind: 'meta', text: s.slice(j, eol).trim(), line: this.lines.lineAt(j) });
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
