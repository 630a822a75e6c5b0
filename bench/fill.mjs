#!/usr/bin/env node
// Benchmark of the synthetic fill (src/data/fill): rows per minute for a table with ten mixed
// columns and two foreign keys, on PostgreSQL and on MySQL/MariaDB, against the target of one
// million rows per minute per core. The fill is one session running INSERT … SELECT on the
// server, so the server uses one core for it: rows/minute of the run = rows/minute per core.
//
//   node bench/fill.mjs [--rows 1000000] [--engines postgres,mysql] [--parents 100000]
//   (--engines mysql-digits: MariaDB numbering rows with a cross join of digits, MySQL's way)
//   PG_URL=postgres://user@host:5432/postgres MYSQL_URL=mysql://root@host:3306 node bench/fill.mjs
//
// Defaults: postgres://postgres@127.0.0.1:5432/postgres and mysql://root@127.0.0.1:3306.
// It bundles src/data/fill/index.ts and src/engines/open-engine.ts with esbuild into
// .tmp/fill-bench/ and imports the bundle (Node 20 cannot run TypeScript itself).
import { build } from 'esbuild';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import mysql from 'mysql2/promise';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const TARGET_PER_MINUTE = 1_000_000;

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const ROWS = Number(arg('rows', '1000000'));
const PARENTS = Number(arg('parents', '100000'));
const ENGINES = arg('engines', 'postgres,mysql').split(',');
const SEED = 42;

async function bundle() {
  const outdir = path.join(root, '.tmp', 'fill-bench');
  await fs.mkdir(outdir, { recursive: true });
  const entry = path.join(outdir, 'entry.ts');
  await fs.writeFile(
    entry,
    [
      `export { fillDatabase, fillWithDialect } from '../../src/data/fill/index.js';`,
      `export { MysqlFill } from '../../src/data/fill/mysql.js';`,
      `export { openEngine } from '../../src/engines/open-engine.js';`,
      `export { parseDatabaseTarget } from '../../src/engines/target.js';`,
      '',
    ].join('\n'),
  );
  const outfile = path.join(outdir, 'fill.bundle.mjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    define: { __MIGRATION_TEST_VERSION__: '"bench"' },
  });
  return import(pathToFileURL(outfile).href);
}

const dbName = () => `mt_fill_bench_${randomBytes(4).toString('hex')}`;

const POSTGRES_SCHEMA = `
CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped', 'cancelled');
CREATE TABLE customers (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  email varchar(100) NOT NULL UNIQUE,
  created_at timestamptz NOT NULL
);
CREATE TABLE products (
  id serial PRIMARY KEY,
  sku varchar(20) NOT NULL UNIQUE,
  price numeric(10,2) NOT NULL CHECK (price > 0)
);
CREATE TABLE orders (
  id bigserial PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers(id),
  product_id int NOT NULL REFERENCES products(id),
  quantity int NOT NULL CHECK (quantity > 0),
  unit_price numeric(10,2) NOT NULL,
  status order_status NOT NULL,
  note varchar(200),
  placed_at timestamptz NOT NULL,
  paid boolean NOT NULL,
  ref uuid NOT NULL UNIQUE
);
CREATE INDEX orders_customer ON orders (customer_id);
CREATE INDEX orders_product ON orders (product_id);
`;

const MYSQL_SCHEMA = [
  `CREATE TABLE customers (id BIGINT AUTO_INCREMENT PRIMARY KEY, name TEXT NOT NULL, email VARCHAR(100) NOT NULL UNIQUE, created_at DATETIME NOT NULL)`,
  `CREATE TABLE products (id INT AUTO_INCREMENT PRIMARY KEY, sku VARCHAR(20) NOT NULL UNIQUE, price DECIMAL(10,2) NOT NULL CHECK (price > 0))`,
  `CREATE TABLE orders (
     id BIGINT AUTO_INCREMENT PRIMARY KEY,
     customer_id BIGINT NOT NULL,
     product_id INT NOT NULL,
     quantity INT NOT NULL CHECK (quantity > 0),
     unit_price DECIMAL(10,2) NOT NULL,
     status ENUM('new', 'paid', 'shipped', 'cancelled') NOT NULL,
     note VARCHAR(200),
     placed_at DATETIME NOT NULL,
     paid BOOLEAN NOT NULL,
     ref CHAR(36) NOT NULL UNIQUE,
     FOREIGN KEY (customer_id) REFERENCES customers(id),
     FOREIGN KEY (product_id) REFERENCES products(id)
   )`,
];

async function postgresDatabase() {
  const server = process.env.PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = dbName();
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const u = new URL(server);
  u.pathname = `/${name}`;
  const url = u.toString();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(POSTGRES_SCHEMA);
  const version = (await c.query('SHOW server_version')).rows[0].server_version;
  await c.end();
  return {
    url,
    label: `PostgreSQL ${version}`,
    async drop() {
      const a = new pg.Client({ connectionString: server });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await a.end();
    },
  };
}

async function mysqlDatabase() {
  const server = process.env.MYSQL_URL || 'mysql://root@127.0.0.1:3306';
  const name = dbName();
  const admin = await mysql.createConnection({ uri: server });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
  const [[{ v }]] = await admin.query('SELECT VERSION() AS v');
  await admin.end();
  const u = new URL(server);
  u.pathname = `/${name}`;
  const url = u.toString();
  const c = await mysql.createConnection({ uri: url });
  for (const stmt of MYSQL_SCHEMA) await c.query(stmt);
  await c.end();
  return {
    url,
    label: /mariadb/i.test(v) ? `MariaDB ${v}` : `MySQL ${v}`,
    async drop() {
      const a = await mysql.createConnection({ uri: server });
      await a.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await a.end();
    },
  };
}

async function runOne(lib, make, digits) {
  const db = await make();
  try {
    const opened = await lib.openEngine({
      target: lib.parseDatabaseTarget(db.url),
      connectTimeoutSec: 10,
      statementTimeoutSec: null,
    });
    try {
      const parents = await lib.fillDatabase(opened.engine, {
        rows: 0,
        tables: { customers: PARENTS, products: Math.max(1, Math.round(PARENTS / 10)) },
        seed: SEED,
      });
      const t0 = performance.now();
      const opts = { rows: 0, tables: { orders: ROWS }, seed: SEED };
      const result = digits
        ? await lib.fillWithDialect(new lib.MysqlFill(opened.engine, { useSequenceEngine: false }), opts)
        : await lib.fillDatabase(opened.engine, opts);
      const wallMs = performance.now() - t0;
      const orders = result.tables.find((t) => /orders$/.test(t.table));
      if (!orders || orders.rows !== ROWS) throw new Error(`expected ${ROWS} rows, got ${JSON.stringify(result)}`);
      if (result.skipped.length > 0) console.log('  notices:', JSON.stringify(result.skipped));
      const perMinute = (orders.rows / orders.ms) * 60_000;
      return {
        label: digits ? `${db.label} (digits, as on MySQL)` : db.label,
        parentsMs: parents.ms,
        rows: orders.rows,
        ms: orders.ms,
        wallMs,
        perMinute,
      };
    } finally {
      await opened.dispose();
    }
  } finally {
    await db.drop();
  }
}

const lib = await bundle();
console.log(
  `fill benchmark: ${ROWS.toLocaleString('en')} rows into orders (10 columns, 2 foreign keys, 3 indexes), ${PARENTS.toLocaleString('en')} customers, ${Math.round(PARENTS / 10).toLocaleString('en')} products`,
);
console.log(
  `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}; target ${TARGET_PER_MINUTE.toLocaleString('en')} rows/minute per core`,
);
let failed = false;
for (const engine of ENGINES) {
  const make =
    engine === 'postgres'
      ? postgresDatabase
      : ['mysql', 'mariadb', 'mysql-digits'].includes(engine)
        ? mysqlDatabase
        : null;
  if (!make) throw new Error(`unknown engine ${engine}`);
  try {
    const r = await runOne(lib, make, engine === 'mysql-digits');
    const ratio = r.perMinute / TARGET_PER_MINUTE;
    console.log(
      `${r.label.padEnd(42)} ${r.rows.toLocaleString('en')} rows in ${(r.ms / 1000).toFixed(2)} s = ${Math.round(r.perMinute).toLocaleString('en')} rows/minute ` +
        `(${ratio.toFixed(2)}× target) [parents ${(r.parentsMs / 1000).toFixed(2)} s]`,
    );
    if (ratio < 1) failed = true;
  } catch (err) {
    failed = true;
    console.log(`${engine}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
process.exitCode = failed ? 1 : 0;
