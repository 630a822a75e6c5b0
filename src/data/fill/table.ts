/**
 * Fills one table: decides how every column gets its values (random, distinct, from a parent
 * table, NULL, or left to the server: table-plan.ts), then runs INSERT … SELECT in chunks inside
 * one transaction. Anything the server refuses rolls the table back and becomes a notice.
 */
import { performance } from 'node:perf_hooks';
import type { FillDialect } from './dialect.js';
import { planTable, SkipTable, type SelfUpdate, type TablePlan } from './table-plan.js';
import type { FillNotice, TableInfo } from './types.js';

export interface FillContext {
  d: FillDialect;
  seed: number;
  tables: Map<string, TableInfo>;
  notices: FillNotice[];
}

export interface TableJob {
  table: TableInfo;
  rows: number;
  /** Foreign keys to fill NULL (cycle breaking). */
  nullForeignKeys: Set<string>;
}

export interface TableOutcome {
  table: string;
  rows: number;
  rowsAfter: number;
  ms: number;
}

/** Rows in the table now. */
export async function countRows(d: FillDialect, t: Pick<TableInfo, 'schema' | 'name'>): Promise<number> {
  const r = await d.engine.query<Record<string, unknown>>(`SELECT COUNT(*) AS c FROM ${d.tableSql(t)}`);
  return Number(r[0]?.c ?? 0);
}

export async function fillTable(ctx: FillContext, job: TableJob, tempPrefix: string): Promise<TableOutcome> {
  const t0 = performance.now();
  const { d } = ctx;
  const t = job.table;
  const temps: string[] = [];
  const existing = await countRows(d, t);
  const outcome = (rowsAfter: number): TableOutcome => ({
    table: t.display,
    rows: Math.max(0, rowsAfter - existing),
    rowsAfter,
    ms: performance.now() - t0,
  });
  try {
    const plan = await planTable(ctx, job, existing, tempPrefix, temps);
    if (plan.count > 0) await runInserts(ctx, t, plan, existing);
    const after = await countRows(d, t);
    const missing = plan.count - (after - existing);
    if (missing > 0) {
      const why = [
        ...plan.groupedFks.map(
          (g) => `for some values of (${g.columns.join(', ')}) ${g.parent} has no matching row (foreign key ${g.name})`,
        ),
        ...(plan.ignoreConflicts ? ['some generated keys collided with rows that were already there'] : []),
      ];
      ctx.notices.push({
        table: t.display,
        column: null,
        reason: `${after - existing} rows filled instead of ${plan.count}: ${why.join('; ') || 'rows were dropped'}`,
      });
    }
    return outcome(after);
  } catch (err) {
    // Whatever stops this table (the server refusing a catalog query included) is its notice;
    // the other tables still get their rows.
    const column = err instanceof SkipTable ? err.column : null;
    const reason = err instanceof SkipTable ? err.message : `not filled: ${d.describeError(err).message}`;
    ctx.notices.push({ table: t.display, column, reason });
    return outcome(await countRows(d, t));
  } finally {
    for (const name of temps) await d.dropTemp(name).catch(() => undefined);
  }
}

async function runInserts(ctx: FillContext, t: TableInfo, plan: TablePlan, existing: number): Promise<void> {
  const { d } = ctx;
  const first = existing + 1;
  const last = existing + plan.count;
  await d.engine.begin();
  try {
    for (let a = first; a <= last; a += d.chunkRows) {
      const b = Math.min(last, a + d.chunkRows - 1);
      const src = plan.rowSource(a, b);
      const sql = d.insertSql(t, plan.columns, plan.selectFor(src.from), {
        ignoreConflicts: plan.ignoreConflicts,
        ordered: plan.ordered,
        n: src.n,
      });
      await d.engine.query(sql);
    }
    await d.engine.commit();
  } catch (err) {
    await d.engine.rollback().catch(() => undefined);
    throw new SkipTable(...explain(ctx, t, plan, err));
  }
  for (const su of plan.selfUpdates) {
    await selfUpdate(ctx, t, su).catch((err: unknown) => {
      const e = d.describeError(err);
      ctx.notices.push({
        table: t.display,
        column: su.fk.columns[0] ?? null,
        reason: `self-referencing foreign key ${su.fk.name} left NULL: ${e.message}`,
      });
    });
  }
}

/** Points each new row of a server-numbered table at an earlier new row (about one in ten stays a root). */
async function selfUpdate(ctx: FillContext, t: TableInfo, su: SelfUpdate): Promise<void> {
  const { d } = ctx;
  const a = `_mt_fill_self_a`;
  const b = `_mt_fill_self_b`;
  try {
    const key = d.ident(su.keyColumn);
    const where = su.maxBefore !== null ? `${key} > ${su.maxBefore}` : undefined;
    await d.createRankTable(a, t, [su.keyColumn], where);
    await d.copyRankTable(a, b);
    const fkCol = d.ident(su.fk.columns[0]!);
    const target = `${b}.k = ${d.randDyn('sa.k', su.salt, 'sa.k')}`;
    const cond = `sa.k > 0 AND ${d.hash('sa.k', su.salt ^ 0x5bd1e995)} % 10 <> 0`;
    await d.engine.begin();
    try {
      if (d.name === 'postgres') {
        await d.engine.query(
          `UPDATE ${d.tableSql(t)} AS x SET ${fkCol} = ${b}.c0 FROM ${a} AS sa JOIN ${b} ON ${target} WHERE x.${key} = sa.c0 AND ${cond}`,
        );
      } else {
        await d.engine.query(
          `UPDATE ${d.tableSql(t)} AS x JOIN ${a} AS sa ON x.${key} = sa.c0 JOIN ${b} ON ${target} SET x.${fkCol} = ${b}.c0 WHERE ${cond}`,
        );
      }
      await d.engine.commit();
    } catch (err) {
      await d.engine.rollback().catch(() => undefined);
      throw err;
    }
  } finally {
    await d.dropTemp(a).catch(() => undefined);
    await d.dropTemp(b).catch(() => undefined);
  }
}

function explain(ctx: FillContext, t: TableInfo, plan: TablePlan, err: unknown): [string | null, string] {
  const e = ctx.d.describeError(err);
  const name = e.constraint;
  switch (e.kind) {
    case 'check': {
      const ch = name
        ? (plan.checksByName.get(name) ??
          [...plan.checksByName.values()].find((c) => c.name.toLowerCase() === name.toLowerCase()))
        : undefined;
      const column = ch && ch.columns.length === 1 ? ch.columns[0]! : null;
      const what = ch
        ? `CHECK constraint ${ch.name} (${ch.expr.replace(/^CHECK\s*/i, '')})`
        : `a CHECK constraint${name ? ` (${name})` : ''}`;
      return [
        column,
        `not filled: ${what} rejected the generated values, and the fill cannot satisfy it: ${e.message}`,
      ];
    }
    case 'foreign key': {
      const fk = t.foreignKeys.find((f) => f.name === name);
      return [
        fk?.columns[0] ?? null,
        `not filled: foreign key ${name ?? ''} rejected the generated values: ${e.message}`,
      ];
    }
    case 'unique': {
      const u = t.uniques.find((x) => x.name === name);
      return [
        u && u.columns.length === 1 ? u.columns[0]! : null,
        `not filled: unique key ${name ?? ''} rejected duplicate values: ${e.message}`,
      ];
    }
    case 'exclusion':
      return [null, `not filled: exclusion constraint ${name ?? ''} rejected the generated values: ${e.message}`];
    case 'not null':
      return [null, `not filled: ${e.message}`];
    case 'other':
      return [null, `not filled: the server refused the generated rows: ${e.message}`];
  }
}
