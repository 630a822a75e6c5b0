import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Engine, Snapshot } from '../engines/engine.js';
import { StatementError } from '../engines/engine.js';
import type { Migration, MigrationScript, Statement } from '../migrations/types.js';
import type { MigrationError, MigrationRun } from '../report/model.js';
import { errorMessage } from '../util/errors.js';
import { type DialectTools, statementsOf } from './dialect-tools.js';
import { HistogramBuilder, emptyHistogram } from './histogram.js';
import { QueryStatsBuilder } from './query-stats.js';
import { NULL_COUNTERS, diffCounters, diffTableSizes } from './snapshot-diff.js';
import { StatementLog } from './statement-log.js';
import { planTransaction } from './transaction-plan.js';

export interface RunContext {
  engine: Engine;
  tools: DialectTools;
  reportDir: string;
  histogramBucketsMs: readonly number[];
  phase: MigrationRun['phase'];
  typeOf(m: Migration): MigrationRun['type'];
}

/** logs/<id>.<direction>.log; the second up of the rollback cycle keeps its own file. */
export function logFileName(id: string, direction: 'up' | 'down', phase: MigrationRun['phase'] = 'new'): string {
  const safe = id.replace(/[^A-Za-z0-9._-]/g, '_');
  return `logs/${safe}${phase === 'reapply' ? '.reapply' : ''}.${direction}.log`;
}

function base(m: Migration, script: MigrationScript, direction: 'up' | 'down', ctx: RunContext) {
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
export function skippedRun(m: Migration, direction: 'up' | 'down', ctx: RunContext): MigrationRun {
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
  };
}

async function trySnapshot(engine: Engine, moment: 'before' | 'after'): Promise<Snapshot | null> {
  try {
    return await engine.snapshot(moment);
  } catch {
    return null;
  }
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/** A statement that ran, waiting for its bookkeeping. */
interface Ran {
  st: Statement;
  at: Date;
  ms: number;
  rows: number | null;
  failure: StatementError | null;
}

interface Outcome {
  rows: number | null;
  failure: StatementError | null;
}

/**
 * Bookkeeping of statements up to this long overlaps the next statement (a few microseconds,
 * less than any round trip to the server); longer ones are done before the next is sent.
 */
const OVERLAP_MAX_CHARS = 2048;

/**
 * Runs one migration script under observation: statements one by one (timed, logged as they
 * run), in a transaction where the format's tool would use one, between two snapshots.
 */
export async function runMigration(m: Migration, direction: 'up' | 'down', ctx: RunContext): Promise<MigrationRun> {
  const script = direction === 'up' ? m.up : m.down;
  if (!script) throw new Error(`migration ${m.id} has no ${direction} script`);
  const { engine, tools } = ctx;
  const logFile = logFileName(m.id, direction, ctx.phase);
  const log = await StatementLog.open(path.join(ctx.reportDir, logFile), `${m.id} ${direction} (${script.file}) on ${engine.name} ${engine.serverVersion}`);
  const histogram = new HistogramBuilder(ctx.histogramBucketsMs);
  const queries = new QueryStatsBuilder();
  let error: MigrationError | null = null;
  let executed = 0;
  let transactional = false;
  let durationMs = 0;
  let before: Snapshot | null = null;
  let after: Snapshot | null = null;

  try {
    const statements = statementsOf(tools, script.sql, script.startLine);
    let plan;
    try {
      plan = planTransaction(script.transaction, statements, tools, script.sql);
    } catch (err) {
      throw Object.assign(new Error(`cannot split ${script.file}: ${errorMessage(err)}`), { line: null });
    }
    transactional = plan.transactional;
    before = await trySnapshot(engine, 'before');
    const started = performance.now();
    if (plan.refuse) {
      error = { message: plan.refuse.message, code: null, line: plan.refuse.line, statementIndex: plan.refuse.statementIndex };
      await log.note(`not run: ${plan.refuse.message}`);
    } else {
      if (plan.wrap) await engine.begin();
      // Statements are cut as they are needed: a million-statement file is never a million
      // objects. The bookkeeping of one statement (grouping, histogram, log) is done while the
      // server runs the next one, so that it adds nothing to the migration's time; its end is
      // stamped the moment the server's answer is read, so the timing stays exact.
      const book = async (r: Ran): Promise<void> => {
        histogram.observe(r.ms);
        queries.add(safeNormalize(tools, r.st.sql), r.ms, r.rows);
        await log.statement({ at: r.at, line: r.st.line, durationMs: r.ms, rows: r.rows, error: r.failure && { code: r.failure.code, message: r.failure.message }, sql: r.st.sql });
      };
      const it = statements[Symbol.iterator]();
      let previous: Ran | null = null;
      for (let i = 0; ; i++) {
        let next: IteratorResult<Statement>;
        try {
          next = it.next();
        } catch (err) {
          if (previous) await book(previous);
          previous = null;
          const message = `cannot split ${script.file}: ${errorMessage(err)}`;
          error = { message, code: null, line: null, statementIndex: null };
          await log.note(message);
          break;
        }
        if (next.done) break;
        const st = next.value;
        // Normalizing a long statement takes long enough to delay noticing the end of the next one.
        if (previous && previous.st.sql.length > OVERLAP_MAX_CHARS) {
          await book(previous);
          previous = null;
        }
        const at = new Date();
        const t0 = performance.now();
        let t1 = t0;
        const running = engine.execute(st.sql).then(
          (r): Outcome => {
            t1 = performance.now();
            return { rows: r.rows, failure: null };
          },
          (err: unknown): Outcome => {
            t1 = performance.now();
            return { rows: null, failure: err instanceof StatementError ? err : new StatementError(errorMessage(err), null, null) };
          },
        );
        if (previous) await book(previous);
        const { rows, failure } = await running;
        executed++;
        previous = { st, at, ms: t1 - t0, rows, failure };
        if (failure) {
          await book(previous);
          previous = null;
          const line = failure.lineInStatement !== null ? st.line + failure.lineInStatement - 1 : st.line;
          error = { message: failure.message, code: failure.code, line, statementIndex: i };
          break;
        }
      }
      if (previous) await book(previous);
      if (plan.wrap) {
        if (error) {
          await engine.rollback().catch(() => {});
          await log.note('rolled back');
        } else {
          try {
            await engine.commit();
          } catch (err) {
            const e = err instanceof StatementError ? err : new StatementError(errorMessage(err), null, null);
            error = { message: `COMMIT failed: ${e.message}`, code: e.code, line: null, statementIndex: null };
            await log.note(`COMMIT failed: ${e.message}`);
          }
        }
      }
    }
    durationMs = performance.now() - started;
    after = await trySnapshot(engine, 'after');
  } catch (err) {
    error ??= { message: errorMessage(err), code: null, line: null, statementIndex: null };
    await log.note(`aborted: ${errorMessage(err)}`);
  } finally {
    await log.close();
  }

  if (before && after) queries.addServerTimes(before.serverQueries, after.serverQueries, (sql) => safeNormalize(tools, sql));
  const sizeBefore = before?.sizeBytes ?? null;
  const sizeAfter = after?.sizeBytes ?? null;
  return {
    ...base(m, script, direction, ctx),
    status: error ? 'failed' : 'succeeded',
    transactional,
    durationMs: round3(durationMs),
    sizeBeforeBytes: sizeBefore,
    sizeAfterBytes: sizeAfter,
    sizeDeltaBytes: sizeBefore !== null && sizeAfter !== null ? sizeAfter - sizeBefore : null,
    counters: before && after ? diffCounters(before, after) : NULL_COUNTERS,
    statements: executed,
    queries: queries.toJSON(),
    histogram: histogram.toJSON(),
    error,
    logFile,
    tableSizes: before && after ? diffTableSizes(before, after) : [],
  };
}

/** Grouping must never fail a migration nor fall back to showing literal values. */
function safeNormalize(tools: DialectTools, sql: string): string {
  try {
    return tools.normalize(sql);
  } catch {
    return '<statement that could not be normalized>';
  }
}
