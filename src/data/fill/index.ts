/**
 * Synthetic fill: after the base migrations, before the new ones, every user table (or the
 * ones configured) gets N rows generated on the server: INSERT … SELECT over generate_series
 * on PostgreSQL, over MariaDB's seq_1_to_N (or, on MySQL, a cross join of digit tables), in
 * chunks inside one transaction per table.
 *
 * - Order: parents before children along the foreign keys; a cycle is broken at a nullable
 *   foreign key (filled NULL, with a notice), a cycle of NOT NULL ones is reported.
 * - Values: pseudo-random functions of (seed, table, column, row number) computed by the
 *   server (PostgreSQL hashint8extended, MySQL integer arithmetic), so the same seed gives the
 *   same rows. Nullable columns are NULL in about one row in ten.
 * - Types: integers and numerics within range, text within length, dates and times, booleans,
 *   uuid, json, enums from their labels, arrays, bytes, bits, network and geometric types (see
 *   postgres.ts / mysql.ts). A type without a generator: its default if it has one, NULL if
 *   nullable, otherwise the table is skipped with a notice.
 * - Columns with defaults get generated values too (defaults like now() or uuid() would make
 *   runs differ, constant ones would give every row the same value); identity, serial,
 *   AUTO_INCREMENT and generated columns are left to the server.
 * - Unique keys: one column of each key gets values injective in the row number; a key made
 *   only of foreign keys and small domains (a join table) enumerates distinct combinations;
 *   rows beyond what a key can hold are not filled (notice).
 * - Foreign keys: existing parent keys, spread uniformly (a dense integer key by arithmetic,
 *   others through a temporary rank table); keys sharing columns pick within the shared
 *   value (tenant_id); self-references point at earlier rows.
 * - CHECKs: bounds, IN lists, lengths, a < b and IS NOT NULL are satisfied; anything else is
 *   tried, and a refusal rolls the table back and becomes a notice naming the constraint.
 * - Tables with rows already get N more, with keys past the existing ones.
 */
import { performance } from 'node:perf_hooks';
import type { Engine } from '../../engines/engine.js';
import { UsageError } from '../../util/errors.js';
import type { FillDialect } from './dialect.js';
import { MysqlFill } from './mysql.js';
import { fillOrder, resolveTargets } from './plan.js';
import { PostgresFill } from './postgres.js';
import { countRows, fillTable, type FillContext } from './table.js';
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
  /** Tables not filled and columns not generated (or fewer rows than asked), with the reason. */
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
  return fillWithDialect(fillDialect(engine), opts);
}

/** fillDatabase with a chosen dialect object (tests use it to exercise MySQL paths on MariaDB). */
export async function fillWithDialect(d: FillDialect, opts: FillOptions): Promise<FillResult> {
  const t0 = performance.now();
  if (typeof opts.seed !== 'number' || !Number.isSafeInteger(opts.seed)) {
    throw new UsageError(`fill: seed must be a whole number (got ${JSON.stringify(opts.seed)})`);
  }
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
        const outcome = await fillTable(
          ctx,
          { table: t, rows: targets.get(t.key) ?? 0, nullForeignKeys: nullForeignKeys.get(t.key) ?? new Set() },
          `_mt_fill_${i++}`,
        );
        tables.push(outcome);
      }
    } finally {
      await restore();
    }
  }
  for (const b of blocked) {
    const t = schema.tables.find((x) => x.display === b.table);
    tables.push({ table: b.table, rows: 0, rowsAfter: t ? await countRows(d, t) : 0, ms: 0 });
  }
  return { tables, skipped: notices, ms: performance.now() - t0 };
}
