/**
 * `--command`: the team's own migrate command, run against a recording proxy, measured
 * migration by migration. The command connects to the proxy as to its server; each statement
 * is recorded as the server answered it; a migration ends where the tool records it in its own
 * table (boundaries.ts). At each such write the proxy holds it while the database's size is
 * read, so that each migration's size change is its own.
 *
 * Rows come from the server's command tags (INSERT 0 1000, UPDATE 250): exact for each
 * statement, whichever session ran it. The servers' per-table counters are not used here: a
 * backend of the tool's flushes them when it likes, not at a migration's end.
 */
import path from 'node:path';
import type { Engine } from '../engines/engine.js';
import type { DatabaseTarget } from '../engines/target.js';
import { quotedStderr, runShellCommand, type ShellCommandResult } from '../data/seed/seed-command.js';
import { redact } from '../data/seed/errors.js';
import type { Counters, Finding, MigrationError, MigrationRun } from '../report/model.js';
import { DeferredGrouping } from '../runner/deferred-grouping.js';
import type { DialectTools } from '../runner/dialect-tools.js';
import { HistogramBuilder } from '../runner/histogram.js';
import { QueryStatsBuilder } from '../runner/query-stats.js';
import { StatementLog } from '../runner/statement-log.js';
import { logFileName } from '../runner/run-migration.js';
import { UsageError, errorMessage } from '../util/errors.js';
import { BOOKKEEPING_TABLES, type Boundary, boundaryOf, mentionsToolTable } from './boundaries.js';
import { MysqlRecordingProxy } from './mysql/proxy.js';
import { PostgresRecordingProxy } from './postgres/proxy.js';
import type { ProxyHooks, RecordedStatement } from './recorded.js';
import { statementsOf } from '../runner/dialect-tools.js';

export interface CommandRunInput {
  command: string;
  cwd: string;
  /** The real server, as the run connected to it. */
  target: DatabaseTarget;
  /** The run's own connections, for the database's size at each boundary. */
  engine: Engine;
  tools: DialectTools;
  reportDir: string;
  histogramBucketsMs: readonly number[];
  /** The tool's table when the user names it (--migrations-table); else the known tools' tables. */
  table?: string;
  /** The command's output, line by line, password removed. */
  onOutput?: (line: string) => void;
  /** What the command does: the new migrations up (default), their downs, or up again. */
  phase?: MigrationRun['phase'];
  /** Stops the command (its whole process group) when aborted: SIGINT/SIGTERM of the run. */
  signal?: AbortSignal;
  /** Stops the command after this many seconds (--command-timeout); null for none. */
  timeoutSec?: number | null;
  /** More variables that receive the proxy's URL, besides DATABASE_URL (--command-env). */
  urlVariables?: readonly string[];
}

export interface CommandRunOutput {
  runs: MigrationRun[];
  findings: Finding[];
  command: { command: string; exitCode: number | null; ms: number };
}

/** A write of the tool's table, held while the database was measured. */
interface Held {
  boundary: Boundary;
  connection: number;
  /** The database's size when the tool recorded it (null: not read). */
  size: number | null;
}

/** One migration's statements, closed by the tool's record of it (or by the command's end). */
interface Group {
  boundary: Boundary | null;
  statements: RecordedStatement[];
  /** The database's size when the tool recorded it (null: not read). */
  size: number | null;
}

const TX_END = /^\s*(commit|end|release\b)/i;
const TX_BEGIN = /^\s*(begin|start\s+transaction)\b/i;

/** The proxy's URL for the command: the same user, password and database, on the proxy's port, in clear. */
export function proxiedUrl(target: DatabaseTarget, port: number): string {
  const user = encodeURIComponent(target.user);
  const password = target.password ? `:${encodeURIComponent(target.password)}` : '';
  const database = encodeURIComponent(target.database);
  return target.engine === 'postgres'
    ? `postgres://${user}${password}@127.0.0.1:${port}/${database}?sslmode=disable`
    : `mysql://${user}${password}@127.0.0.1:${port}/${database}`;
}

function startProxy(target: DatabaseTarget, hooks: ProxyHooks): Promise<PostgresRecordingProxy> {
  const upstream = { host: target.host, port: target.port };
  return target.engine === 'postgres'
    ? PostgresRecordingProxy.start(upstream, hooks)
    : MysqlRecordingProxy.start(upstream, hooks);
}

function refuseUnsupported(target: DatabaseTarget): void {
  if (target.socketPath !== null) {
    throw new UsageError(
      '--command: the database is reached over a Unix socket; give a TCP host for the proxy to reach',
    );
  }
  if (target.tls.mode !== 'disable') {
    throw new UsageError(`--command: sslmode=${target.tls.mode}: the proxy does not yet speak TLS to the server`);
  }
}

export async function runMigrateCommand(input: CommandRunInput): Promise<CommandRunOutput> {
  refuseUnsupported(input.target);
  const recorded: RecordedStatement[] = [];
  const held = new Map<number, Held>();
  const size = () => input.engine.databaseSize().catch(() => null);
  const first = await size();
  const proxy = await startProxy(input.target, {
    beforeStatement: async (s) => {
      const boundary = boundaryOf(s.sql, s.params, input.table);
      if (!boundary) return;
      held.set(s.seq, { boundary, connection: s.connection, size: await size() });
    },
    onStatement: (s) => recorded.push(input.target.engine === 'mysql' ? retagged(s, input.tools) : s),
  });
  let result: ShellCommandResult;
  try {
    const url = proxiedUrl(input.target, proxy.port);
    result = await runShellCommand(
      { ...input.target, url, host: '127.0.0.1', port: proxy.port },
      input.command,
      input.cwd,
      {
        env: {
          ...(input.target.engine === 'postgres' ? { PGSSLMODE: 'disable' } : {}),
          ...Object.fromEntries((input.urlVariables ?? []).map((name) => [name, url])),
        },
        ...(input.signal ? { signal: input.signal } : {}),
        timeoutMs: input.timeoutSec ? input.timeoutSec * 1000 : null,
        ...(input.onOutput ? { onOutput: (text) => input.onOutput?.(text.trimEnd()) } : {}),
      },
    );
  } catch (err) {
    const shown = redact(input.command, input.target.password);
    throw new UsageError(
      `--command ${JSON.stringify(shown)} could not start: ${redact(errorMessage(err), input.target.password)}`,
    );
  } finally {
    // A stopped command's statements may still run on the server: its sessions end with it.
    await input.engine.endSessions(proxy.openSessions());
    await proxy.settle(2000);
    await proxy.close();
  }
  const last = await size();
  const groups = groupByBoundary(recorded, held, result.exitCode === 0, last, input.table);
  const runs: MigrationRun[] = [];
  let before: number | null = first;
  for (const [k, group] of groups.entries()) {
    const failed = group.boundary === null;
    const run = await migrationRun(input, group, k, before, failed ? commandError(result, group) : null);
    if (failed && result.stopped === 'cancelled') run.status = 'cancelled';
    runs.push(run);
    before = group.size;
  }
  const findings: Finding[] = [];
  if (runs.length === 0) {
    findings.push({
      severity: result.exitCode === 0 ? 'warning' : 'error',
      rule: 'command',
      migration: null,
      message:
        `${JSON.stringify(result.command)} ${result.how} and recorded no migration in a table migration-test knows ` +
        `(${Object.keys(BOOKKEEPING_TABLES).join(', ')}); name the tool's table with --migrations-table` +
        (result.exitCode === 0 ? '' : quotedStderr(result.stderrTail)),
    });
  }
  if (proxy.unreadableConnections > 0) {
    findings.push({
      severity: 'warning',
      rule: 'command',
      migration: null,
      message: `${proxy.unreadableConnections} connection(s) of the command could not be read as the PostgreSQL protocol: forwarded unchanged, not measured`,
    });
  }
  return { runs, findings, command: { command: result.command, exitCode: result.exitCode, ms: result.ms } };
}

/**
 * MySQL answers a multi-statement query with one result per statement but names none: each
 * result is tagged with the verb of its statement, cut as the server cuts it.
 */
function retagged(s: RecordedStatement, tools: DialectTools): RecordedStatement {
  if (s.commands.length < 2) return s;
  let verbs: string[];
  try {
    verbs = [...statementsOf(tools, s.sql, 1)].map((st) => (/^\s*(\w+)/.exec(st.sql)?.[1] ?? '').toUpperCase());
  } catch {
    return s;
  }
  const commands = s.commands.map((tag, i) => `${verbs[i] ?? tag.split(' ')[0]} ${tag.split(' ').pop() ?? ''}`);
  return { ...s, commands };
}

/** Whether a statement is the tool's own reading or writing of its tables (its lock table too). */
function isToolsOwn(s: RecordedStatement, table: string | undefined): boolean {
  return mentionsToolTable([s.sql, ...(s.params ?? [])].join(' '), table);
}

/**
 * The statements in the order they were sent, cut at the tool's records. A COMMIT right after
 * a record on its connection belongs to the migration it records. After the last record, the
 * statements of a command that failed are the migration it was running; of one that succeeded,
 * the tool's own closing work.
 */
function groupByBoundary(
  recorded: readonly RecordedStatement[],
  held: ReadonlyMap<number, Held>,
  succeeded: boolean,
  last: number | null,
  table: string | undefined,
): Group[] {
  const groups: Group[] = [];
  let current: RecordedStatement[] = [];
  let closed: { group: Group; connection: number } | null = null;
  for (const s of [...recorded].sort((a, b) => a.seq - b.seq)) {
    const h = held.get(s.seq);
    if (h) {
      const group = { boundary: h.boundary, statements: current, size: h.size };
      groups.push(group);
      closed = { group, connection: h.connection };
      current = [];
      continue;
    }
    if (isToolsOwn(s, table)) continue;
    if (closed && current.length === 0 && s.connection === closed.connection && TX_END.test(s.sql)) {
      closed.group.statements.push(s);
      closed = null;
      continue;
    }
    current.push(s);
  }
  const work = current.filter((s) => !TX_BEGIN.test(s.sql) && !TX_END.test(s.sql) && !/^\s*rollback\b/i.test(s.sql));
  if (!succeeded && work.length > 0) groups.push({ boundary: null, statements: current, size: last });
  return groups;
}

function commandError(result: ShellCommandResult, group: Group): MigrationError {
  const failed = [...group.statements].reverse().find((s) => s.error);
  const output = result.stderrTail.filter((l) => l.trim() !== '').slice(-5);
  const tail = output.length ? `; its output ended:\n${output.join('\n')}` : '';
  if (failed?.error) {
    const { message, code, detail, hint } = failed.error;
    return {
      message: `${message} (the command ${result.how}${tail})`,
      code,
      line: null,
      statementIndex: group.statements.indexOf(failed),
      ...(detail ? { detail } : {}),
      ...(hint ? { hint } : {}),
    };
  }
  return { message: `the command ${result.how}${tail}`, code: null, line: null, statementIndex: null };
}

function countersOf(statements: readonly RecordedStatement[]): Counters {
  let inserted = 0;
  let updated = 0;
  let deleted = 0;
  for (const s of statements) {
    for (const tag of s.commands) {
      const n = Number(/ (\d+)$/.exec(tag)?.[1] ?? 0);
      if (tag.startsWith('INSERT ') || tag.startsWith('COPY ')) inserted += n;
      else if (tag.startsWith('UPDATE ') || tag.startsWith('MERGE ')) updated += n;
      else if (tag.startsWith('DELETE ')) deleted += n;
    }
  }
  return {
    rowsRead: null,
    rowsInserted: inserted,
    rowsUpdated: updated,
    rowsDeleted: deleted,
    rowsChanged: inserted + updated + deleted,
    raw: {},
  };
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/**
 * A migration in a transaction is what runs from its BEGIN on; what the tool sent before it
 * (reading the server's version, say) is the tool's own setup.
 */
function fromBegin(statements: readonly RecordedStatement[]): readonly RecordedStatement[] {
  const begin = statements.map((s) => TX_BEGIN.test(s.sql)).lastIndexOf(true);
  return begin >= 0 ? statements.slice(begin) : statements;
}

/** Whether the migration's work ran in a transaction (its own, or one the tool opened for the batch). */
function inOneTransaction(statements: readonly RecordedStatement[]): boolean {
  const work = fromBegin(statements).filter((s) => !TX_BEGIN.test(s.sql) && !TX_END.test(s.sql));
  return work.length > 0 && work.every((s) => s.inTransaction === true);
}

async function migrationRun(
  input: CommandRunInput,
  group: Group,
  k: number,
  before: number | null,
  error: MigrationError | null,
): Promise<MigrationRun> {
  const phase = input.phase ?? 'new';
  const direction = phase === 'rollback' ? 'down' : 'up';
  const b = group.boundary;
  const named = b ? (direction === 'down' ? (b.reverted ?? b.migration) : (b.migration ?? b.reverted)) : null;
  const name = named ?? (error ? 'not recorded (the command failed)' : `migration ${k + 1}`);
  const id = name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 200) || `migration_${k + 1}`;
  const logFile = logFileName(id, direction, phase);
  const log = await StatementLog.open(
    path.join(input.reportDir, logFile),
    `${name} (${redact(input.command, input.target.password)})`,
  );
  const queries = new QueryStatsBuilder();
  const grouping = new DeferredGrouping(input.tools, queries);
  const histogram = new HistogramBuilder(input.histogramBucketsMs);
  try {
    for (const s of group.statements) {
      histogram.observe(s.durationMs);
      grouping.add(s.sql, s.error?.code ?? null, s.durationMs, s.rows, 1);
      await log.statement({
        at: new Date(performance.timeOrigin + s.startedAt),
        line: 1,
        durationMs: s.durationMs,
        rows: s.rows,
        error: s.error ? { message: s.error.message, code: s.error.code } : null,
        sql: s.sql,
      });
    }
    grouping.flush();
  } finally {
    await log.close();
  }
  const timed = fromBegin(group.statements);
  const starts = timed.map((s) => s.startedAt);
  const ends = timed.map((s) => s.startedAt + s.durationMs);
  const sizeBefore = before;
  const sizeAfter = group.size;
  return {
    id,
    version: /^\d+/.exec(name)?.[0] ?? String(k + 1),
    name,
    file: name,
    phase,
    direction,
    type: 'regular',
    status: error ? 'failed' : 'succeeded',
    transactional: inOneTransaction(group.statements),
    durationMs: starts.length ? round3(Math.max(...ends) - Math.min(...starts)) : 0,
    serverMs: null,
    sizeBeforeBytes: sizeBefore,
    sizeAfterBytes: sizeAfter,
    sizeDeltaBytes: sizeBefore !== null && sizeAfter !== null ? sizeAfter - sizeBefore : null,
    counters: countersOf(group.statements),
    statements: group.statements.length,
    queries: queries.toJSON(),
    histogram: histogram.toJSON(),
    error,
    logFile,
  };
}
