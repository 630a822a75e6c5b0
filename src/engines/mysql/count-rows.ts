import mysql from 'mysql2/promise';
import type { RowDataPacket } from 'mysql2/promise';
import type { DatabaseTarget } from '../target.js';
import { mysqlConnectionOptions } from './connection.js';

/** Tables counted per query (a UNION ALL of count(*)s). */
const TABLES_PER_QUERY = 50;

/** Exact row counts (COUNT(*)) of the base tables of the target's database, keyed by name. */
export async function countMysqlRows(t: DatabaseTarget): Promise<Record<string, number>> {
  const conn = await mysql.createConnection({
    ...mysqlConnectionOptions(t),
    supportBigNumbers: true,
    bigNumberStrings: true,
  });
  conn.on('error', () => undefined);
  try {
    const [tables] = await conn.query<RowDataPacket[]>(
      "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1",
    );
    const names = tables.map((row) => String(row['name']));
    const out: Record<string, number> = {};
    for (let i = 0; i < names.length; i += TABLES_PER_QUERY) {
      const group = names.slice(i, i + TABLES_PER_QUERY);
      const sql = group
        .map((name, k) => `SELECT ${k} AS k, COUNT(*) AS n FROM \`${name.replace(/`/g, '``')}\``)
        .join(' UNION ALL ');
      const [rows] = await conn.query<RowDataPacket[]>(sql);
      for (const row of rows) out[group[Number(row['k'])] as string] = Number(row['n']);
    }
    return out;
  } finally {
    await conn.end().catch(() => conn.destroy());
  }
}
