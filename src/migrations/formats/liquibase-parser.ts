// A formatted SQL changelog as Liquibase reads it, ported from liquibase/liquibase
// liquibase-standard/src/main/java/liquibase/parser/AbstractFormattedChangeLogParser.java (the line patterns,
// matched on whole lines and case-insensitively as Java's Matcher.matches does, the attributes of
// `--changeset`, `--rollback` lines, `--comment`) and parser/core/formattedsql/FormattedSqlChangeLogParser.java.
// What Liquibase would do that cannot be tested here (preconditions, properties, runWith, failOnError:false,
// a rollback naming another changeset) is refused with the line, rather than run differently.

/** Java's `\s`. */
const S = '[ \\t\\n\\x0B\\f\\r]';
const re = (source: string) => new RegExp(`^(?:${source})$`, 'i');

export const FIRST_LINE = re(`${S}*--${S}*liquibase${S}*formatted.*`);
const CHANGESET = re(`${S}*--${S}*changeset${S}+("[^"]+"|[^:]+):${S}*("[^"]+"|\\S+).*`);
const ALT_CHANGESET_ONE_DASH = re(`-${S}*changeset${S}.*`);
const ALT_CHANGESET_NO_INFO = re(`${S}*--${S}*changeset${S}*.*`);
const ROLLBACK = re(`${S}*--${S}*rollback (.*)`);
const ALT_ROLLBACK = re(`${S}*-${S}*rollback${S}.*`);
const ROLLBACK_BLOCK_START = re(`${S}*\\/\\*${S}*liquibase${S}*rollback${S}*`);
const ROLLBACK_BLOCK_END = re(`.*${S}*\\*\\/${S}*`);
const COMMENT = re(`--${S}*comment:? (.*)`);
const ALT_COMMENT = re(`(?:-${S}*comment:? .*)|(?:--${S}*comments:? .*)`);
const VALID_CHECKSUM = re(`--${S}*validCheckSum:? .*`);
const PRECONDITION = re(`${S}*-{1,2}${S}*preconditions?.*`);
const PROPERTY = re(`${S}*?-+${S}*property${S}.*`);
const IGNORE_LINES = re(`--${S}*ignoreLines:(\\w+)`);

const attr = (name: string, value: string) => re(`.*${name}:(${value}).*`);
const ATTRS = {
  runOnChange: attr('runOnChange', '\\w+'),
  runAlways: attr('runAlways', '\\w+'),
  runInTransaction: attr('runInTransaction', '\\w+'),
  failOnError: attr('failOnError', '\\w+'),
  splitStatements: attr('splitStatements', '\\w+'),
  stripComments: attr('stripComments', '\\w+'),
  rollbackSplitStatements: attr('rollbackSplitStatements', '\\w+'),
  endDelimiter: re(`.*\\bendDelimiter:(\\S*).*`),
  rollbackEndDelimiter: re(`.*\\brollbackEndDelimiter:(\\S*).*`),
  context: attr('context', '".*?"|\\S*'),
  contextFilter: attr('contextFilter', '".*?"|\\S*'),
  labels: attr('labels', '".*?"|\\S*'),
  dbms: attr('dbms', '[^,][\\w!,]+'),
  ignore: attr('ignore', '\\w*'),
  logicalFilePath: attr('logicalFilePath', '\\S*'),
  runWith: attr('runWith', '[\\w${}]+'),
};

/** A line of text kept with the line of the file it comes from. */
export interface SourceLine {
  text: string;
  line: number;
}

export interface ParsedChangeset {
  author: string;
  id: string;
  /** Line of the `--changeset` line. */
  line: number;
  runInTransaction: boolean;
  splitStatements: boolean;
  stripComments: boolean;
  endDelimiter: string | null;
  runOnChange: boolean;
  runAlways: boolean;
  ignore: boolean;
  context: string | null;
  labels: string | null;
  dbms: string | null;
  logicalFilePath: string | null;
  comments: string | null;
  /** The body's lines, each followed by a line break when joined (the SQL before Liquibase trims it). */
  body: SourceLine[];
  /** `--rollback` lines (each followed by a line break) or a rollback block's lines (joined as they are). */
  rollback: { lines: SourceLine[]; separator: string }[];
  rollbackSplitStatements: boolean;
  rollbackEndDelimiter: string | null;
}

export interface ParsedChangelog {
  logicalFilePath: string | null;
  changesets: ParsedChangeset[];
}

/** What is wrong, and the line (the caller names the file). */
export class FormattedSqlError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const javaBoolean = (m: RegExpExecArray | null, fallback: boolean): boolean =>
  m ? (m[1] ?? '').toLowerCase() === 'true' : fallback;
const group = (pattern: RegExp, line: string): string | null => pattern.exec(line)?.[1] ?? null;
const stripQuotes = (s: string): string =>
  s.length > 1 && (s[0] === '"' || s[0] === "'") && s.endsWith(s[0]) ? s.slice(1, -1) : s;

/** Whether a file is a formatted SQL changelog: its first non-blank line is the header (supports()). */
export function isFormattedSql(text: string): boolean {
  const first = text.split(/\r\n|\r|\n/).find((l) => l.trim() !== '');
  return first !== undefined && FIRST_LINE.test(first);
}

const unexpected = (line: number, expected: string) =>
  new FormattedSqlError(
    line,
    `unexpected formatting: formatted SQL changelogs require known formats, such as '${expected}' (see https://docs.liquibase.com/concepts/changelogs/sql-format.html)`,
  );

function changesetOf(line: string, n: number, fileLogicalPath: string | null): ParsedChangeset {
  const m = CHANGESET.exec(line) as RegExpExecArray;
  const [authorGroup, idGroup] = [m[1] as string, m[2] as string];
  // The author and id must be `author:id` with nothing between (Liquibase's second check).
  if (!line.toLowerCase().includes(`${authorGroup}:${idGroup}`.toLowerCase())) {
    throw unexpected(n, '--changeset <authorname>:<changesetId>');
  }
  const id = stripQuotes(idGroup);
  if (id.replace(/[: ]/g, '') === '') throw new FormattedSqlError(n, 'the changeset ID cannot be empty');
  const author = stripQuotes(authorGroup).trim();
  if (author === '') throw new FormattedSqlError(n, 'the changeset author cannot be empty');
  if (ATTRS.runWith.test(line)) {
    throw new FormattedSqlError(
      n,
      `runWith is not supported: migration-test runs changesets through its own connection`,
    );
  }
  if (ATTRS.failOnError.test(line) && !javaBoolean(ATTRS.failOnError.exec(line), true)) {
    throw new FormattedSqlError(
      n,
      'failOnError:false is not supported: Liquibase would go on past a failing changeset, migration-test stops at it',
    );
  }
  const context = group(ATTRS.contextFilter, line) || group(ATTRS.context, line);
  const labels = group(ATTRS.labels, line);
  return {
    author,
    id,
    line: n,
    runInTransaction: javaBoolean(ATTRS.runInTransaction.exec(line), true),
    splitStatements: javaBoolean(ATTRS.splitStatements.exec(line), true),
    // AbstractSQLChange.isStripComments: a formatted changeset without the attribute keeps the parser's default, true.
    stripComments: javaBoolean(ATTRS.stripComments.exec(line), true),
    endDelimiter: group(ATTRS.endDelimiter, line),
    runOnChange: javaBoolean(ATTRS.runOnChange.exec(line), false),
    runAlways: javaBoolean(ATTRS.runAlways.exec(line), false),
    ignore: (group(ATTRS.ignore, line) ?? '').toLowerCase() === 'true',
    context: context ? stripQuotes(context) : null,
    labels: labels ? stripQuotes(labels) : null,
    dbms: group(ATTRS.dbms, line),
    logicalFilePath: group(ATTRS.logicalFilePath, line) || fileLogicalPath,
    comments: null,
    body: [],
    rollback: [],
    rollbackSplitStatements: javaBoolean(ATTRS.rollbackSplitStatements.exec(line), true),
    rollbackEndDelimiter: group(ATTRS.rollbackEndDelimiter, line),
  };
}

/** A line inside a changeset: a directive of the changeset, or a line of its SQL. Returns lines consumed. */
function changesetLine(cs: ParsedChangeset, lines: readonly string[], i: number): number {
  const line = lines[i] as string;
  const n = i + 1;
  const comment = COMMENT.exec(line);
  if (comment) cs.comments = comment[1] ?? '';
  else if (ALT_COMMENT.test(line)) throw unexpected(n, '--comment <comment>');
  else if (VALID_CHECKSUM.test(line)) return 1;
  else if (ROLLBACK.test(line)) {
    const text = ROLLBACK.exec(line)?.[1] ?? '';
    const last = cs.rollback[cs.rollback.length - 1];
    if (last && last.separator === '\n') last.lines.push({ text, line: n });
    else cs.rollback.push({ lines: [{ text, line: n }], separator: '\n' });
  } else if (ALT_ROLLBACK.test(line)) throw unexpected(n, '--rollback <rollback SQL>');
  else if (ROLLBACK_BLOCK_START.test(line)) return rollbackBlock(cs, lines, i);
  else if (PRECONDITION.test(line)) {
    throw new FormattedSqlError(
      n,
      'preconditions are not supported: migration-test cannot tell whether Liquibase would run, skip or mark this changeset',
    );
  } else cs.body.push({ text: line, line: n });
  return 1;
}

/** A `/* liquibase rollback` … `*\/` block: its lines joined without line breaks, as Liquibase joins them. */
function rollbackBlock(cs: ParsedChangeset, lines: readonly string[], start: number): number {
  const block: SourceLine[] = [];
  for (let j = start + 1; j < lines.length; j++) {
    const line = lines[j] as string;
    if (ROLLBACK_BLOCK_END.test(line)) {
      const before = line.split(/\*\/[ \t\n\x0B\f\r]*$/)[0] ?? '';
      if (before.trim() !== '') block.push({ text: before, line: j + 1 });
      cs.rollback.push({ lines: block, separator: '' });
      return j - start + 1;
    }
    block.push({ text: line, line: j + 1 });
  }
  throw new FormattedSqlError(start + 1, 'Liquibase rollback comment is not closed');
}

/** `--ignoreLines:start` … `--ignoreLines:end`, or `--ignoreLines:<count>`: lines consumed. */
function ignoredLines(value: string, lines: readonly string[], i: number): number {
  if (value === 'start') {
    for (let j = i + 1; j < lines.length; j++)
      if (IGNORE_LINES.exec(lines[j] as string)?.[1] === 'end') return j - i + 1;
    return lines.length - i;
  }
  if (!/^\d+$/.test(value)) throw new FormattedSqlError(i + 1, `unknown ignoreLines syntax: "${value}"`);
  return 1 + Number(value);
}

/** Parses a formatted SQL changelog's text (its header already checked). */
export function parseFormattedSql(text: string): ParsedChangelog {
  // BufferedReader.readLine ends a line at \n, \r or \r\n.
  const lines = text.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  let logicalFilePath: string | null = null;
  const changesets: ParsedChangeset[] = [];
  let current: ParsedChangeset | null = null;
  for (let i = 0; i < lines.length;) {
    const line = lines[i] as string;
    const n = i + 1;
    if (FIRST_LINE.test(line) && logicalFilePath === null && changesets.length === 0) {
      logicalFilePath = group(ATTRS.logicalFilePath, line);
    }
    if (PROPERTY.test(line)) {
      throw new FormattedSqlError(n, 'changelog properties (--property) are not supported: ${…} would not be expanded');
    }
    const ignore = IGNORE_LINES.exec(line);
    if (ignore) {
      i += ignoredLines(ignore[1] as string, lines, i);
      continue;
    }
    if (CHANGESET.test(line)) {
      if (current) close(current);
      current = changesetOf(line, n, logicalFilePath);
      changesets.push(current);
    } else if (ALT_CHANGESET_ONE_DASH.test(line) || ALT_CHANGESET_NO_INFO.test(line)) {
      throw unexpected(n, '--changeset <authorname>:<changesetId>');
    } else if (current) {
      i += changesetLine(current, lines, i);
      continue;
    } else if (COMMENT.test(line)) {
      throw new FormattedSqlError(
        n,
        'unexpected formatting: comment lines (--comment) are not allowed outside of changesets',
      );
    }
    i++;
  }
  if (current) {
    close(current);
    // handleChangeSet at the end of the file: a last changeset ending in a line `/` is cut at such lines.
    const sql = current.body
      .map((l) => `${l.text}\n`)
      .join('')
      .trim();
    if (current.endDelimiter === null && sql.endsWith('\n/')) current.endDelimiter = '\n/$';
  }
  return { logicalFilePath, changesets };
}

function close(cs: ParsedChangeset): void {
  if (cs.body.every((l) => l.text.trim() === '')) {
    throw new FormattedSqlError(cs.line, `no SQL for changeset ${cs.id}::${cs.author}`);
  }
  const rollbackText = cs.rollback.map((r) => r.lines.map((l) => l.text + r.separator).join('')).join('');
  if (/changesetid/i.test(rollbackText) && !/^(not required|empty)/i.test(rollbackText.trim())) {
    throw new FormattedSqlError(
      cs.rollback[0]?.lines[0]?.line ?? cs.line,
      'a rollback naming another changeset (changeSetId:) is not supported; write its SQL in --rollback lines',
    );
  }
}
