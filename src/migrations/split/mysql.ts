import type { Statement } from '../types.js';
import {
  AT,
  BACKTICK,
  COLON,
  COMMA,
  DASH,
  DOT,
  DQUOTE,
  EQUALS,
  HASH,
  LF,
  LOWER_D,
  LPAREN,
  RPAREN,
  SEMI,
  SLASH,
  SPACE,
  SQUOTE,
  STAR,
  isBlank,
  isDigit,
  isWordChar,
} from './lexer/mysql-chars.js';
import {
  DELIMITER_WORD_LENGTH,
  blockCommentEnd,
  commentEnd,
  delimiterArgument,
  delimiterCommandEnd,
  executableCommentOpening,
  isDashComment,
  lineEnd,
  skipQuoted,
  variableEnd,
  wordEnd,
} from './lexer/mysql-scan.js';
import { LineCounter } from './lexer/lines.js';

/*
 * MySQL / MariaDB script splitter.
 *
 * Follows the mysql command-line client (client/mysql.cc, add_line): statements end at the
 * current delimiter outside quotes and comments, the client-side DELIMITER directive changes
 * it, and executable comments are ordinary statement text. Unlike the client, and like
 * Flyway, a stored program (CREATE PROCEDURE / FUNCTION / TRIGGER / EVENT) or a MariaDB
 * compound statement written with the default `;` delimiter is kept whole: semicolons inside
 * its BEGIN ... END body do not end it.
 *
 * One forward pass over char codes; block tracking only runs inside stored programs.
 */

// The lexing primitives live in ./lexer/ (shared with the normaliser and the dump reader);
// they stay importable from here.
export { isDigit, isWordChar } from './lexer/mysql-chars.js';
export { executableCommentOpening, isDashComment, lineEnd, quotedEnd, skipQuoted } from './lexer/mysql-scan.js';

// ---------------------------------------------------------------------------------------
// Block tracking inside stored programs

// Token kinds the tracker and the head classifier distinguish.
const T_WORD = 1;
const T_LIT = 2;
const T_OPEN = 3;
const T_CLOSE = 4;
const T_DOT = 5;
const T_AT = 6;
const T_EQ = 7;
const T_COMMA = 8;
const T_COLON = 9;
const T_SEMI = 10;
const T_OTHER = 11;

// Frames: what an END closes.
const F_BLOCK = 1; // BEGIN, IF, CASE statement, LOOP, WHILE, FOR
const F_CASE_EXPR = 2; // CASE expression: may hold no statements, closed by a bare END
const F_REPEAT = 3; // REPEAT ... UNTIL cond END REPEAT: END follows an expression
const F_REPEAT_UNTIL = 4;

// A keyword whose meaning the next token decides.
const P_NONE = 0;
const P_IF = 1;
const P_REPEAT = 2;
const P_BEGIN = 3;

/** Words after which an END closes a statement rather than opening a new block. */
const END_SUFFIXES = new Set(['IF', 'CASE', 'LOOP', 'WHILE', 'REPEAT', 'FOR']);

/** Words after which BEGIN can only be an identifier (a column, table or variable named begin). */
const IDENT_BEFORE = new Set([
  'SELECT',
  'SET',
  'DECLARE',
  'AS',
  'BY',
  'WHERE',
  'AND',
  'OR',
  'XOR',
  'IN',
  'OUT',
  'INOUT',
  'INTO',
  'FROM',
  'RETURN',
  'DISTINCT',
  'ON',
  'LIKE',
  'UPDATE',
  'HAVING',
  'JOIN',
  'TABLE',
  'CALL',
  'LEAVE',
  'ITERATE',
  'NOT',
  'IS',
  'BETWEEN',
]);

/** Words that, following BEGIN, make it an identifier. */
const IDENT_AFTER = new Set([
  'FROM',
  'AS',
  'IS',
  'AND',
  'OR',
  'XOR',
  'IN',
  'NOT',
  'LIKE',
  'BETWEEN',
  'DIV',
  'MOD',
  'REGEXP',
  'RLIKE',
  'ASC',
  'DESC',
]);

/** Words after which an END is an operand (a column named end), not the end of an expression. */
const OPERATOR_WORDS = new Set([
  'THEN',
  'ELSE',
  'ELSEIF',
  'WHEN',
  'CASE',
  'IF',
  'AND',
  'OR',
  'XOR',
  'NOT',
  'IS',
  'LIKE',
  'BETWEEN',
  'SELECT',
  'DIV',
  'MOD',
  'IN',
  'BY',
  'RETURN',
  'SET',
  'WHERE',
  'REGEXP',
  'RLIKE',
  'ESCAPE',
  'INTERVAL',
  'UNTIL',
  'DISTINCT',
  'ON',
  'AS',
  'WHILE',
]);

function afterOperand(prevTok: number, prevWord: string): boolean {
  return prevTok === T_LIT || prevTok === T_CLOSE || (prevTok === T_WORD && !OPERATOR_WORDS.has(prevWord));
}

/**
 * Nesting of compound statements. BEGIN, LOOP, WHILE, REPEAT, FOR, CASE and IF statements
 * open a frame, every one closed by one END (END IF, END LOOP, ... or a bare END). What
 * makes it hard is that IF, REPEAT and CASE are also expressions and BEGIN and END are
 * non-reserved words; the tracker decides by position: a statement keyword stands at the
 * start of a statement (after `;`, BEGIN, THEN, ELSE, DO, LOOP, REPEAT or a label), and
 * inside parentheses or a CASE expression only CASE ... END nests.
 */
class BlockTracker {
  private kinds: number[] = [];
  private parens: number[] = [];
  private paren = 0;
  private atStart = false;
  private afterEnd = false;
  private pending = P_NONE;
  private prevTok = 0;
  private prevWord = '';

  get open(): boolean {
    return this.kinds.length > 0;
  }

  reset(atStart: boolean): void {
    this.kinds.length = 0;
    this.parens.length = 0;
    this.paren = 0;
    this.atStart = atStart;
    this.afterEnd = false;
    this.pending = P_NONE;
    this.prevTok = 0;
    this.prevWord = '';
  }

  private push(kind: number): void {
    this.kinds.push(kind);
    this.parens.push(this.paren);
  }

  private pop(): void {
    this.kinds.pop();
    this.parens.pop();
    this.afterEnd = true;
  }

  /**
   * IF, REPEAT and BEGIN away from a statement start, given the next token: IF(...) and
   * REPEAT(...) are functions, IF [NOT] EXISTS a clause, and `begin,` or `begin =` a name.
   */
  private resolve(tok: number, u: string): void {
    const p = this.pending;
    this.pending = P_NONE;
    switch (p) {
      case P_IF:
        if (tok !== T_OPEN && !(tok === T_WORD && (u === 'EXISTS' || u === 'NOT'))) this.push(F_BLOCK);
        return;
      case P_REPEAT:
        if (tok !== T_OPEN) {
          this.push(F_REPEAT);
          this.atStart = true;
        }
        return;
      case P_BEGIN:
        if (tok === T_OPEN || tok === T_LIT || (tok === T_WORD && !IDENT_AFTER.has(u))) {
          this.push(F_BLOCK);
          this.atStart = true;
        }
        return;
    }
  }

  /** `u`: the word upper-cased, or '' when it cannot be a keyword. */
  word(u: string): void {
    if (this.pending !== P_NONE) this.resolve(T_WORD, u);
    const prevTok = this.prevTok;
    const prevWord = this.prevWord;
    this.prevTok = T_WORD;
    this.prevWord = u;
    const atStart = this.atStart;
    this.atStart = false;
    if (prevTok === T_DOT) {
      this.afterEnd = false;
      return;
    }
    if (this.afterEnd) {
      this.afterEnd = false;
      if (END_SUFFIXES.has(u)) return;
    }
    if (this.paren > 0 || this.topKind() === F_CASE_EXPR) this.expressionWord(u, prevTok, prevWord);
    else this.statementWord(u, atStart, prevTok, prevWord);
  }

  private topKind(): number {
    const top = this.kinds.length - 1;
    return top >= 0 ? (this.kinds[top] as number) : 0;
  }

  /** Inside parentheses or a CASE expression only CASE ... END nests. */
  private expressionWord(u: string, prevTok: number, prevWord: string): void {
    const top = this.kinds.length - 1;
    if (u === 'CASE') this.push(F_CASE_EXPR);
    else if (
      u === 'END' &&
      this.kinds[top] === F_CASE_EXPR &&
      this.parens[top] === this.paren &&
      afterOperand(prevTok, prevWord)
    ) {
      this.pop();
    }
  }

  /** A word at the level of statements: block keywords open and close frames. */
  private statementWord(u: string, atStart: boolean, prevTok: number, prevWord: string): void {
    const top = this.kinds.length - 1;
    switch (u) {
      case 'BEGIN':
        if (atStart) {
          this.push(F_BLOCK);
          this.atStart = true;
        } else if (!(prevTok === T_COMMA || prevTok === T_EQ || prevTok === T_OTHER || IDENT_BEFORE.has(prevWord))) {
          this.pending = P_BEGIN;
        }
        return;
      case 'NOT':
      case 'ATOMIC':
        // MariaDB's BEGIN NOT ATOMIC: the body starts after ATOMIC.
        if (atStart && (prevWord === 'BEGIN' || prevWord === 'NOT')) this.atStart = true;
        return;
      case 'IF':
        if (atStart) this.push(F_BLOCK);
        else this.pending = P_IF;
        return;
      case 'REPEAT':
        if (atStart) {
          this.push(F_REPEAT);
          this.atStart = true;
        } else {
          this.pending = P_REPEAT;
        }
        return;
      case 'CASE':
        this.push(atStart ? F_BLOCK : F_CASE_EXPR);
        return;
      case 'LOOP':
        this.push(F_BLOCK);
        this.atStart = true;
        return;
      case 'WHILE':
        this.push(F_BLOCK);
        return;
      case 'FOR':
        // MariaDB's FOR loop; FOR EACH ROW, FOR UPDATE, HANDLER FOR are not at a statement start.
        if (atStart) this.push(F_BLOCK);
        return;
      case 'END':
        if (top >= 0 && (atStart || (this.kinds[top] === F_REPEAT_UNTIL && afterOperand(prevTok, prevWord))))
          this.pop();
        return;
      case 'UNTIL':
        if (this.kinds[top] === F_REPEAT) this.kinds[top] = F_REPEAT_UNTIL;
        return;
      case 'THEN':
      case 'ELSE':
      case 'DO':
        this.atStart = true;
        return;
      case 'ROW':
        // A trigger's body follows FOR EACH ROW.
        this.atStart = prevWord === 'EACH';
        return;
      case 'DETERMINISTIC':
      case 'SQL':
      case 'DATA':
      case 'INVOKER':
      case 'DEFINER':
        // A routine's characteristics: its body may follow.
        this.atStart = top < 0;
        return;
    }
  }

  punct(tok: number): void {
    if (this.pending !== P_NONE) this.resolve(tok, '');
    this.afterEnd = false;
    this.prevTok = tok;
    this.prevWord = '';
    this.atStart = false;
    if (tok === T_OPEN) this.paren++;
    else if (tok === T_CLOSE) {
      if (this.paren > 0) this.paren--;
      // Outside any block, the routine's body may follow its parameter list or return type.
      this.atStart = this.paren === 0 && this.kinds.length === 0;
    } else if (tok === T_COLON) this.atStart = true; // after a label
  }

  literal(): void {
    this.punct(T_LIT);
    // ... or its COMMENT 'text'.
    this.atStart = this.paren === 0 && this.kinds.length === 0;
  }

  /** A `;` inside the body. */
  semi(): void {
    this.pending = P_NONE;
    this.afterEnd = false;
    this.prevTok = T_SEMI;
    this.prevWord = '';
    this.atStart = true;
    // Neither parentheses nor CASE expressions span statements: recover from unbalanced ones.
    this.paren = 0;
    while (this.kinds.length > 0 && this.kinds[this.kinds.length - 1] === F_CASE_EXPR) {
      this.kinds.pop();
      this.parens.pop();
    }
  }

  /** A pending IF/REPEAT followed by the end of the statement opens nothing. */
  dropPending(): void {
    this.pending = P_NONE;
  }
}

// ---------------------------------------------------------------------------------------
// The splitter

// How far the current statement has been classified.
const M_FIRST = 0; // nothing seen yet
const M_CREATE = 1; // CREATE / ALTER [OR REPLACE] [DEFINER = ...] ...
const M_BEGIN = 2; // BEGIN: a transaction, unless NOT ATOMIC follows (MariaDB)
const M_LABEL = 3; // one word: a label if `:` follows
const M_PLAIN = 4; // ends at the next delimiter
const M_PROGRAM = 5; // stored program or compound statement: blocks tracked

const CREATE_PREFIX = new Set(['OR', 'REPLACE', 'DEFINER', 'AGGREGATE', 'CURRENT_USER', 'CURRENT_ROLE']);

/** Words longer than this are never keywords the splitter looks at. */
const MAX_KEYWORD = 13; // DETERMINISTIC

/**
 * A stored program whose blocks never balance is split at its first `;` instead (what the
 * mysql client would send), so one misread body cannot swallow the rest of the file. Each
 * fallback rescans the remainder, hence the cap to stay linear.
 */
const MAX_FALLBACKS = 16;

/** The token kinds of punctuation characters (all ASCII: other characters are word characters). */
const PUNCTUATION_TOKENS = new Uint8Array(128).fill(T_OTHER);
PUNCTUATION_TOKENS[LPAREN] = T_OPEN;
PUNCTUATION_TOKENS[RPAREN] = T_CLOSE;
PUNCTUATION_TOKENS[DOT] = T_DOT;
PUNCTUATION_TOKENS[COMMA] = T_COMMA;
PUNCTUATION_TOKENS[EQUALS] = T_EQ;
PUNCTUATION_TOKENS[AT] = T_AT;
PUNCTUATION_TOKENS[COLON] = T_COLON;

class MysqlSplitter {
  /** Statements cut but not yet handed out; `scan` stops as soon as there is one. */
  private readonly ready: Statement[] = [];
  /** Where scanning resumes. */
  private pos = 0;
  private delim = ';';
  private d0 = SEMI;
  private dlen = 1;
  private d0Word = false;
  /** First significant character of the pending statement, -1 when there is none. */
  private start = -1;
  /** End of the pending statement's last significant token. */
  private end = 0;
  private mode = M_FIRST;
  private headPrev = 0;
  private headAlter = false;
  private readonly blocks = new BlockTracker();
  private firstBodySemi = -1;
  private firstBodySemiEnd = 0;
  private inExec = false;
  private fallbacks = 0;
  private readonly lines: LineCounter;

  constructor(
    private readonly sql: string,
    startLine: number,
  ) {
    this.lines = new LineCounter(sql, startLine);
  }

  /** The statements one by one, cut as they are asked for. */
  *statements(): Generator<Statement, void, undefined> {
    this.pos = this.sql.charCodeAt(0) === 0xfeff ? 1 : 0; // byte order mark
    for (;;) {
      this.scan();
      if (this.ready.length > 0) {
        yield* this.takeReady();
        continue;
      }
      // the end of the text
      if (this.mode === M_PROGRAM && this.blocks.open && this.firstBodySemi >= 0 && this.fallbacks < MAX_FALLBACKS) {
        this.fallbacks++;
        this.pos = this.firstBodySemi + 1;
        this.emit(this.start, this.firstBodySemiEnd);
        this.resetStatement();
        continue;
      }
      this.flush();
      yield* this.takeReady();
      return;
    }
  }

  private *takeReady(): Generator<Statement, void, undefined> {
    // at most two: a DELIMITER line flushes what it interrupts, then the next delimiter ends one
    for (let k = 0; k < this.ready.length; k++) yield this.ready[k]!;
    this.ready.length = 0;
  }

  /** Scans from `pos` until a statement is ready (`pos` then just past it) or to the end of the text. */
  private scan(): void {
    const sql = this.sql;
    const n = sql.length;
    let i = this.pos;
    while (i < n) {
      const c = sql.charCodeAt(i);
      // The client looks for its own DELIMITER command before the delimiter itself.
      if ((c | 32) === LOWER_D && (i === 0 || !isWordChar(sql.charCodeAt(i - 1)))) {
        const next = this.directive(i);
        if (next >= 0) {
          i = next;
          if (this.ready.length > 0) break;
          continue;
        }
      }
      if (c === this.d0 && (this.dlen === 1 || sql.startsWith(this.delim, i))) {
        i = this.delimiter(i);
        if (this.ready.length > 0) break;
      } else if (c <= SPACE) {
        i++;
      } else if (isWordChar(c)) {
        i = this.wordToken(i);
      } else if (c === SQUOTE || c === DQUOTE || c === BACKTICK) {
        i = this.quoted(i, c);
      } else {
        i = this.token(i, c);
      }
    }
    this.pos = i;
  }

  /**
   * The delimiter at `i`: it ends the statement, unless it is a `;` inside the body of a
   * stored program. Returns where scanning continues.
   */
  private delimiter(i: number): number {
    if (this.mode === M_PROGRAM) {
      this.blocks.dropPending();
      if (this.blocks.open && this.d0 === SEMI && this.dlen === 1) {
        if (this.firstBodySemi < 0) {
          this.firstBodySemi = i;
          this.firstBodySemiEnd = this.end;
        }
        this.sig(i, i + 1);
        this.blocks.semi();
        return i + 1;
      }
    }
    this.flush();
    return i + this.dlen;
  }

  /** A string, or a backtick identifier: returns its end. */
  private quoted(i: number, c: number): number {
    const backtick = c === BACKTICK;
    const j = skipQuoted(this.sql, i, c, !backtick);
    this.sig(i, j);
    this.literal(backtick);
    return j;
  }

  /**
   * The token at `i`, which is neither whitespace, a word, a quote nor the delimiter: a
   * comment, a variable or punctuation. Returns where scanning continues.
   */
  private token(i: number, c: number): number {
    const sql = this.sql;
    switch (c) {
      case HASH:
        return lineEnd(sql, i);
      case DASH:
        // The client also drops a line starting a statement with `--` and no space
        // (`-----` banners); no statement can start with a minus sign anyway.
        if (isDashComment(sql, i) || (this.start < 0 && sql.charCodeAt(i + 1) === DASH)) return lineEnd(sql, i);
        break;
      case SLASH:
        if (sql.charCodeAt(i + 1) === STAR) return this.blockComment(i);
        break;
      case STAR:
        if (this.inExec && sql.charCodeAt(i + 1) === SLASH) {
          // The end of an executable comment is no token: `*/ BEGIN` must not read as `x * BEGIN`.
          this.inExec = false;
          this.sig(i, i + 2);
          return i + 2;
        }
        break;
      case AT: {
        const j = variableEnd(sql, i);
        if (j >= 0) {
          this.sig(i, j);
          this.literal(false); // @var, @@var: never a keyword
          return j;
        }
        break;
      }
    }
    return this.punctuation(i, c);
  }

  /** A block comment at `i`, or the opening of an executable comment, whose content is statement text. */
  private blockComment(i: number): number {
    const sql = this.sql;
    const exec = executableCommentOpening(sql, i);
    if (exec > 0) {
      this.sig(i, i + exec);
      this.inExec = true;
      return i + exec;
    }
    const end = blockCommentEnd(sql, i + 2);
    if (end >= 0) return end;
    // Unterminated: the rest goes to the server, which reports it.
    this.sig(i, sql.length);
    return sql.length;
  }

  /** A word at `i`; a delimiter that starts like a word (`DELIMITER end`) ends it. */
  private wordToken(i: number): number {
    const sql = this.sql;
    let j = i + 1;
    if (this.d0Word) {
      const n = sql.length;
      while (j < n) {
        const cj = sql.charCodeAt(j);
        if (!isWordChar(cj) || (cj === this.d0 && sql.startsWith(this.delim, j))) break;
        j++;
      }
    } else {
      j = wordEnd(sql, j);
    }
    this.sig(i, j);
    if (this.mode !== M_PLAIN) this.word(i, j);
    return j;
  }

  /** Punctuation and operators. */
  private punctuation(i: number, c: number): number {
    // `:=` is an operator; a lone `:` ends a label
    const len = c === COLON && this.sql.charCodeAt(i + 1) === EQUALS ? 2 : 1;
    this.sig(i, i + len);
    if (this.mode !== M_PLAIN) this.punct(len === 2 ? T_OTHER : (PUNCTUATION_TOKENS[c] as number));
    return i + len;
  }

  /**
   * The client's DELIMITER command at `i`: case-insensitive, first on its line, followed by
   * whitespace; the rest of the line is its argument and is not sent. With nothing pending
   * the client reads it as a command line (a bare `delimiter` is an error, nothing is sent);
   * mid-statement, the MySQL client still takes "delimiter " and first sends what it holds
   * (the MariaDB client would send the line as statement text). Returns where scanning
   * continues, or -1 when `i` does not hold the command.
   */
  private directive(i: number): number {
    const sql = this.sql;
    let k = i - 1;
    while (k >= 0 && isBlank(sql.charCodeAt(k))) k--;
    if (k >= 0 && sql.charCodeAt(k) !== LF) return -1;
    const eol = delimiterCommandEnd(sql, i, this.start < 0);
    if (eol < 0) return -1;
    this.flush();
    const d = delimiterArgument(sql, i + DELIMITER_WORD_LENGTH, eol);
    if (d !== null) this.setDelimiter(d);
    return eol;
  }

  private setDelimiter(d: string): void {
    this.delim = d;
    this.d0 = d.charCodeAt(0);
    this.dlen = d.length;
    this.d0Word = isWordChar(this.d0);
  }

  private sig(from: number, to: number): void {
    if (this.start < 0) this.start = from;
    this.end = to;
  }

  private word(i: number, j: number): void {
    const u = j - i <= MAX_KEYWORD && !isDigit(this.sql.charCodeAt(i)) ? this.sql.slice(i, j).toUpperCase() : '';
    switch (this.mode) {
      case M_PROGRAM:
        this.blocks.word(u);
        return;
      case M_FIRST:
        switch (u) {
          case 'CREATE':
          case 'ALTER':
            this.mode = M_CREATE;
            this.headAlter = u === 'ALTER';
            this.headPrev = T_WORD;
            return;
          case 'BEGIN':
            this.mode = M_BEGIN;
            return;
          case 'IF':
          case 'CASE':
          case 'LOOP':
          case 'WHILE':
          case 'REPEAT':
          case 'FOR':
            // MariaDB runs compound statements outside stored programs.
            if (this.enterProgram(true)) this.blocks.word(u);
            return;
          default:
            this.mode = M_LABEL;
            return;
        }
      case M_BEGIN:
        if (u === 'NOT' && this.enterProgram(true)) {
          this.blocks.word('BEGIN');
          this.blocks.word(u);
        } else {
          this.mode = M_PLAIN;
        }
        return;
      case M_CREATE:
        if (this.headPrev === T_EQ || this.headPrev === T_AT) {
          // user or host of DEFINER = user@host
          this.headPrev = T_WORD;
          return;
        }
        if (u === 'EVENT' || (!this.headAlter && (u === 'PROCEDURE' || u === 'FUNCTION' || u === 'TRIGGER'))) {
          this.enterProgram(false);
          return;
        }
        if (CREATE_PREFIX.has(u)) this.headPrev = T_WORD;
        else this.mode = M_PLAIN;
        return;
      default:
        this.mode = M_PLAIN;
    }
  }

  private punct(tok: number): void {
    switch (this.mode) {
      case M_PROGRAM:
        this.blocks.punct(tok);
        return;
      case M_CREATE:
        this.headPrev = tok;
        return;
      case M_LABEL:
        if (tok === T_COLON && this.enterProgram(true)) return;
        this.mode = M_PLAIN;
        return;
      default:
        this.mode = M_PLAIN;
    }
  }

  private literal(backtick: boolean): void {
    switch (this.mode) {
      case M_PROGRAM:
        this.blocks.literal();
        return;
      case M_CREATE:
        this.headPrev = T_LIT;
        return;
      case M_FIRST:
        // `label`: BEGIN ...
        this.mode = backtick ? M_LABEL : M_PLAIN;
        return;
      case M_PLAIN:
        return;
      default:
        this.mode = M_PLAIN;
    }
  }

  /** Blocks are only tracked under the default delimiter; with another one, it alone ends statements. */
  private enterProgram(atStart: boolean): boolean {
    if (this.dlen !== 1 || this.d0 !== SEMI) {
      this.mode = M_PLAIN;
      return false;
    }
    this.mode = M_PROGRAM;
    this.blocks.reset(atStart);
    return true;
  }

  private flush(): void {
    if (this.start >= 0) this.emit(this.start, this.end);
    this.resetStatement();
  }

  private resetStatement(): void {
    this.start = -1;
    this.mode = M_FIRST;
    this.firstBodySemi = -1;
    this.blocks.reset(false);
  }

  private emit(from: number, to: number): void {
    // Statements come in file order, so the line count only moves forward.
    this.ready.push({ sql: this.sql.slice(from, to), line: this.lines.lineAt(from) });
  }
}

/**
 * Split a MySQL/MariaDB script into the statements a server receives, as the mysql client
 * does. startLine: 1-based line in the file on which `sql` begins (default 1).
 */
export function splitMysql(sql: string, startLine = 1): Statement[] {
  return [...iterateMysql(sql, startLine)];
}

/** The statements of `splitMysql`, one at a time, cut as they are asked for. */
export function iterateMysql(sql: string, startLine = 1): Generator<Statement, void, undefined> {
  return new MysqlSplitter(sql, startLine).statements();
}

// ---------------------------------------------------------------------------------------
// Implicit commits

/**
 * Significant tokens of a statement: words and @variables upper-cased, short strings as `'`
 * plus their upper-cased content, backtick identifiers as '`', other characters as
 * themselves. Comments are skipped and executable comments read as code.
 */
function tokens(sql: string, max: number): string[] {
  const out: string[] = [];
  const n = sql.length;
  let i = 0;
  while (i < n && out.length < max) {
    const c = sql.charCodeAt(i);
    if (c <= SPACE) {
      i++;
      continue;
    }
    const comment = c === HASH || c === DASH || c === SLASH ? commentEnd(sql, i) : -1;
    const exec = c === SLASH ? executableCommentOpening(sql, i) : 0;
    if (comment >= 0) i = comment;
    else if (exec > 0) i += exec;
    else if (c === STAR && sql.charCodeAt(i + 1) === SLASH)
      i += 2; // the end of an executable comment
    else i = pushToken(sql, i, c, out);
  }
  return out;
}

/** Pushes the token at `i` as `tokens` spells it; returns its end. */
function pushToken(sql: string, i: number, c: number, out: string[]): number {
  if (c === SQUOTE || c === DQUOTE) {
    const j = skipQuoted(sql, i, c, true);
    out.push(j - i <= 12 ? "'" + sql.slice(i + 1, j - 1).toUpperCase() : "'");
    return j;
  }
  if (c === BACKTICK) {
    out.push('`');
    return skipQuoted(sql, i, c, false);
  }
  if (isWordChar(c) || (c === AT && (isWordChar(sql.charCodeAt(i + 1)) || sql.charCodeAt(i + 1) === AT))) {
    const j = wordEnd(sql, sql.charCodeAt(i + 1) === AT ? i + 2 : i + 1);
    out.push(sql.slice(i, j).toUpperCase());
    return j;
  }
  if (c === COLON && sql.charCodeAt(i + 1) === EQUALS) {
    out.push(':=');
    return i + 2;
  }
  out.push(sql[i] as string);
  return i + 1;
}

const COMPOUND_START = new Set(['IF', 'CASE', 'LOOP', 'WHILE', 'REPEAT', 'FOR']);
/** Inside a compound statement, a statement starts after these. */
const STATEMENT_BEFORE = new Set([';', 'BEGIN', 'ATOMIC', 'THEN', 'ELSE', 'DO', 'LOOP', 'REPEAT', ':']);
/** Block keywords at a statement start inside a compound statement are not statements. */
const BLOCK_WORDS = new Set([
  'BEGIN',
  'END',
  'IF',
  'CASE',
  'LOOP',
  'WHILE',
  'REPEAT',
  'FOR',
  'ELSE',
  'ELSEIF',
  'WHEN',
  'UNTIL',
]);

const REPLICA_WORDS = new Set(['SLAVE', 'SLAVES', 'REPLICA', 'ALL', 'GROUP_REPLICATION']);
const TABLE_WORDS = new Set(['TABLE', 'TABLES']);

/** Whether the statement starting at token `k` commits implicitly. */
function commitsAt(t: string[], k: number): boolean {
  const w0 = t[k] ?? '';
  const w1 = t[k + 1] ?? '';
  const w2 = t[k + 2] ?? '';
  switch (w0) {
    case 'CREATE': {
      // CREATE [OR REPLACE] TEMPORARY TABLE does not commit (MariaDB's TEMPORARY SEQUENCE does).
      const m = w1 === 'OR' && w2 === 'REPLACE' ? k + 3 : k + 1;
      return !(t[m] === 'TEMPORARY' && t[m + 1] === 'TABLE');
    }
    case 'DROP':
      // DROP PREPARE is DEALLOCATE PREPARE.
      return w1 !== 'TEMPORARY' && w1 !== 'PREPARE';
    case 'ALTER':
    case 'RENAME':
    case 'TRUNCATE':
    case 'IMPORT':
    case 'GRANT':
    case 'REVOKE':
    case 'INSTALL':
    case 'UNINSTALL':
    case 'FLUSH':
    case 'OPTIMIZE':
    case 'REPAIR':
    case 'SHUTDOWN':
      return true;
    case 'ANALYZE':
    case 'CHECK':
      // ANALYZE [NO_WRITE_TO_BINLOG | LOCAL] TABLE; not MariaDB's ANALYZE SELECT, nor CHECKSUM.
      return TABLE_WORDS.has(w1 === 'LOCAL' || w1 === 'NO_WRITE_TO_BINLOG' ? w2 : w1);
    case 'CACHE':
    case 'LOAD':
      // CACHE INDEX, LOAD INDEX INTO CACHE; LOAD DATA commits only on NDB tables.
      return w1 === 'INDEX';
    case 'LOCK':
    case 'UNLOCK':
      return TABLE_WORDS.has(w1);
    case 'RESET':
      return w1 !== 'PERSIST';
    case 'START':
      return w1 === 'TRANSACTION' || REPLICA_WORDS.has(w1);
    case 'STOP':
      return REPLICA_WORDS.has(w1);
    case 'CHANGE':
      return w1 === 'MASTER' || w1 === 'REPLICATION';
    case 'BEGIN':
      return w1 === 'NOT' ? compoundCommits(t, k) : true; // BEGIN [WORK] starts a transaction
    case 'SET':
      return setCommits(t, k + 1);
    default:
      if (COMPOUND_START.has(w0) || w1 === ':') return compoundCommits(t, k);
      return false;
  }
}

/**
 * SET PASSWORD, SET DEFAULT ROLE (both write the grant tables), SET autocommit = 1, and
 * MariaDB's SET STATEMENT ... FOR statement when that statement commits.
 */
function setCommits(t: string[], k: number): boolean {
  const w = t[k];
  if (w === 'PASSWORD' || (w === 'DEFAULT' && t[k + 1] === 'ROLE')) return true;
  if (w === 'STATEMENT') {
    const f = t.indexOf('FOR', k);
    return f > 0 && commitsAt(t, f + 1);
  }
  for (let m = k; m < t.length; m++) {
    const v = t[m];
    if (v !== 'AUTOCOMMIT' && v !== '@@AUTOCOMMIT') continue;
    if (t[m - 1] === 'GLOBAL' || (t[m - 1] === '.' && t[m - 2] === '@@GLOBAL')) continue;
    const op = t[m + 1];
    const value = t[m + 2];
    if (
      (op === '=' || op === ':=') &&
      (value === '1' || value === 'ON' || value === 'TRUE' || value === "'1" || value === "'ON")
    ) {
      return true;
    }
  }
  return false;
}

/** A MariaDB compound statement commits when one of the statements inside it does. */
function compoundCommits(t: string[], k: number): boolean {
  for (let m = k; m < t.length; m++) {
    const w = t[m] ?? '';
    if (m > k && !STATEMENT_BEFORE.has(t[m - 1] ?? '')) continue;
    if (BLOCK_WORDS.has(w) || t[m + 1] === ':') continue;
    if (commitsAt(t, m)) return true;
  }
  return false;
}

/**
 * True when the statement commits implicitly on MySQL/MariaDB (DDL and the other statements
 * of the manual's "Statements That Cause an Implicit Commit" page), so a migration containing
 * it cannot be transactional.
 */
export function causesImplicitCommit(statement: string): boolean {
  const head = tokens(statement, 64);
  const w0 = head[0] ?? '';
  const compound = COMPOUND_START.has(w0) || head[1] === ':' || (w0 === 'BEGIN' && head[1] === 'NOT');
  return commitsAt(compound ? tokens(statement, Infinity) : head, 0);
}
