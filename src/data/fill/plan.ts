/**
 * Which tables get how many rows, and in which order: parents before children along the
 * foreign keys, cycles broken at a nullable foreign key (filled NULL) where one exists.
 */
import { UsageError } from '../../util/errors.js';
import type { FillNotice, SchemaInfo, TableInfo } from './types.js';

export interface TargetOptions {
  rows: number;
  tables: Record<string, number>;
}

function checkCount(what: string, n: unknown): number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw new UsageError(`fill: ${what} must be a whole number of rows, 0 or more (got ${JSON.stringify(n)})`);
  }
  return n;
}

/** Finds the table a configuration key names: "schema.table" or "table". */
export function findTable(schema: SchemaInfo, name: string): TableInfo[] {
  const exact = (t: TableInfo, s: string | null, n: string, ci: boolean): boolean => {
    const eq = (a: string, b: string): boolean => (ci ? a.toLowerCase() === b.toLowerCase() : a === b);
    return eq(t.name, n) && (s === null || eq(t.schema, s));
  };
  for (const ci of [false, true]) {
    // A table whose own name contains the dot wins over schema.table.
    let hits = schema.tables.filter((t) => exact(t, null, name, ci));
    if (hits.length === 0) {
      const dot = name.indexOf('.');
      if (dot > 0) hits = schema.tables.filter((t) => exact(t, name.slice(0, dot), name.slice(dot + 1), ci));
    }
    if (hits.length > 1) {
      const preferred = hits.filter((t) => t.schema === schema.defaultSchema);
      if (preferred.length === 1) return preferred;
    }
    if (hits.length > 0) return hits;
  }
  return [];
}

/** Rows wanted per table key. Throws UsageError for a named table that does not exist. */
export function resolveTargets(schema: SchemaInfo, opts: TargetOptions): Map<string, number> {
  const rows = checkCount('rows', opts.rows);
  const targets = new Map<string, number>();
  if (rows > 0) for (const t of schema.tables) targets.set(t.key, rows);
  const names = schema.tables.map((t) => t.display).sort();
  for (const [name, n] of Object.entries(opts.tables ?? {})) {
    const count = checkCount(`tables.${name}`, n);
    const hits = findTable(schema, name);
    if (hits.length === 0) {
      const list = names.length > 0 ? names.join(', ') : '(none: the database has no tables)';
      throw new UsageError(`fill: table "${name}" does not exist; the tables are: ${list}`);
    }
    if (hits.length > 1) {
      throw new UsageError(
        `fill: "${name}" names more than one table (${hits.map((t) => t.display).join(', ')}); write it as schema.table`,
      );
    }
    targets.set(hits[0]!.key, count);
  }
  for (const [key, n] of [...targets]) if (n === 0) targets.delete(key);
  return targets;
}

export interface FillOrder {
  order: TableInfo[];
  /** Per table key: foreign keys filled NULL to break a cycle. */
  nullForeignKeys: Map<string, Set<string>>;
  /** Tables that cannot be filled at all (a cycle of NOT NULL foreign keys). */
  blocked: FillNotice[];
}

/** Parents first; ties by name, so the order is the same on every run. */
export function fillOrder(tables: TableInfo[], targets: Map<string, number>): FillOrder {
  const nodes = tables
    .filter((t) => targets.has(t.key))
    .sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
  const byKey = new Map(nodes.map((t) => [t.key, t]));
  const nullForeignKeys = new Map<string, Set<string>>();
  const broken = (t: TableInfo, fk: string): boolean => nullForeignKeys.get(t.key)?.has(fk) ?? false;
  const parents = (t: TableInfo, remaining: Set<string>): string[] =>
    t.foreignKeys
      .filter((fk) => fk.refTable !== t.key && remaining.has(fk.refTable) && !broken(t, fk.name))
      .map((fk) => fk.refTable);

  const order: TableInfo[] = [];
  const remaining = new Set(nodes.map((t) => t.key));
  const blocked: FillNotice[] = [];
  while (remaining.size > 0) {
    const ready = nodes.filter((t) => remaining.has(t.key) && parents(t, remaining).length === 0);
    if (ready.length > 0) {
      for (const t of ready) {
        order.push(t);
        remaining.delete(t.key);
      }
      continue;
    }
    // Stuck: every remaining table waits for another. Break a cycle at a nullable foreign key.
    const reaches = (from: string, to: string): boolean => {
      const seen = new Set<string>();
      const stack = [from];
      while (stack.length > 0) {
        const cur = stack.pop()!;
        if (cur === to) return true;
        if (seen.has(cur)) continue;
        seen.add(cur);
        const t = byKey.get(cur);
        if (t) stack.push(...parents(t, remaining));
      }
      return false;
    };
    let breakAt: { table: TableInfo; fk: string } | null = null;
    for (const t of nodes) {
      if (!remaining.has(t.key)) continue;
      for (const fk of [...t.foreignKeys].sort((a, b) => (a.name < b.name ? -1 : 1))) {
        if (fk.refTable === t.key || !remaining.has(fk.refTable) || broken(t, fk.name)) continue;
        const nullable = fk.columns.every((c) => t.columns.find((x) => x.name === c)?.notNull === false);
        if (nullable && reaches(fk.refTable, t.key)) {
          breakAt = { table: t, fk: fk.name };
          break;
        }
      }
      if (breakAt) break;
    }
    if (breakAt) {
      const set = nullForeignKeys.get(breakAt.table.key) ?? new Set<string>();
      set.add(breakAt.fk);
      nullForeignKeys.set(breakAt.table.key, set);
      continue;
    }
    for (const t of nodes) {
      if (!remaining.has(t.key)) continue;
      const waits = parents(t, remaining).map((k) => byKey.get(k)?.display ?? k);
      blocked.push({
        table: t.display,
        column: null,
        reason: `not filled: its NOT NULL foreign keys form a cycle with ${[...new Set(waits)].join(', ')}, so no table of the cycle can get the first row`,
      });
    }
    break;
  }
  return { order, nullForeignKeys, blocked };
}
