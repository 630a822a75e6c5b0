#!/usr/bin/env node
// The floor under migration-test's per-statement cost: the Node.js driver it uses (pg or
// mysql2) sending the same statements one at a time, and nothing else (no splitting, timing,
// grouping or logging). Used by overhead-small.mjs; prints {"ms": <loop time>}.
//
//   node bench/driver-loop.mjs URL FILE [--transaction]
// FILE holds one statement per line, ending in `;`.
import fs from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import mysql from 'mysql2/promise';
import pg from 'pg';

const [url, file, flag] = process.argv.slice(2);
const statements = (await fs.readFile(file, 'utf8'))
  .split('\n')
  .map((line) => line.trim().replace(/;$/, ''))
  .filter((line) => line !== '');
const transaction = flag === '--transaction';

let query;
let close;
if (url.startsWith('postgres')) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  query = (sql) => client.query(sql);
  close = () => client.end();
} else {
  const conn = await mysql.createConnection({ uri: url });
  query = (sql) => conn.query(sql);
  close = () => conn.end();
}
const started = performance.now();
if (transaction) await query('BEGIN');
for (const sql of statements) await query(sql);
if (transaction) await query('COMMIT');
const ms = performance.now() - started;
await close();
process.stdout.write(JSON.stringify({ ms, statements: statements.length }) + '\n');
