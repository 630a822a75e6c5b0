import type { Counters, MigrationRun } from '../report/model.js';
import type { Snapshot } from '../engines/engine.js';

export const NULL_COUNTERS: Counters = {
  rowsRead: null,
  rowsInserted: null,
  rowsUpdated: null,
  rowsDeleted: null,
  rowsChanged: null,
  raw: {},
};

/**
 * Counters of one migration from two cumulative snapshots. A table dropped by the migration
 * takes its counters with it: what it did cannot be known and is not guessed.
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
    deleted += a.deleted - (b?.deleted ?? 0);
  }
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
