/**
 * Synthetic fill: after the base migrations, before the new ones, every user table (or the
 * ones configured) gets N rows generated on the server (INSERT … SELECT over generate_series
 * on PostgreSQL, over MariaDB's seq_1_to_N or a cross join of digits on MySQL). Values follow
 * the column types, NOT NULL, unique keys, foreign keys (parents first, existing parent keys)
 * and the CHECKs that can be read; the same seed gives the same rows.
 */
import { performance } from 'node:perf_hooks';
import type { Engine } from '../../engines/engine.js';
import { UsageError } from '../../util/errors.js';
import type { FillDialect } from './dialect.js';
import { MysqlFill } from './mysql.js';
import { fillOrder, resolveTargets } from './plan.js';
import { PostgresFill } from './postgres.js';
import { fillTable, type FillContext } from './table.js';
import type { FillNotice } from './types.js';

export type { FillNotice } from './types.js';

export interface FillOptions {
  /** Rows per table by default; 0 = only the tables listed in `tables`. */
  rows: number;
  /** Per-table row counts ("schema.table" or "table"); 0 leaves the table empty. */
  tables: Record<string, number>;
  /** Same seed, same rows. */
  seed: number;
}

export interface FillResult {
  /** In fill order, every table that was to get rows (rows 0 when it was skipped: see `skipped`). */
  tables: { table: string; rows: number; rowsAfter: number; ms: number }[];
  skipped: FillNotice[];
  ms: number;
}

export function fillDialect(engine: Engine): FillDialect {
  return engine.dialect === 'postgres' ? new PostgresFill(engine) : new MysqlFill(engine);
}

/**
 * Fills every user table (or only those listed when rows is 0) in foreign-key order. A table
 * named in `tables` that does not exist throws UsageError naming it and the tables that exist.
 */
export async function fillDatabase(engine: Engine, opts: FillOptions): Promise<FillResult> {
  const t0 = performance.now();
  if (typeof opts.seed !== 'number' || !Number.isSafeInteger(opts.seed)) {
    throw new UsageError(`fill: seed must be a whole number (got ${JSON.stringify(opts.seed)})`);
  }
  const d = fillDialect(engine);
  const schema = await d.readSchema();
  const targets = resolveTargets(schema, { rows: opts.rows, tables: opts.tables ?? {} });
  const { order, nullForeignKeys, blocked } = fillOrder(schema.tables, targets);
  const notices: FillNotice[] = [...blocked];
  const ctx: FillContext = { d, seed: opts.seed, tables: new Map(schema.tables.map((t) => [t.key, t])), notices };
  const tables: FillResult['tables'] = [];
  if (order.length > 0) {
    const restore = await d.beginFill();
    try {
      let i = 0;
      for (const t of order) {
        const outcome = await fillTable(ctx, { table: t, rows: targets.get(t.key) ?? 0, nullForeignKeys: nullForeignKeys.get(t.key) ?? new Set() }, `_mt_fill_${i++}`);
        tables.push(outcome);
      }
    } finally {
      await restore();
    }
  }
  for (const b of blocked) {
    const t = schema.tables.find((x) => x.display === b.table);
    const r = t ? await engine.query<Record<string, unknown>>(`SELECT COUNT(*) AS c FROM ${d.tableSql(t)}`) : [];
    tables.push({ table: b.table, rows: 0, rowsAfter: Number(r[0]?.c ?? 0), ms: 0 });
  }
  return { tables, skipped: notices, ms: performance.now() - t0 };
}
