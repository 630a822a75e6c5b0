import type { Counters, MigrationRun } from '../report/model.js';
import type { Snapshot, TableCounters } from '../engines/engine.js';

export const NULL_COUNTERS: Counters = {
  rowsRead: null,
  rowsInserted: null,
  rowsUpdated: null,
  rowsDeleted: null,
  rowsChanged: null,
  raw: {},
};

/**
 * Counters of one migration from two cumulative snapshots. Rows a table loses without a
 * DELETE count as deleted: the live rows of a table the migration dropped, and those a
 * TRUNCATE took (the table's storage changed, and its live rows fell by more than its deletes).
 */
export function diffCounters(before: Snapshot, after: Snapshot): Counters {
  let read = 0;
  let inserted = 0;
  let updated = 0;
  let deleted = 0;
  for (const [key, a] of after.tableCounters) {
    const b = before.tableCounters.get(key);
    read += a.read - (b?.read ?? 0);
    inserted += a.inserted - (b?.inserted ?? 0);
    updated += a.updated - (b?.updated ?? 0);
    deleted += a.deleted - (b?.deleted ?? 0) + (b ? truncatedRows(b, a) : 0);
  }
  for (const [key, b] of before.tableCounters) if (!after.tableCounters.has(key)) deleted += b.live ?? 0;
  const raw: Record<string, number> = {};
  for (const [k, v] of Object.entries(after.raw)) {
    const b = before.raw[k];
    if (b !== undefined) raw[k] = v - b;
  }
  const nonNeg = (n: number) => Math.max(0, n);
  return {
    rowsRead: nonNeg(read),
    rowsInserted: nonNeg(inserted),
    rowsUpdated: nonNeg(updated),
    rowsDeleted: nonNeg(deleted),
    rowsChanged: nonNeg(inserted) + nonNeg(updated) + nonNeg(deleted),
    raw,
  };
}

/**
 * Rows a TRUNCATE removed, on a server that keeps live rows and storage per table (PostgreSQL:
 * TRUNCATE counts no n_tup_del, sets n_live_tup to 0 and gives the table a new relfilenode).
 * A rewrite that keeps the rows (ALTER TABLE, VACUUM FULL, CLUSTER) changes the storage too,
 * but its live rows add up: before + inserted - deleted = after.
 */
function truncatedRows(b: TableCounters, a: TableCounters): number {
  if (b.live === undefined || a.live === undefined || b.storage === undefined || b.storage === a.storage) return 0;
  return Math.max(0, b.live + (a.inserted - b.inserted) - (a.deleted - b.deleted) - a.live);
}

const TABLE_SIZE_ROWS = 20;

export function diffTableSizes(before: Snapshot, after: Snapshot): NonNullable<MigrationRun['tableSizes']> {
  const names = new Set([...before.tableSizes.keys(), ...after.tableSizes.keys()]);
  const out: NonNullable<MigrationRun['tableSizes']> = [];
  for (const table of names) {
    const b = before.tableSizes.get(table) ?? null;
    const a = after.tableSizes.get(table) ?? null;
    const delta = (a ?? 0) - (b ?? 0);
    if (delta !== 0) out.push({ table, beforeBytes: b, afterBytes: a, deltaBytes: delta });
  }
  return out.sort((x, y) => Math.abs(y.deltaBytes) - Math.abs(x.deltaBytes)).slice(0, TABLE_SIZE_ROWS);
}
