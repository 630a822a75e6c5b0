import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BlockedTraffic, Engine, EngineMessage, RunningProbe, Snapshot } from '../engines/engine.js';
import { StatementError } from '../engines/engine.js';
import type { Migration, MigrationScript, Statement } from '../migrations/types.js';
import type { Finding, MigrationError, MigrationRun } from '../report/model.js';
import { errorMessage } from '../util/errors.js';
import { type DialectTools, statementsOf } from './dialect-tools.js';
import { DeferredGrouping, safeNormalize } from './deferred-grouping.js';
import { HistogramBuilder, emptyHistogram } from './histogram.js';
import { BookkeepingFailed, type BookkeepingDone, type BookkeepingRecorder } from './bookkeeping-recorder.js';
import { type LockResults, LockTracker, lockNotes } from './lock-tracker.js';
import { MigrationClock } from './migration-clock.js';
import { QueryStatsBuilder } from './query-stats.js';
import { ServerMessages, logLine } from './server-messages.js';
import { NULL_COUNTERS, diffCounters, diffTableSizes } from './snapshot-diff.js';
import { type LoggedStatement, StatementLog } from './statement-log.js';
import { type TransactionPlan, planTransaction } from './transaction-plan.js';
import { CommitFailed, type TransactionSession, inTransaction } from './transaction.js';

/** What the runs of one phase share: where they run, how they are cut, measured and filed. */
export interface MigrationContext {
  engine: Engine;
  tools: DialectTools;
  reportDir: string;
  histogramBucketsMs: readonly number[];
  phase: MigrationRun['phase'];
  typeOf(m: Migration): MigrationRun['type'];
  /** Aborted when the run is interrupted (SIGINT/SIGTERM): no further statement is sent. */
  signal?: AbortSignal;
  /** Whether the blocked-traffic probe watches the new migrations (--probe). */
  probe?: boolean;
  /** Receives findings about a run that only the runner sees (other sessions at work). */
  onFinding?: (finding: Finding) => void;
  /** Keeps the format's tool's bookkeeping around each migration (absent: --bookkeeping off, or none). */
  bookkeeping?: BookkeepingRecorder;
}

/** A run after which nothing more of its phase runs: it failed, or the whole run was interrupted. */
export function stopsPhase(run: MigrationRun): boolean {
  return run.status === 'failed' || run.status === 'cancelled';
}

function cancelledBy(signal: AbortSignal | undefined): string | null {
  if (!signal?.aborted) return null;
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason.message : 'cancelled';
}

/** logs/<id>.<direction>.log; the second up of the rollback cycle keeps its own file. */
export function logFileName(id: string, direction: 'up' | 'down', phase: MigrationRun['phase'] = 'new'): string {
  const safe = id.replace(/[^A-Za-z0-9._-]/g, '_');
  return `logs/${safe}${phase === 'reapply' ? '.reapply' : ''}.${direction}.log`;
}

function base(m: Migration, script: MigrationScript, direction: 'up' | 'down', ctx: MigrationContext) {
  return {
    id: m.id,
    version: m.version,
    name: m.name,
    file: script.file,
    phase: ctx.phase,
    direction,
    type: ctx.typeOf(m),
  };
}

/** The entry of a migration that did not run because an earlier one failed. */
export function skippedRun(m: Migration, direction: 'up' | 'down', ctx: MigrationContext): MigrationRun {
  const script = direction === 'up' ? m.up : (m.down ?? m.up);
  return {
    ...base(m, script, direction, ctx),
    status: 'skipped',
    transactional: false,
    durationMs: null,
    sizeBeforeBytes: null,
    sizeAfterBytes: null,
    sizeDeltaBytes: null,
    counters: NULL_COUNTERS,
    statements: 0,
    queries: [],
    histogram: emptyHistogram(ctx.histogramBucketsMs),
    error: null,
    logFile: null,
    serverMs: null,
  };
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/** What the server said of one statement; `ms` is stamped the moment its answer is read (`end`). */
interface Outcome {
  rows: number | null;
  failure: StatementError | null;
  ms: number;
  end: number;
  /** The engine's own reads around the statement, in its round trip but not its time. */
  ownMs: number;
  /** Who held the lock it waited a second or more for. */
  blockedBy?: string;
  /** What the server said while it ran. */
  messages?: EngineMessage[];
}

/** A statement that ran, waiting for its bookkeeping. */
interface Ran extends Outcome {
  st: Statement;
  at: Date;
  index: number;
}

/** Where one run of a script writes what it sees: its log, and the statistics of its statements. */
interface Observers {
  logFile: string;
  log: StatementLog;
  histogram: HistogramBuilder;
  queries: QueryStatsBuilder;
  grouping: DeferredGrouping;
  /** Follows the migration's locks and rewrites (new migrations, where the engine can). */
  locks?: LockTracker | undefined;
  messages: ServerMessages;
}

/** The measurements of one run, filled in as it goes, so that a run cut short keeps what it measured. */
interface Measured {
  error: MigrationError | null;
  executed: number;
  transactional: boolean;
  durationMs: number;
  before: Snapshot | null;
  after: Snapshot | null;
  locks?: LockResults | undefined;
  /** The tool's bookkeeping writes, kept apart from the migration's measurements. */
  bookkeeping?: { statements: number; durationMs: number };
}

/** What runs around the script besides it: the tool's bookkeeping, and a verify script (Sqitch). */
interface Around {
  /** Writes before the migration, outside its transaction. */
  before(): Promise<BookkeepingDone | null>;
  /** The record of the migration, given its time so far. */
  record(durationMs: number): Promise<BookkeepingDone | null>;
  recordInTransaction: boolean;
  beforeInTransaction: boolean;
  verify: MigrationScript | null;
}

function around(m: Migration, direction: 'up' | 'down', ctx: MigrationContext): Around {
  const books = ctx.bookkeeping;
  const startedAt = new Date();
  return {
    before: async () => (books ? books.before(m, direction, startedAt) : null),
    record: async (ms) => (books ? books.record(m, direction, ms, startedAt) : null),
    recordInTransaction: books?.recordInTransaction ?? false,
    beforeInTransaction: books?.beforeInTransaction ?? false,
    verify: direction === 'up' ? (m.verify ?? null) : null,
  };
}

/**
 * Runs one migration script under observation: statements one by one (timed, logged as they
 * run), in a transaction where the format's tool would use one, between two snapshots.
 */
export async function runMigration(
  m: Migration,
  direction: 'up' | 'down',
  ctx: MigrationContext,
): Promise<MigrationRun> {
  const script = direction === 'up' ? m.up : m.down;
  if (!script) throw new Error(`migration ${m.id} has no ${direction} script`);
  await ctx.engine.warmUp?.();
  const obs = await openObservers(m, script, direction, ctx);
  const others = await otherSessionsNow(ctx);
  const probe = await startProbe(script, ctx, obs.log);
  let blocking: BlockedTraffic[] | null;
  let measured: Measured;
  try {
    measured = await measureScript(script, ctx, obs, around(m, direction, ctx));
  } finally {
    // Stopped on every path (failure, cancel): its session never outlives the migration.
    blocking = probe ? await probe.stop().catch(() => null) : null;
  }
  const run = buildRun(m, script, direction, ctx, obs, measured);
  if (blocking) run.blocking = blocking;
  reportOtherSessions(run, ctx, new Set([...others, ...(await otherSessionsNow(ctx))]));
  return run;
}

/**
 * The tables a new migration touches, for the probe: those that exist before it and whose
 * name appears in its text (an over-approximation: a name in a comment counts too; a table
 * reached only through a function or trigger is missed). Tables it creates are not there yet,
 * so they are exempt, as no one else can be using them.
 */
export function touchedTables(tables: readonly string[], sql: string): string[] {
  const text = sql.toLowerCase();
  return tables.filter((t) => {
    const bare = (t.split('.').pop() ?? t)
      .replace(/^["`]|["`]$/g, '')
      .replace(/""/g, '"')
      .toLowerCase();
    const escaped = bare.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`(^|[^a-z0-9_$])${escaped}($|[^a-z0-9_$])`).test(text);
  });
}

/** The probe over the tables the migration touches, when it runs for this one; a probe that cannot start is noted. */
async function startProbe(
  script: MigrationScript,
  ctx: MigrationContext,
  log: StatementLog,
): Promise<RunningProbe | null> {
  const { engine } = ctx;
  if (ctx.phase !== 'new' || !ctx.probe || !engine.startProbe) return null;
  try {
    const tables = touchedTables(await engine.listUserTables(), script.sql);
    return tables.length ? await engine.startProbe(tables) : null;
  } catch (err) {
    await log.note(`blocked-traffic probe off for this migration: ${errorMessage(err)}`);
    return null;
  }
}

async function otherSessionsNow(ctx: MigrationContext): Promise<number[]> {
  return ctx.onFinding ? ctx.engine.otherSessions().catch(() => []) : [];
}

/**
 * The server counts every session's rows in the same counters: when others were connected,
 * the migration's numbers may hold their work too, and the report says so.
 */
function reportOtherSessions(run: MigrationRun, ctx: MigrationContext, others: ReadonlySet<number>): void {
  if (others.size === 0 || run.status === 'skipped') return;
  const ids = [...others].sort((a, b) => a - b);
  ctx.onFinding?.({
    severity: 'warning',
    rule: 'other-sessions',
    migration: run.id,
    message: `other sessions were connected to the database while ${run.id} (${run.phase}, ${run.direction}) ran (${ids
      .slice(0, 5)
      .map((id) => `#${id}`)
      .join(', ')}${ids.length > 5 ? ', …' : ''}): its row counters and size may include their work`,
  });
}

async function openObservers(
  m: Migration,
  script: MigrationScript,
  direction: 'up' | 'down',
  ctx: MigrationContext,
): Promise<Observers> {
  const { engine } = ctx;
  const logFile = logFileName(m.id, direction, ctx.phase);
  const log = await StatementLog.open(
    path.join(ctx.reportDir, logFile),
    `${m.id} ${direction} (${script.file}) on ${engine.name} ${engine.serverVersion}`,
  );
  const queries = new QueryStatsBuilder();
  return {
    logFile,
    log,
    histogram: new HistogramBuilder(ctx.histogramBucketsMs),
    queries,
    grouping: new DeferredGrouping(ctx.tools, queries),
    messages: new ServerMessages(),
  };
}

/**
 * Runs the script between two snapshots, timed. A failure of the migration is recorded, not
 * thrown; anything else that stops the run (a log that cannot be written, a server gone)
 * aborts it, keeping what was measured until then.
 */
async function measureScript(
  script: MigrationScript,
  ctx: MigrationContext,
  obs: Observers,
  extra: Around,
): Promise<Measured> {
  const { engine } = ctx;
  const measured: Measured = {
    error: null,
    executed: 0,
    transactional: false,
    durationMs: 0,
    before: null,
    after: null,
  };
  const clock = new MigrationClock();
  try {
    const { statements, plan } = prepareScript(script, ctx.tools);
    measured.transactional = plan.transactional;
    obs.locks = await openLockTracker(ctx, plan.transactional, clock);
    const beforeInside = plan.wrap && !plan.refuse && extra.beforeInTransaction;
    if (!beforeInside) await keptApart(measured, obs.log, () => extra.before());
    // A snapshot that fails (a lock it may not wait for, a server gone) fails the migration with its cause.
    measured.before = await engine.snapshot('before');
    if (plan.refuse) {
      measured.error = {
        message: plan.refuse.message,
        code: null,
        line: plan.refuse.line,
        statementIndex: plan.refuse.statementIndex,
      };
      await obs.log.note(`not run: ${plan.refuse.message}`);
    } else if (!measured.error) {
      // The record goes where the tool writes it: in the migration's transaction, or after it.
      const inside = plan.wrap && extra.recordInTransaction;
      const record = () => keptApart(measured, obs.log, () => clock.ownAsync(() => extra.record(clock.ms)));
      const execute = async () => {
        if (beforeInside) await keptApart(measured, obs.log, () => clock.ownAsync(() => extra.before()));
        if (!measured.error) await executeStatements(statements, script.file, engine, obs, measured, ctx.signal, clock);
        if (inside && !measured.error) await record();
      };
      if (plan.wrap) await executeInTransaction(clocked(engine, clock, obs.locks), execute, obs.log, measured);
      else await execute();
      if (!inside && !measured.error) await record();
    }
    measured.after = await engine.snapshot('after');
    if (extra.verify && !measured.error) await verify(extra.verify, ctx, obs.log, measured);
    measured.locks = await obs.locks?.finish();
    for (const note of measured.locks ? lockNotes(measured.locks) : []) await obs.log.note(note);
  } catch (err) {
    measured.error ??= { message: errorMessage(err), code: null, line: null, statementIndex: null };
    await obs.log.note(`aborted: ${errorMessage(err)}`);
  } finally {
    // The clock stopped at the last answer, so the snapshot after is not in it; a run cut short
    // keeps its time and its statements' groups.
    measured.durationMs = clock.ms;
    obs.grouping.flush();
    await obs.log.close();
  }
  return measured;
}

/**
 * Runs the tool's bookkeeping writes: what they did is kept apart from the migration's numbers
 * and logged as the tool's; a write the server refuses fails the migration, as it fails the tool.
 */
async function keptApart(
  measured: Measured,
  log: StatementLog,
  write: () => Promise<BookkeepingDone | null>,
): Promise<void> {
  let done: BookkeepingDone | null;
  try {
    done = await write();
  } catch (err) {
    if (!(err instanceof BookkeepingFailed)) throw err;
    const cause = asStatementError(err.cause);
    measured.error = { message: err.message, code: cause.code, line: null, statementIndex: null, ...cause.details };
    await log.note(err.message);
    return;
  }
  if (!done || done.statements === 0) return;
  const kept = measured.bookkeeping ?? { statements: 0, durationMs: 0 };
  measured.bookkeeping = {
    statements: kept.statements + done.statements,
    durationMs: kept.durationMs + done.durationMs,
  };
  for (const line of done.lines) await log.note(`the tool's bookkeeping: ${line}`);
}

/**
 * A verify script (Sqitch's) after the migration and its snapshot: its statements are checks,
 * not the migration's work; the first one the server refuses fails the migration.
 */
async function verify(
  script: MigrationScript,
  ctx: MigrationContext,
  log: StatementLog,
  measured: Measured,
): Promise<void> {
  await log.note(`verify: ${script.file}`);
  for (const st of script.statements ?? statementsOf(ctx.tools, script.sql, script.startLine)) {
    try {
      await ctx.engine.execute(st.sql);
    } catch (err) {
      const failure = asStatementError(err);
      measured.error = {
        message: `verify script ${script.file} failed at line ${st.line}: ${failure.message}`,
        code: failure.code,
        line: null,
        statementIndex: null,
        ...failure.details,
      };
      await log.note(measured.error.message);
      return;
    }
  }
}

/** The script's statements (cut lazily, as they run) and whether a transaction wraps them. */
function prepareScript(
  script: MigrationScript,
  tools: DialectTools,
): { statements: Iterable<Statement>; plan: TransactionPlan } {
  const statements = script.statements ?? statementsOf(tools, script.sql, script.startLine);
  try {
    return { statements, plan: planTransaction(script.transaction, statements, tools, script.sql) };
  } catch (err) {
    throw Object.assign(new Error(`cannot split ${script.file}: ${errorMessage(err)}`), { line: null });
  }
}

/**
 * Locks are observed in new migrations only (what the report's Locks tables and rules judge),
 * from the engine's observer connection, after the tool's first snapshot of nothing yet.
 */
async function openLockTracker(
  ctx: MigrationContext,
  transactional: boolean,
  clock: MigrationClock,
): Promise<LockTracker | undefined> {
  const observer = ctx.phase === 'new' ? ctx.engine.lockObserver?.() : undefined;
  if (!observer) return undefined;
  const watched = ctx.bookkeeping ? ctx.bookkeeping.hideFrom(observer) : observer;
  return LockTracker.open(watched, transactional, () => clock.ownSoFar);
}

/** The session's BEGIN starts the migration's clock; COMMIT's answer stops it, and releases the locks. */
function clocked(engine: Engine, clock: MigrationClock, locks?: LockTracker): TransactionSession {
  return {
    begin: async () => {
      clock.start();
      await engine.begin();
      clock.answered();
    },
    commit: async () => {
      try {
        await engine.commit();
      } finally {
        locks?.ended();
      }
      clock.answered();
    },
    rollback: async () => {
      await engine.rollback();
      locks?.ended();
    },
  };
}

/** A failed statement rolls the transaction back; a refused COMMIT fails the migration. */
async function executeInTransaction(
  engine: TransactionSession,
  execute: () => Promise<void>,
  log: StatementLog,
  measured: Measured,
): Promise<void> {
  try {
    await inTransaction(engine, execute, { failed: () => measured.error !== null });
  } catch (err) {
    if (!(err instanceof CommitFailed)) throw err;
    const cause = asStatementError(err.cause);
    measured.error = { message: err.message, code: cause.code, line: null, statementIndex: null, ...cause.details };
    await log.note(err.message);
    return;
  }
  if (measured.error) await log.note('rolled back');
}

/**
 * Sends the statements one by one and stops at the first that fails. Statements are cut as
 * they are needed: a million-statement file is never a million objects. The bookkeeping of one
 * statement (histogram, log) is done while the server runs the next one, and its grouping is
 * deferred (DeferredGrouping), so that it adds nothing to the migration's time; its end is
 * stamped the moment the server's answer is read, so the timing stays exact. The tool's own
 * work while nothing is on the server (cutting statements, grouping a batch, booking the last
 * one) is kept off the migration's clock.
 */
async function executeStatements(
  statements: Iterable<Statement>,
  file: string,
  engine: Engine,
  obs: Observers,
  measured: Measured,
  signal: AbortSignal | undefined,
  clock: MigrationClock,
): Promise<void> {
  const book = bookkeeping(obs);
  const it = statements[Symbol.iterator]();
  let previous: Ran | null = null;
  /** The last statement's bookkeeping overlaps nothing: it is the tool's own time. */
  const bookLast = async (): Promise<void> => {
    const last = previous;
    previous = null;
    if (last) await clock.ownAsync(() => book(last));
  };
  for (let i = 0; ; i++) {
    const cancelled = cancelledBy(signal);
    if (cancelled) {
      await bookLast();
      measured.error = { message: cancelled, code: null, line: null, statementIndex: i };
      await obs.log.note(cancelled);
      return;
    }
    let next: IteratorResult<Statement>;
    try {
      next = clock.own(() => it.next());
    } catch (err) {
      await bookLast();
      const message = `cannot split ${file}: ${errorMessage(err)}`;
      measured.error = { message, code: null, line: null, statementIndex: null };
      await obs.log.note(message);
      return;
    }
    if (next.done) break;
    const st = next.value;
    if (obs.grouping.full) clock.own(() => obs.grouping.flush());
    const at = new Date();
    clock.start();
    const start = performance.now();
    const watching = obs.locks?.during(i, st.line);
    const running = send(engine, st.sql);
    if (previous) await book(previous);
    const outcome = await running;
    clock.exclude(outcome.ownMs);
    clock.answered(outcome.end);
    measured.executed++;
    if (obs.locks) await clock.ownAsync(() => observeLocks(obs.locks!, watching, i, st, start, outcome));
    previous = { st, at, index: i, ...outcome };
    if (outcome.failure) {
      await bookLast();
      measured.error = statementError(outcome.failure, st, i);
      return;
    }
  }
  await bookLast();
}

/** Stops the polling of a statement's locks, then reads what it left (in a transaction). */
async function observeLocks(
  locks: LockTracker,
  watching: (() => Promise<void>) | undefined,
  i: number,
  st: Statement,
  start: number,
  outcome: Outcome,
): Promise<void> {
  await watching?.();
  await locks.after(i, st.line, st.sql, { start, end: outcome.end, ms: outcome.ms });
}

/**
 * The error of a statement the server refused: `line` is where the statement starts in the
 * file, `positionLine` the line the server points at inside it (PostgreSQL's position,
 * MySQL's "at line N", both counted within the statement).
 */
function statementError(failure: StatementError, st: Statement, statementIndex: number): MigrationError {
  const error: MigrationError = { message: failure.message, code: failure.code, line: st.line, statementIndex };
  if (failure.lineInStatement !== null) error.positionLine = st.line + failure.lineInStatement - 1;
  return { ...error, ...failure.details };
}

/** Sends one statement; it settles with the server's answer, never rejects. */
function send(engine: Engine, sql: string): Promise<Outcome> {
  const t0 = performance.now();
  return engine.execute(sql).then(
    (r): Outcome => {
      const end = performance.now();
      const ms = end - t0 - (r.ownMs ?? 0);
      return {
        rows: r.rows,
        failure: null,
        ms,
        end,
        ownMs: r.ownMs ?? 0,
        ...(r.blockedBy ? { blockedBy: r.blockedBy } : {}),
        ...(r.messages ? { messages: r.messages } : {}),
      };
    },
    (err: unknown): Outcome => {
      const end = performance.now();
      return { rows: null, failure: asStatementError(err), ms: end - t0, end, ownMs: 0 };
    },
  );
}

function bookkeeping(obs: Observers): (r: Ran) => Promise<void> {
  return async (r) => {
    obs.histogram.observe(r.ms);
    obs.grouping.add(r.st.sql, r.failure?.code ?? null, r.ms, r.rows, r.st.line);
    await obs.log.statement({
      at: r.at,
      line: r.st.line,
      durationMs: r.ms,
      rows: r.rows,
      error: r.failure && loggedError(r.failure, r.st),
      sql: r.st.sql,
    });
    if (r.blockedBy) await obs.log.note(`line ${r.st.line} waited for a lock held by ${r.blockedBy}`);
    if (r.messages) {
      const kept = obs.messages.add(r.index, r.st.line, r.messages);
      for (const m of kept) await obs.log.note(logLine(r.st.line, m));
      const more = r.messages.length - kept.length;
      if (more > 0) await obs.log.note(`line ${r.st.line}: ${more} more server messages not kept`);
    }
  };
}

function loggedError(failure: StatementError, st: Statement): LoggedStatement['error'] {
  const { statementIndex: _, line: __, ...error } = statementError(failure, st, 0);
  return error;
}

function asStatementError(err: unknown): StatementError {
  return err instanceof StatementError ? err : new StatementError(errorMessage(err), null, null);
}

function buildRun(
  m: Migration,
  script: MigrationScript,
  direction: 'up' | 'down',
  ctx: MigrationContext,
  obs: Observers,
  measured: Measured,
): MigrationRun {
  const { before, after, error } = measured;
  if (before && after)
    obs.queries.addServerTimes(before.serverQueries, after.serverQueries, (sql) => safeNormalize(ctx.tools, sql));
  const queries = obs.queries.toJSON();
  const sizeBefore = before?.sizeBytes ?? null;
  const sizeAfter = after?.sizeBytes ?? null;
  return {
    ...base(m, script, direction, ctx),
    status: cancelledBy(ctx.signal) && error ? 'cancelled' : error ? 'failed' : 'succeeded',
    transactional: measured.transactional,
    durationMs: round3(measured.durationMs),
    sizeBeforeBytes: sizeBefore,
    sizeAfterBytes: sizeAfter,
    sizeDeltaBytes: sizeBefore !== null && sizeAfter !== null ? sizeAfter - sizeBefore : null,
    counters: before && after ? diffCounters(before, after) : NULL_COUNTERS,
    statements: measured.executed,
    queries,
    histogram: obs.histogram.toJSON(),
    error,
    logFile: obs.logFile,
    ...(measured.bookkeeping && ctx.bookkeeping
      ? {
          bookkeeping: {
            table: ctx.bookkeeping.table,
            ...measured.bookkeeping,
            durationMs: round3(measured.bookkeeping.durationMs),
          },
        }
      : {}),
    serverMs: before && after ? serverMsOf(before, after) : null,
    tableSizes: before && after ? diffTableSizes(before, after) : [],
    ...(measured.locks ?? {}),
    ...obs.messages.toJSON(),
  };
}

/**
 * The server's own time for the migration's statements, where the engine reads a cumulative
 * timer for them (pg_stat_statements, performance_schema): the difference of two snapshots.
 */
function serverMsOf(before: Snapshot, after: Snapshot): number | null {
  if (typeof before.serverTimeMs !== 'number' || typeof after.serverTimeMs !== 'number') return null;
  return round3(Math.max(0, after.serverTimeMs - before.serverTimeMs));
}
