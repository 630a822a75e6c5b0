import mysql from 'mysql2/promise';
import type { RowDataPacket } from 'mysql2/promise';
import pg from 'pg';
import { mysqlConnectionOptions, pgClientConfig } from '../../engines/connection-options.js';
import type { DatabaseTarget } from '../../engines/target.js';
import { SEED_APPLICATION_NAME } from './options.js';

/** Tables counted per query (a UNION ALL of count(*)s). */
const TABLES_PER_QUERY = 50;

/**
 * Exact row counts (count(*)) of every user table. PostgreSQL: ordinary and partitioned tables
 * outside the system schemas and extensions, keyed schema.table (quoted where needed), a
 * partitioned table counted once (its partitions are not listed); MySQL: the base tables of
 * the target's database, keyed by name.
 */
export async function countRows(t: DatabaseTarget): Promise<Record<string, number>> {
  return t.engine === 'postgres' ? countPostgres(t) : countMysql(t);
}

async function countPostgres(t: DatabaseTarget): Promise<Record<string, number>> {
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

async function countMysql(t: DatabaseTarget): Promise<Record<string, number>> {
  const conn = await mysql.createConnection({ ...mysqlConnectionOptions(t), supportBigNumbers: true, bigNumberStrings: true });
  conn.on('error', () => undefined);
  try {
    const [tables] = await conn.query<RowDataPacket[]>(
      "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1",
    );
    const names = tables.map((row) => String(row['name']));
    const out: Record<string, number> = {};
    for (let i = 0; i < names.length; i += TABLES_PER_QUERY) {
      const group = names.slice(i, i + TABLES_PER_QUERY);
      const sql = group.map((name, k) => `SELECT ${k} AS k, COUNT(*) AS n FROM \`${name.replace(/`/g, '``')}\``).join(' UNION ALL ');
      const [rows] = await conn.query<RowDataPacket[]>(sql);
      for (const row of rows) out[group[Number(row['k'])] as string] = Number(row['n']);
    }
    return out;
  } finally {
    await conn.end().catch(() => conn.destroy());
  }
}
