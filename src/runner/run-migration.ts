import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Engine, Snapshot } from '../engines/engine.js';
import { StatementError } from '../engines/engine.js';
import type { Migration, MigrationScript } from '../migrations/types.js';
import type { MigrationError, MigrationRun } from '../report/model.js';
import { errorMessage } from '../util/errors.js';
import type { DialectTools } from './dialect-tools.js';
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

export function logFileName(id: string, direction: 'up' | 'down'): string {
  return `logs/${id.replace(/[^A-Za-z0-9._-]/g, '_')}.${direction}.log`;
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

/**
 * Runs one migration script under observation: statements one by one (timed, logged as they
 * run), in a transaction where the format's tool would use one, between two snapshots.
 */
export async function runMigration(m: Migration, direction: 'up' | 'down', ctx: RunContext): Promise<MigrationRun> {
  const script = direction === 'up' ? m.up : m.down;
  if (!script) throw new Error(`migration ${m.id} has no ${direction} script`);
  const { engine, tools } = ctx;
  const logFile = logFileName(m.id, direction);
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
    let statements;
    try {
      statements = tools.split(script.sql, script.startLine);
    } catch (err) {
      throw Object.assign(new Error(`cannot split ${script.file}: ${errorMessage(err)}`), { line: null });
    }
    const plan = planTransaction(script.transaction, statements, tools);
    transactional = plan.transactional;
    before = await trySnapshot(engine, 'before');
    const started = performance.now();
    if (plan.refuse) {
      error = { message: plan.refuse.message, code: null, line: plan.refuse.line, statementIndex: plan.refuse.statementIndex };
      await log.note(`not run: ${plan.refuse.message}`);
    } else {
      if (plan.wrap) await engine.begin();
      for (let i = 0; i < statements.length; i++) {
        const st = statements[i]!;
        const at = new Date();
        const t0 = performance.now();
        let rows: number | null = null;
        let failure: StatementError | null = null;
        try {
          rows = (await engine.execute(st.sql)).rows;
        } catch (err) {
          failure = err instanceof StatementError ? err : new StatementError(errorMessage(err), null, null);
        }
        const ms = performance.now() - t0;
        executed++;
        histogram.observe(ms);
        queries.add(safeNormalize(tools, st.sql), ms, rows);
        await log.statement({ at, line: st.line, durationMs: ms, rows, error: failure && { code: failure.code, message: failure.message }, sql: st.sql });
        if (failure) {
          const line = failure.lineInStatement !== null ? st.line + failure.lineInStatement - 1 : st.line;
          error = { message: failure.message, code: failure.code, line, statementIndex: i };
          break;
        }
      }
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
