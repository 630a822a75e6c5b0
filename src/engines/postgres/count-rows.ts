import pg from 'pg';
import { SEED_APPLICATION_NAME } from '../../data/seed/options.js';
import type { DatabaseTarget } from '../target.js';
import { pgClientConfig } from './connection.js';

/** Tables counted per query (a UNION ALL of count(*)s). */
const TABLES_PER_QUERY = 50;

/**
 * Exact row counts (count(*)) of the ordinary and partitioned tables outside the system schemas
 * and extensions, keyed schema.table (quoted where needed), a partitioned table counted once
 * (its partitions are not listed).
 */
export async function countPostgresRows(t: DatabaseTarget): Promise<Record<string, number>> {
  const client = new pg.Client(pgClientConfig(t, { applicationName: SEED_APPLICATION_NAME }));
  client.on('error', () => undefined);
  await client.connect();
  try {
    const tables = await client.query<{ name: string; sql: string }>(
      `SELECT format('%I.%I', n.nspname, c.relname) AS name, format('%I.%I', n.nspname, c.relname) AS sql
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
        ORDER BY 1`,
    );
    const out: Record<string, number> = {};
    for (let i = 0; i < tables.rows.length; i += TABLES_PER_QUERY) {
      const group = tables.rows.slice(i, i + TABLES_PER_QUERY);
      const sql = group.map((row, k) => `SELECT ${k} AS k, count(*)::bigint AS n FROM ${row.sql}`).join(' UNION ALL ');
      const r = await client.query<{ k: number; n: string }>(sql);
      for (const row of r.rows) out[(group[row.k] as { name: string }).name] = Number(row.n);
    }
    return out;
  } finally {
    await client.end().catch(() => undefined);
  }
}
