import mysql from 'mysql2/promise';
import fs from 'node:fs';
import { openEngine } from '../src/engines/open-engine.js';
import { fillDatabase } from '../src/data/fill/index.js';
import { createMysqlDatabase } from './helpers/databases.js';

test('debug', async () => {
  const db = await createMysqlDatabase('mt_dbg');
  const c = await mysql.createConnection({ uri: db.url, dateStrings: true });
  try {
    const src = fs.readFileSync('__tests__/fill-mysql.int.test.ts', 'utf8');
    const body = /function schema[\s\S]*?return \[([\s\S]*?)\n  \];/.exec(src)![1]!;
    const mariaTypes = 'u UUID, ip4 INET4, ip6 INET6,';
    const stmts = [...body.matchAll(/`(CREATE[\s\S]*?)`,/g)].map((m) => m[1]!.replace('${mariaTypes}', mariaTypes));
    for (const s of stmts) await c.query(s);
    const o = await openEngine({ databaseUrl: db.url, connectTimeoutSec: 5, statementTimeoutSec: null });
    const r = await fillDatabase(o.engine, { rows: 400, tables: { tenants: 5, users: 60, categories: 30, left_empty: 0, memberships: 1000 }, seed: 7 });
    await o.dispose();
    console.log(JSON.stringify(r.skipped, null, 1));
    for (const t of ['everything', 'orders', 'categories', 'memberships']) {
      const [rows] = await c.query(`SELECT * FROM ${t} LIMIT 3`);
      console.log(t, JSON.stringify(rows));
    }
  } finally { await c.end(); await db.drop(); }
});
