/**
 * goose's SQL migration parser (pressly/goose internal/sqlparser/parser.go, ParseSQLMigration),
 * ported state for state so that statements are cut where goose cuts them: outside
 * StatementBegin/StatementEnd a statement ends at a line whose last word (before a `--`
 * comment) ends with `;`, wherever that `;` is (a PL/pgSQL body without StatementBegin is cut
 * in the middle and fails on the server, as it does with goose). The messages are goose's own;
 * the caller adds the file, this module the line.
 */
import type { Statement } from '../types.js';

export type GooseDirection = 'up' | 'down';

/** A file goose refuses: goose's message, and the 1-based line it concerns. */
export class GooseParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'GooseParseError';
  }
}

export interface GooseParsed {
  statements: Statement[];
  /** False under `-- +goose NO TRANSACTION`. */
  useTx: boolean;
  /** 1-based lines of the `-- +goose Up` and `-- +goose Down` annotations (0 when absent). */
  upLine: number;
  downLine: number;
}

// goose's parser states, with goose's numbers (they appear in its messages).
const START = 0;
const UP = 1;
const BEGIN_UP = 2;
const END_UP = 3;
const DOWN = 4;
const BEGIN_DOWN = 5;
const END_DOWN = 6;

const ANNOTATIONS = ['Up', 'Down', 'StatementBegin', 'StatementEnd', 'NO TRANSACTION', 'ENVSUB ON', 'ENVSUB OFF'];
const SEE = 'see https://github.com/pressly/goose#sql-migrations';
/** bufio.Scanner's limit in goose (scanBufSize): a longer line fails the scan. */
const SCAN_BUF_SIZE = 4 * 1024 * 1024;
// Go's unicode.IsSpace, which strings.TrimSpace and bufio.ScanWords use.
const GO_SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const TRIM = new RegExp(`^[${GO_SPACE}]+|[${GO_SPACE}]+$`, 'g');
const WORDS = new RegExp(`[^${GO_SPACE}]+`, 'g');

function trimSpace(s: string): string {
  return s.replace(TRIM, '');
}

/** Go's %q, close enough for messages. */
function quote(s: string): string {
  return JSON.stringify(s);
}

/** goose's extractAnnotation: `-- +goose <annotation>`, case-insensitive, no leading whitespace. */
function extractAnnotation(line: string): string {
  if (line.startsWith(' ') || line.startsWith('\t')) {
    throw new Error(`${quote(line)} contains leading whitespace: invalid annotation`);
  }
  let cmd = line.replaceAll('--', '').replace('+goose', '');
  if (cmd.includes('+goose'))
    throw new Error(`${quote(cmd)} contains multiple '+goose' annotations: invalid annotation`);
  cmd = trimSpace(cmd);
  if (cmd === '') throw new Error('empty annotation');
  const found = ANNOTATIONS.find((a) => a.toLowerCase() === cmd.toLowerCase());
  if (!found) throw new Error(`${quote(cmd)} not supported: invalid annotation`);
  return found;
}

/** goose's endsWithSemicolon: the last whitespace-separated word before one starting with `--` ends with `;`. */
export function endsWithSemicolon(line: string): boolean {
  let prev = '';
  for (const word of line.match(WORDS) ?? []) {
    if (word.startsWith('--')) break;
    prev = word;
  }
  return prev.endsWith(';');
}

/** The lines as bufio.Scanner's ScanLines yields them: no trailing empty token, `\r` dropped. */
function scanLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((line, i) => {
    if (line.length >= SCAN_BUF_SIZE / 4 && Buffer.byteLength(line) + 1 > SCAN_BUF_SIZE) {
      throw new GooseParseError('failed to scan migration: bufio.Scanner: token too long', i + 1);
    }
    return line.endsWith('\r') ? line.slice(0, -1) : line;
  });
}

/** The statement being gathered: its lines and the line it starts on. */
class StatementBuffer {
  text = '';
  line = 0;
  add(line: string, lineNo: number): void {
    if (this.text === '') this.line = lineNo;
    this.text += `${line}\n`;
  }
  reset(): void {
    this.text = '';
  }
  /** goose's cleanupStatement (TrimSpace), with the line of its first character. */
  take(lineNo: number): Statement {
    if (this.text === '') return { sql: '', line: lineNo };
    const lead = /^[^\S\n]*(?:\n[^\S\n]*)*/.exec(this.text)?.[0] ?? '';
    const statement = { sql: trimSpace(this.text), line: this.line + (lead.match(/\n/g)?.length ?? 0) };
    this.reset();
    return statement;
  }
}

/**
 * One direction of a goose SQL file, as goose parses it. Under `-- +goose ENVSUB ON` goose
 * substitutes environment variables (`$VAR`, `${VAR}`, `$$`) into each line: a line holding a
 * `$` there is refused (the runner's environment holds secrets); other lines are unchanged by it.
 */
export function parseGooseSql(text: string, direction: GooseDirection): GooseParsed {
  const parser = new GooseParser(direction);
  const lines = scanLines(text);
  for (const [index, line] of lines.entries()) parser.line(line, index + 1);
  return parser.end(lines.length);
}

/** goose's state machine over one file, line by line. */
class GooseParser {
  private state = START;
  private useTx = true;
  private envsub = false;
  private upLine = 0;
  private downLine = 0;
  private beginLine = 0;
  private readonly buf = new StatementBuffer();
  private readonly statements: Statement[] = [];

  constructor(private readonly direction: GooseDirection) {}

  line(line: string, lineNo: number): void {
    if (this.state === START && trimSpace(line) === '') return;
    if (trimSpace(line).startsWith('--') && line.includes('+goose')) {
      let cmd: string;
      try {
        cmd = extractAnnotation(line);
      } catch (err) {
        throw new GooseParseError(`failed to parse annotation line ${quote(line)}: ${(err as Error).message}`, lineNo);
      }
      // Only StatementEnd goes on with its line (which is not added to the statement).
      if (!this.annotation(cmd, lineNo)) return;
    }
    // Comments and empty lines before a statement are dropped; inside one they are kept.
    if (this.buf.text === '' && (trimSpace(line).startsWith('--') || line === '')) return;
    const state = this.state;
    if (state !== END_UP && state !== END_DOWN) {
      if (this.envsub && line.includes('$')) {
        throw new GooseParseError(
          "-- +goose ENVSUB ON: goose would substitute environment variables into this line; migration-test does not (they may hold secrets): write the values, or turn ENVSUB OFF around lines holding '$'",
          lineNo,
        );
      }
      this.buf.add(line, lineNo);
    }
    const inUp = state === UP || state === BEGIN_UP || state === END_UP;
    const inDown = state === DOWN || state === BEGIN_DOWN || state === END_DOWN;
    if (!inUp && !inDown) {
      throw new GooseParseError(
        `failed to parse migration: unexpected state ${state} on line ${quote(line)}, ${SEE}`,
        lineNo,
      );
    }
    if ((inUp && this.direction === 'down') || (inDown && this.direction === 'up')) {
      this.buf.reset();
      return;
    }
    if ((state === UP || state === DOWN) && endsWithSemicolon(line)) this.statements.push(this.buf.take(lineNo));
    else if (state === END_UP || state === END_DOWN) {
      this.statements.push(this.buf.take(lineNo));
      this.state = state === END_UP ? UP : DOWN;
    }
  }

  /** Applies an annotation; true when goose goes on with the line (StatementEnd). */
  private annotation(cmd: string, lineNo: number): boolean {
    const state = this.state;
    switch (cmd) {
      case 'Up':
        if (state !== START) {
          throw new GooseParseError(`duplicate '-- +goose Up' annotations; stateMachine=${state}, ${SEE}`, lineNo);
        }
        this.upLine = lineNo;
        this.state = UP;
        return false;
      case 'Down':
        if (state !== UP && state !== END_UP) {
          throw new GooseParseError(`must start with '-- +goose Up' annotation, stateMachine=${state}, ${SEE}`, lineNo);
        }
        this.refuseUnfinished();
        this.downLine = lineNo;
        this.state = DOWN;
        return false;
      case 'StatementBegin':
        if (state === UP || state === END_UP) this.state = BEGIN_UP;
        else if (state === DOWN || state === END_DOWN) this.state = BEGIN_DOWN;
        else {
          throw new GooseParseError(
            `'-- +goose StatementBegin' must be defined after '-- +goose Up' or '-- +goose Down' annotation, stateMachine=${state}, ${SEE}`,
            lineNo,
          );
        }
        this.beginLine = lineNo;
        return false;
      case 'StatementEnd':
        if (state === BEGIN_UP) this.state = END_UP;
        else if (state === BEGIN_DOWN) this.state = END_DOWN;
        else {
          throw new GooseParseError(
            `'-- +goose StatementEnd' must be defined after '-- +goose StatementBegin', ${SEE}`,
            lineNo,
          );
        }
        return true;
      case 'NO TRANSACTION':
        this.useTx = false;
        return false;
      default:
        this.envsub = cmd === 'ENVSUB ON';
        return false;
    }
  }

  private refuseUnfinished(): void {
    const rest = trimSpace(this.buf.text);
    if (rest === '') return;
    throw new GooseParseError(
      `failed to parse migration: state ${this.state}, direction: ${this.direction}: unexpected unfinished SQL query: ${quote(rest)}: missing semicolon?`,
      this.buf.line,
    );
  }

  end(lineCount: number): GooseParsed {
    if (this.state === START) {
      throw new GooseParseError(
        `failed to parse migration: must start with '-- +goose Up' annotation, ${SEE}`,
        Math.max(lineCount, 1),
      );
    }
    if (this.state === BEGIN_UP || this.state === BEGIN_DOWN) {
      throw new GooseParseError(
        `failed to parse migration: missing '-- +goose StatementEnd' annotation (the StatementBegin at line ${this.beginLine} is never closed)`,
        this.beginLine,
      );
    }
    this.refuseUnfinished();
    return { statements: this.statements, useTx: this.useTx, upLine: this.upLine, downLine: this.downLine };
  }
}
