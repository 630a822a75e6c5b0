#!/usr/bin/env node
// Seed loading against the engines' own clients: generates a pg_dump-style dump (COPY blocks)
// and a mysqldump-style dump (extended INSERTs) of about --size MB each in a temporary
// directory, loads each into fresh databases with psql -f / mysql < and with loadSeedFile,
// alternating which goes first, and prints the median of --rounds runs and our ratio against
// the 1.2x target.
//
//   node bench/seed.mjs [--size 200] [--rounds 3] [--only pg|mysql|pg-inserts]
//                       [--pg postgres://postgres@127.0.0.1:5432/postgres] [--mysql mysql://root@127.0.0.1:3306]
//
// Needs psql and mariadb (or mysql) on PATH and servers that accept CREATE DATABASE.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const TARGET = 1.2;

function args() {
  const out = {
    size: 200,
    rounds: 3,
    only: null,
    pg: 'postgres://postgres@127.0.0.1:5432/postgres',
    mysql: 'mysql://root@127.0.0.1:3306',
  };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]?.replace(/^--/, '');
    const value = argv[i + 1];
    if (!key || value === undefined || !(key in out)) {
      console.error(
        `usage: node bench/seed.mjs [--size MB] [--rounds N] [--only pg|mysql|pg-inserts] [--pg URL] [--mysql URL]`,
      );
      process.exit(2);
    }
    out[key] = key === 'size' || key === 'rounds' ? Number(value) : value;
  }
  return out;
}

/** The loader, bundled from the TypeScript source next to node_modules (so its packages resolve). */
async function loadLoader() {
  const outfile = path.join(root, 'node_modules/.cache/migration-test-bench/seed.mjs');
  await build({
    entryPoints: [path.join(root, 'src/data/seed/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'warning',
  });
  return import(pathToFileURL(outfile).href);
}

// ---------------------------------------------------------------------------------------------
// dumps

async function writeLines(file, produce) {
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  let pending = [];
  let size = 0;
  const write = async (text) => {
    pending.push(text);
    size += text.length;
    if (size >= 1 << 20) {
      if (!out.write(pending.join(''))) await new Promise((r) => out.once('drain', r));
      pending = [];
      size = 0;
    }
  };
  await produce(write);
  out.write(pending.join(''));
  await new Promise((resolve, reject) => out.end((err) => (err ? reject(err) : resolve())));
  return (await fs.stat(file)).size;
}

const WORDS = [
  'alpha',
  'beta',
  'gamma',
  'delta',
  'epsilon',
  'zeta',
  'eta',
  'theta',
  'iota',
  'kappa',
  'Dörte',
  '日本語',
  'naïve',
];
const word = (i) => WORDS[i % WORDS.length];
const note = (i) => `${word(i)} ${word(i * 7 + 3)} ${word(i * 13 + 5)} number ${i} ${'x'.repeat(i % 40)}`;

/** pg_dump (plain) style: SETs, tables, COPY blocks, then keys and indexes. */
function pgDump(file, bytes) {
  return writeLines(file, async (write) => {
    await write(
      [
        '--\n-- PostgreSQL database dump\n--\n\n',
        "SET statement_timeout = 0;\nSET lock_timeout = 0;\nSET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\n",
        "SELECT pg_catalog.set_config('search_path', '', false);\nSET check_function_bodies = false;\nSET client_min_messages = warning;\n\n",
        'CREATE TABLE public.customers (\n    id integer NOT NULL,\n    name text NOT NULL,\n    email text,\n    note text,\n    created_at timestamp with time zone NOT NULL\n);\n\n',
        'CREATE TABLE public.orders (\n    id bigint NOT NULL,\n    customer_id integer NOT NULL,\n    amount numeric(12,2),\n    status text,\n    placed_at timestamp with time zone\n);\n\n',
      ].join(''),
    );
    let written = 0;
    const customers = Math.max(1000, Math.floor(bytes / 2 / 110));
    await write('COPY public.customers (id, name, email, note, created_at) FROM stdin;\n');
    for (let i = 1; i <= customers; i++) {
      const line = `${i}\tcustomer ${word(i)} ${i}\tuser${i}@example.com\t${i % 10 === 0 ? '\\N' : note(i).replace(/ number/, '\\tnumber')}\t2024-01-${String(1 + (i % 28)).padStart(2, '0')} 12:00:00+00\n`;
      written += line.length;
      await write(line);
    }
    await write('\\.\n\n\n');
    await write('COPY public.orders (id, customer_id, amount, status, placed_at) FROM stdin;\n');
    for (let i = 1; written < bytes; i++) {
      const line = `${i}\t${1 + (i % customers)}\t${(i % 100000) / 100}\t${i % 3 ? 'shipped' : 'pending\\nreview'}\t2024-02-${String(1 + (i % 28)).padStart(2, '0')} 08:30:00+00\n`;
      written += line.length;
      await write(line);
    }
    await write('\\.\n\n\n');
    await write('ALTER TABLE ONLY public.customers\n    ADD CONSTRAINT customers_pkey PRIMARY KEY (id);\n\n');
    await write('ALTER TABLE ONLY public.orders\n    ADD CONSTRAINT orders_pkey PRIMARY KEY (id);\n\n');
    await write(
      'CREATE INDEX orders_customer_id_idx ON public.orders USING btree (customer_id);\n\n--\n-- PostgreSQL database dump complete\n--\n\n',
    );
  });
}

/** pg_dump --inserts style: one INSERT per row (psql sends each alone; we batch). */
function pgInsertsDump(file, bytes) {
  return writeLines(file, async (write) => {
    await write("SET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\n\n");
    await write('CREATE TABLE public.events (\n    id bigint NOT NULL,\n    kind text,\n    payload text\n);\n\n');
    let written = 0;
    for (let i = 1; written < bytes; i++) {
      const line = `INSERT INTO public.events VALUES (${i}, '${word(i)}', '${note(i).replace(/'/g, "''")} it''s');\n`;
      written += line.length;
      await write(line);
    }
  });
}

/** mysqldump style: extended INSERTs of about 1 MB (its default net_buffer_length) per statement. */
function mysqlDump(file, bytes) {
  return writeLines(file, async (write) => {
    await write(
      [
        '-- MySQL dump (generated by bench/seed.mjs)\n\n',
        '/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\n/*!40101 SET NAMES utf8mb4 */;\n',
        '/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;\n/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;\n',
        "/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;\n\n",
      ].join(''),
    );
    const tables = [
      [
        'customers',
        '`id` int NOT NULL,\n  `name` varchar(100) NOT NULL,\n  `email` varchar(100) DEFAULT NULL,\n  `note` text,\n  `created_at` datetime NOT NULL,\n  PRIMARY KEY (`id`)',
        (i) =>
          `(${i},'customer ${word(i)} ${i}','user${i}@example.com',${i % 10 === 0 ? 'NULL' : `'${note(i)} it\\'s'`},'2024-01-${String(1 + (i % 28)).padStart(2, '0')} 12:00:00')`,
      ],
      [
        'orders',
        '`id` bigint NOT NULL,\n  `customer_id` int NOT NULL,\n  `amount` decimal(12,2) DEFAULT NULL,\n  `status` varchar(20) DEFAULT NULL,\n  PRIMARY KEY (`id`),\n  KEY `customer_id` (`customer_id`)',
        (i) => `(${i},${1 + (i % 50000)},${(i % 100000) / 100},'${i % 3 ? 'shipped' : 'pending\\nreview'}')`,
      ],
    ];
    let written = 0;
    for (const [index, [name, columns, row]] of tables.entries()) {
      await write(
        `DROP TABLE IF EXISTS \`${name}\`;\nCREATE TABLE \`${name}\` (\n  ${columns}\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n\n`,
      );
      await write(`LOCK TABLES \`${name}\` WRITE;\n/*!40000 ALTER TABLE \`${name}\` DISABLE KEYS */;\n`);
      const share = index === 0 ? bytes / 2 : bytes;
      let i = 1;
      while (written < share) {
        const values = [];
        let len = 0;
        while (len < 1_000_000 && written + len < share) {
          const v = row(i++);
          values.push(v);
          len += v.length + 1;
        }
        const stmt = `INSERT INTO \`${name}\` VALUES ${values.join(',')};\n`;
        written += stmt.length;
        await write(stmt);
      }
      await write(`/*!40000 ALTER TABLE \`${name}\` ENABLE KEYS */;\nUNLOCK TABLES;\n\n`);
    }
    await write(
      '/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;\n/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;\n/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;\n',
    );
  });
}

// ---------------------------------------------------------------------------------------------
// running

function run(command, argv, { env = {}, stdin = null } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, {
      env: { ...process.env, ...env },
      stdio: [stdin ? 'pipe' : 'ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    if (stdin) {
      import('node:fs').then(({ createReadStream }) => createReadStream(stdin).pipe(child.stdin));
    }
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}: ${stderr}`)),
    );
  });
}

function withDatabase(server, name) {
  const u = new URL(server);
  u.pathname = `/${name}`;
  return u.toString();
}

const engines = {
  pg: {
    label: 'PostgreSQL',
    client: 'psql -f',
    async create(server, name) {
      await run('psql', [
        '-X',
        '-q',
        '-v',
        'ON_ERROR_STOP=1',
        '-d',
        server,
        '-c',
        `DROP DATABASE IF EXISTS ${name}`,
        '-c',
        `CREATE DATABASE ${name}`,
      ]);
      // the previous load's WAL is flushed now, not during the next one's timing
      await run('psql', ['-X', '-q', '-d', server, '-c', 'CHECKPOINT']).catch(() => undefined);
      return withDatabase(server, name);
    },
    async drop(server, name) {
      await run('psql', ['-X', '-q', '-d', server, '-c', `DROP DATABASE IF EXISTS ${name}`]);
    },
    native(url, file) {
      return run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', file]);
    },
  },
  mysql: {
    label: 'MySQL/MariaDB',
    client: 'mysql <',
    async create(server, name) {
      await mysqlClient(server, null, `DROP DATABASE IF EXISTS ${name}; CREATE DATABASE ${name} CHARACTER SET utf8mb4`);
      return withDatabase(server, name);
    },
    async drop(server, name) {
      await mysqlClient(server, null, `DROP DATABASE IF EXISTS ${name}`);
    },
    native(url, file) {
      return mysqlClient(url, file, null);
    },
  },
};

let mysqlBinary = 'mariadb';
async function mysqlClient(url, file, sql) {
  const u = new URL(url);
  const argv = ['-h', u.hostname, '-P', u.port || '3306', '-u', decodeURIComponent(u.username || 'root')];
  const db = u.pathname.replace(/^\//, '');
  if (db) argv.push(db);
  if (sql) argv.push('-e', sql);
  await run(mysqlBinary, argv, { env: { MYSQL_PWD: decodeURIComponent(u.password) }, stdin: file });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function bench(kind, engine, server, file, rounds, loader) {
  const ours = [];
  const theirs = [];
  for (let r = 0; r < rounds; r++) {
    // alternate which goes first, so that neither always meets a warmer server
    const order = r % 2 === 0 ? ['native', 'ours'] : ['ours', 'native'];
    for (const who of order) {
      const name = `mt_bench_${kind.replace(/-/g, '_')}_${who}`;
      const url = await engine.create(server, name);
      const t0 = performance.now();
      if (who === 'native') await engine.native(url, file);
      else await loader.loadSeedFile(url, file);
      const ms = performance.now() - t0;
      (who === 'native' ? theirs : ours).push(ms);
      const rows = await loader.countRows(url);
      await engine.drop(server, name);
      console.log(
        `  round ${r + 1} ${who === 'native' ? engine.client.padEnd(13) : 'loadSeedFile '} ${(ms / 1000).toFixed(2)} s  rows ${JSON.stringify(rows)}`,
      );
    }
  }
  const a = median(ours);
  const b = median(theirs);
  const ratio = a / b;
  console.log(
    `${kind}: ours ${(a / 1000).toFixed(2)} s vs ${engine.client} ${(b / 1000).toFixed(2)} s (median of ${rounds}) -> ratio ${ratio.toFixed(3)} ` +
      `(target <= ${TARGET}: ${ratio <= TARGET ? 'met' : 'NOT met'})`,
  );
  return { kind, ours: a, native: b, ratio };
}

async function main() {
  const opts = args();
  await run('mariadb', ['--version']).catch(() => {
    mysqlBinary = 'mysql';
  });
  const loader = await loadLoader();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mt-bench-seed-'));
  const results = [];
  try {
    const bytes = opts.size * 1024 * 1024;
    const kinds = [
      ['pg', 'pg', pgDump, bytes],
      ['mysql', 'mysql', mysqlDump, bytes],
      ['pg-inserts', 'pg', pgInsertsDump, Math.min(bytes, 10 * 1024 * 1024)],
    ].filter(([kind]) => opts.only === null || opts.only === kind);
    for (const [kind, engineName, generate, size] of kinds) {
      const file = path.join(dir, `${kind}.sql`);
      const t0 = performance.now();
      const written = await generate(file, size);
      console.log(
        `${kind}: generated ${(written / 1024 / 1024).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
      results.push(
        await bench(kind, engines[engineName], engineName === 'pg' ? opts.pg : opts.mysql, file, opts.rounds, loader),
      );
      await fs.rm(file, { force: true });
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
  console.log('\nsummary');
  for (const r of results) {
    console.log(
      `  ${r.kind.padEnd(11)} ours ${(r.ours / 1000).toFixed(2)} s  client ${(r.native / 1000).toFixed(2)} s  ratio ${r.ratio.toFixed(3)}  ${r.ratio <= TARGET ? 'ok' : 'over target'}`,
    );
  }
  if (results.some((r) => r.ratio > TARGET)) process.exitCode = 1;
}

await main();
