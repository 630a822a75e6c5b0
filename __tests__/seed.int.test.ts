import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import mysql from 'mysql2/promise';
import type { RowDataPacket } from 'mysql2/promise';
import pg from 'pg';
import { SeedError, countRows, loadSeedFile, runSeedCommand } from '../src/data/seed/index.js';
import { parseDatabaseTarget } from '../src/engines/target.js';
import { createMysqlDatabase, createPostgresDatabase, type TestDatabase } from './helpers/databases.js';

const execFileAsync = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const fixture = (name: string): string => fileURLToPath(new URL(`../__fixtures__/seed/${name}`, import.meta.url));

let tmp: string;
const databases: TestDatabase[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'mt-seed-test-'));
});

afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop().catch(() => undefined)));
  await rm(tmp, { recursive: true, force: true });
});

async function pgDatabase(): Promise<TestDatabase> {
  const db = await createPostgresDatabase('seed');
  databases.push(db);
  return db;
}

async function mysqlDatabase(): Promise<TestDatabase> {
  const db = await createMysqlDatabase('seed');
  databases.push(db);
  return db;
}

async function pgQuery<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function myQuery(url: string, sql: string): Promise<RowDataPacket[]> {
  const conn = await mysql.createConnection({ uri: url, charset: 'utf8mb4' });
  try {
    const [rows] = await conn.query<RowDataPacket[]>(sql);
    return rows;
  } finally {
    await conn.end();
  }
}

async function script(name: string, text: string | Buffer): Promise<string> {
  const file = path.join(tmp, name);
  await writeFile(file, text);
  return file;
}

/** The SeedError a promise rejects with. */
async function seedError(p: Promise<unknown>): Promise<SeedError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof SeedError) return err;
    throw new Error(`expected a SeedError, got ${String(err)}`, { cause: err });
  }
  throw new Error('expected a SeedError, but it succeeded');
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

const PG_ROWS = {
  'billing."Invoice Lines"': 2,
  'public.customers': 207,
  'public.empty_table': 0,
  'public.notes': 6,
  'public.orders': 500,
};

describe('PostgreSQL dumps', () => {
  test.each(['pg-dump.sql', 'pg-dump.sql.gz'])('%s (pg_dump with COPY blocks) loads exactly', async (name) => {
    const db = await pgDatabase();
    const notes: string[] = [];
    const result = await loadSeedFile(parseDatabaseTarget(db.url), fixture(name), { onNote: (m) => notes.push(m) });
    expect(result).toEqual({
      file: fixture(name),
      bytes: (await stat(fixture(name))).size,
      sha256: sha256(fixture(name)),
      statements: expect.any(Number),
      ms: expect.any(Number),
    });
    expect(result.statements).toBeGreaterThan(30);
    expect(await countRows(parseDatabaseTarget(db.url))).toEqual(PG_ROWS);
    expect(notes).toEqual([
      expect.stringMatching(/pg-dump\.sql(\.gz)?:5: skipped psql meta-command \\restrict /),
      expect.stringMatching(/:\d+: skipped psql meta-command \\unrestrict /),
    ]);

    const customers = await pgQuery<{ name: string; note: string | null }>(
      db.url,
      'SELECT name, note FROM customers WHERE id <= 7 ORDER BY id',
    );
    expect(customers).toEqual([
      { name: 'Alice', note: 'tab\there' },
      { name: 'Bob', note: 'line1\nline2\r\nline3' },
      { name: 'Carol', note: 'back\\slash and \\N literal' },
      { name: 'Dörte Ünïcødé', note: '日本語テキスト 🎉 emoji' },
      { name: 'Eve', note: null },
      { name: 'Frank', note: '\\.' },
      { name: 'Grace', note: 'quote \' and "double" and ; semicolon' },
    ]);
    const notesTable = await pgQuery<{ body: string | null }>(db.url, 'SELECT body FROM notes ORDER BY n');
    expect(notesTable.map((r) => r.body)).toEqual(['\\.', '\\.', '\\', null, '\\N', 'a\\.\nb']);
    const order = await pgQuery<{ tags: string[]; meta: unknown; payload: Buffer }>(
      db.url,
      'SELECT tags, meta, payload FROM orders WHERE id = 1',
    );
    expect(order).toEqual([
      { tags: ['a', 'b c', 'd\te'], meta: { g: 1, s: 'x\ny' }, payload: Buffer.from('00ff5c0a0d09', 'hex') },
    ]);
    // the schema after the data: sequences, trigger, view, index
    const objects = await pgQuery<{ seq: string; trig: string; view: string; idx: string }>(
      db.url,
      `SELECT nextval('customers_id_seq')::text AS seq,
              (SELECT tgname FROM pg_trigger WHERE tgname = 'customers_touch') AS trig,
              (SELECT viewname FROM pg_views WHERE viewname = 'big_orders') AS view,
              (SELECT indexname FROM pg_indexes WHERE indexname = 'orders_customer_idx') AS idx`,
    );
    expect(objects).toEqual([{ seq: '208', trig: 'customers_touch', view: 'big_orders', idx: 'orders_customer_idx' }]);
  });

  test('pg_dump --rows-per-insert output (multi-row INSERTs, multi-line strings) loads exactly', async () => {
    const db = await pgDatabase();
    await loadSeedFile(parseDatabaseTarget(db.url), fixture('pg-dump-inserts.sql'));
    expect(await countRows(parseDatabaseTarget(db.url))).toEqual(PG_ROWS);
    const rows = await pgQuery<{ note: string }>(
      db.url,
      "SELECT note FROM customers WHERE name IN ('Bob', 'Dörte Ünïcødé') ORDER BY id",
    );
    expect(rows.map((r) => r.note)).toEqual(['line1\nline2\r\nline3', '日本語テキスト 🎉 emoji']);
  });

  test('a dump failing part-way stops at the failing statement, naming its line', async () => {
    const file = await script(
      'pg-fail.sql',
      [
        '--',
        '-- fails on line 16: a duplicate key',
        '--',
        '',
        "SET client_encoding = 'UTF8';",
        'SET standard_conforming_strings = on;',
        '',
        'CREATE TABLE public.items (id integer PRIMARY KEY, label text);',
        '',
        'COPY public.items (id, label) FROM stdin;',
        '1\tone',
        '2\ttwo',
        '\\.',
        '',
        "INSERT INTO public.items VALUES (3, 'three');",
        "INSERT INTO public.items VALUES (1, 'duplicate');",
        "INSERT INTO public.items VALUES (4, 'never loaded');",
        '',
      ].join('\n'),
    );
    const db = await pgDatabase();
    const err = await seedError(loadSeedFile(parseDatabaseTarget(db.url), file));
    expect(err.file).toBe(file);
    expect(err.line).toBe(16);
    expect(err.message).toBe(
      `${file}:16: duplicate key value violates unique constraint "items_pkey" [23505]; statement: INSERT INTO public.items VALUES (1, 'duplicate');`,
    );
    expect(err.message).not.toContain('\n');
    expect((await pgQuery<{ n: string }>(db.url, 'SELECT count(*) AS n FROM items WHERE id = 4'))[0]?.n).toBe('0');
  });

  test('errors inside a batch name the right statement: syntax errors, errors without a position', async () => {
    const db = await pgDatabase();
    const syntax = await script(
      'pg-syntax.sql',
      'CREATE TABLE a (id int);\nINSERT INTO a VALUES (1);\nINSERT INTO a VALUES (2);\nINSERT INTO a VALUES (3) oops;\nINSERT INTO a VALUES (4);\n',
    );
    const e1 = await seedError(loadSeedFile(parseDatabaseTarget(db.url), syntax));
    expect([e1.line, e1.message]).toEqual([
      4,
      `${syntax}:4: syntax error at or near "oops" [42601]; statement: INSERT INTO a VALUES (3) oops;`,
    ]);
    const runtime = await script('pg-runtime.sql', "SELECT 1;\nSELECT 'ü';\nSELECT\n  1 / 0;\nSELECT 3;\n");
    const e2 = await seedError(loadSeedFile(parseDatabaseTarget(db.url), runtime));
    expect([e2.line, e2.message]).toEqual([3, `${runtime}:3: division by zero [22012]; statement: SELECT 1 / 0;`]);
    const unicode = await script('pg-unicode.sql', "SELECT '日本語';\nSELECT 'ü', no_such_column;\n");
    const e3 = await seedError(loadSeedFile(parseDatabaseTarget(db.url), unicode));
    expect(e3.line).toBe(2);
    expect(e3.message).toContain('column "no_such_column" does not exist');
  });

  test('bad COPY data names the data line in the file', async () => {
    const file = await script(
      'pg-copy-fail.sql',
      'CREATE TABLE public.nums (n integer NOT NULL);\nCOPY public.nums (n) FROM stdin;\n1\n2\nthree\n4\n\\.\n',
    );
    const db = await pgDatabase();
    const err = await seedError(loadSeedFile(parseDatabaseTarget(db.url), file));
    expect(err.line).toBe(5);
    expect(err.message).toMatch(
      /:5: invalid input syntax for type integer: "three" \[22P02\] \(COPY nums, line 3, column n: "three"\); statement: COPY public\.nums \(n\) FROM stdin;$/,
    );
  });

  test('COPY into a table that does not exist fails on the COPY line', async () => {
    const file = await script('pg-copy-missing.sql', '\nCOPY public.missing (n) FROM stdin;\n1\n\\.\n');
    const db = await pgDatabase();
    const err = await seedError(loadSeedFile(parseDatabaseTarget(db.url), file));
    expect(err.line).toBe(2);
    expect(err.message).toContain('relation "public.missing" does not exist');
  });

  test('a custom-format archive is refused with the way to load it', async () => {
    const file = await script('archive.dump', Buffer.concat([Buffer.from('PGDMP'), Buffer.alloc(100, 1)]));
    const db = await pgDatabase();
    const err = await seedError(loadSeedFile(parseDatabaseTarget(db.url), file));
    expect(err.message).toContain('custom-format archive');
    expect(err.message).toContain('pg_restore');
  });
});

describe('MySQL dumps', () => {
  const MYSQL_ROWS = { audit: 206, customers: 206, empty_table: 0, 'odd name; here': 2, orders: 500 };

  test.each(['mysql-dump.sql', 'mysql-dump.sql.gz'])(
    '%s (mariadb-dump, multi-row INSERTs, triggers, routines) loads exactly',
    async (name) => {
      const db = await mysqlDatabase();
      const notes: string[] = [];
      const result = await loadSeedFile(parseDatabaseTarget(db.url), fixture(name), { onNote: (m) => notes.push(m) });
      expect(result).toEqual({
        file: fixture(name),
        bytes: (await stat(fixture(name))).size,
        sha256: sha256(fixture(name)),
        statements: expect.any(Number),
        ms: expect.any(Number),
      });
      expect(notes).toEqual([
        expect.stringMatching(/:1: skipped client command \/\*M!999999\\- enable the sandbox mode \*\/$/),
      ]);
      expect(await countRows(parseDatabaseTarget(db.url))).toEqual(MYSQL_ROWS);
      const customers = await myQuery(db.url, 'SELECT name, note FROM customers WHERE id <= 6 ORDER BY id');
      expect(customers.map((r) => [r['name'], r['note']])).toEqual([
        ['Alice', 'tab\there'],
        ['Bob', 'line1\nline2\r\nline3'],
        ['Carol', 'back\\slash and \\N literal'],
        ['Dörte Ünïcødé', '日本語テキスト 🎉 emoji'],
        ['Eve', null],
        ['Grace', 'quote \' and "double" and ; semicolon -- not a comment # nor this'],
      ]);
      // BLOBs are written as raw bytes (not UTF-8) by mysqldump: they must arrive unchanged
      const blobs = await myQuery(
        db.url,
        "SELECT COUNT(*) AS n FROM orders WHERE payload = UNHEX('00FF5C0A0D09E9275C22')",
      );
      expect(Number(blobs[0]?.['n'])).toBe(500);
      const routines = await myQuery(
        db.url,
        "SELECT (SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND TRIGGER_NAME = 'customers_ai') AS t, (SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() AND ROUTINE_NAME = 'count_customers') AS r",
      );
      expect([Number(routines[0]?.['t']), Number(routines[0]?.['r'])]).toEqual([1, 1]);
    },
  );

  test('a dump failing part-way stops at the failing statement, naming its line', async () => {
    const file = await script(
      'mysql-fail.sql',
      [
        '-- fails on line 6',
        'CREATE TABLE items (id int PRIMARY KEY, label varchar(20));',
        "INSERT INTO items VALUES (1,'one'),(2,'two');",
        '',
        "INSERT INTO items VALUES (3,'three');",
        "INSERT INTO items VALUES (1,'dup');",
        "INSERT INTO items VALUES (4,'never');",
      ].join('\n'),
    );
    const db = await mysqlDatabase();
    const err = await seedError(loadSeedFile(parseDatabaseTarget(db.url), file));
    expect(err.line).toBe(6);
    expect(err.message).toBe(
      `${file}:6: Duplicate entry '1' for key 'PRIMARY' [1062 ER_DUP_ENTRY]; statement: INSERT INTO items VALUES (1,'dup')`,
    );
    // statements before the failing one ran (each on its own, as the mysql client runs them)
    expect(await countRows(parseDatabaseTarget(db.url))).toEqual({ items: 3 });
  });

  test('syntax errors and errors in DELIMITER blocks name their line; unicode in messages survives', async () => {
    const db = await mysqlDatabase();
    const syntax = await script('mysql-syntax.sql', 'SELECT 1;\nSELECT 2;\nSELEC 3;\nSELECT 4;\n');
    const e1 = await seedError(loadSeedFile(parseDatabaseTarget(db.url), syntax));
    expect(e1.line).toBe(3);
    expect(e1.message).toMatch(
      /mysql-syntax\.sql:3: You have an error in your SQL syntax.* \[1064 ER_PARSE_ERROR\]; statement: SELEC 3$/,
    );
    const block = await script(
      'mysql-block.sql',
      'SELECT 1;\nDELIMITER ;;\nCREATE PROCEDURE p() BEGIN\n  SELECT 1;\nEND;;\nCREATE PROCEDURE p() BEGIN SELECT 2; END;;\nDELIMITER ;\n',
    );
    const e2 = await seedError(loadSeedFile(parseDatabaseTarget(db.url), block));
    expect([e2.line, e2.message]).toEqual([
      6,
      `${block}:6: PROCEDURE p already exists [1304 ER_SP_ALREADY_EXISTS]; statement: CREATE PROCEDURE p() BEGIN SELECT 2; END`,
    ]);
    const unicode = await script(
      'mysql-unicode.sql',
      "CREATE TABLE u (v varchar(10) PRIMARY KEY);\nINSERT INTO u VALUES ('ü');\nINSERT INTO u VALUES ('ü');\n",
    );
    const e3 = await seedError(loadSeedFile(parseDatabaseTarget(db.url), unicode));
    expect(e3.line).toBe(3);
    expect(e3.message).toContain("Duplicate entry 'ü'");
  });
});

describe('bad input', () => {
  test.each([
    ['postgres', createPostgresDatabase],
    ['mysql', createMysqlDatabase],
  ] as const)('a missing seed file (%s)', async (_engine, create) => {
    const db = await create('seed');
    databases.push(db);
    const missing = path.join(tmp, 'no-such-dump.sql');
    const err = await seedError(loadSeedFile(parseDatabaseTarget(db.url), missing));
    expect([err.file, err.line, err.message]).toEqual([missing, null, `${missing}: seed file not found`]);
  });

  test('a directory, and a truncated .gz', async () => {
    const db = await pgDatabase();
    expect((await seedError(loadSeedFile(parseDatabaseTarget(db.url), tmp))).message).toBe(`${tmp}: not a file`);
    const gz = gzipSync(Buffer.from('SELECT 1;\n'.repeat(1000)));
    const truncated = await script('truncated.sql.gz', gz.subarray(0, gz.length - 10));
    expect((await seedError(loadSeedFile(parseDatabaseTarget(db.url), truncated))).message).toMatch(
      /truncated\.sql\.gz: cannot decompress seed file: unexpected end of file/,
    );
  });

  test('gzip is recognised by its magic bytes, not the extension', async () => {
    const db = await pgDatabase();
    const file = await script(
      'compressed-without-extension.sql',
      gzipSync(Buffer.from('CREATE TABLE g (id int);\nINSERT INTO g VALUES (1), (2);\n')),
    );
    await loadSeedFile(parseDatabaseTarget(db.url), file);
    expect(await countRows(parseDatabaseTarget(db.url))).toEqual({ 'public.g': 2 });
  });
});

describe('runSeedCommand', () => {
  test('psql with the PG* variables and DATABASE_URL', async () => {
    const db = await pgDatabase();
    const command =
      'psql -X -q -v ON_ERROR_STOP=1 -c "CREATE TABLE from_env (id int); INSERT INTO from_env VALUES (1), (2)" && ' +
      'psql -X -q -v ON_ERROR_STOP=1 "$DATABASE_URL" -c "INSERT INTO from_env VALUES (3)" && test "$PGDATABASE" = "' +
      db.name +
      '" && test -f marker.txt';
    await writeFile(path.join(tmp, 'marker.txt'), '');
    const result = await runSeedCommand(parseDatabaseTarget(db.url), command, tmp);
    expect(result).toEqual({ command, ms: expect.any(Number), exitCode: 0 });
    expect(await countRows(parseDatabaseTarget(db.url))).toEqual({ 'public.from_env': 3 });
  });

  test('the mariadb client with the MYSQL_* variables', async () => {
    const db = await mysqlDatabase();
    const command =
      'mariadb -u "$MYSQL_USER" "$MYSQL_DATABASE" -e "CREATE TABLE from_env (id int); INSERT INTO from_env VALUES (1), (2)" && ' +
      'test "$MYSQL_DATABASE" = "' +
      db.name +
      '" && test -n "$DATABASE_URL"';
    const result = await runSeedCommand(parseDatabaseTarget(db.url), command, tmp);
    expect(result.exitCode).toBe(0);
    expect(await countRows(parseDatabaseTarget(db.url))).toEqual({ from_env: 2 });
  });

  test('a failing command: its exit code and the last 20 lines of its stderr', async () => {
    const db = await pgDatabase();
    const command = 'for i in $(seq 1 30); do echo "problem $i" >&2; done; echo "on stdout"; exit 3';
    const err = await seedError(runSeedCommand(parseDatabaseTarget(db.url), command, tmp));
    expect(err.line).toBeNull();
    expect(err.message).toBe(
      `seed command ${JSON.stringify(command)} exited with code 3; stderr (last 20 lines):\n` +
        Array.from({ length: 20 }, (_, i) => `problem ${i + 11}`).join('\n'),
    );
  });

  test('the password is never echoed: not from stderr, not from the command', async () => {
    const url = 'postgres://someone:s3cr%40t-pw@127.0.0.1:1/nowhere';
    const output: string[] = [];
    const command =
      'echo "using $PGPASSWORD and $DATABASE_URL" >&2; printf "s3cr"; sleep 0.1; echo "@t-pw"; exit 1 # s3cr@t-pw';
    const err = await seedError(
      runSeedCommand(parseDatabaseTarget(url), command, tmp, {
        onOutput: (text, stream) => output.push(`${stream}: ${text}`),
      }),
    );
    expect(err.message).not.toContain('s3cr@t-pw');
    expect(err.message).not.toContain('s3cr%40t-pw');
    expect(err.message).toContain('using *** and postgres://someone:***@127.0.0.1:1/nowhere');
    expect(err.message).toContain('exit 1 # ***');
    expect(output.sort()).toEqual([
      'stderr: using *** and postgres://someone:***@127.0.0.1:1/nowhere\n',
      'stdout: ***\n',
    ]);
  });

  test('a command that cannot run (exit 127) is an error too', async () => {
    const db = await pgDatabase();
    const err = await seedError(runSeedCommand(parseDatabaseTarget(db.url), 'definitely-not-a-command-xyz', tmp));
    expect(err.message).toMatch(
      /exited with code 127; stderr \(last 1 lines\):\n.*definitely-not-a-command-xyz.*not found/,
    );
  });
});

describe('large dumps load with bounded memory', () => {
  const MB = 1024 * 1024;

  async function generate(
    file: string,
    bytes: number,
    write: (i: number) => string,
    head: string,
    tail: string,
  ): Promise<number> {
    const out = createWriteStream(file);
    out.write(head);
    let written = head.length;
    let lines = 0;
    let buffer: string[] = [];
    let size = 0;
    for (let i = 1; written < bytes; i++) {
      const line = write(i);
      buffer.push(line);
      size += line.length;
      written += line.length;
      lines++;
      if (size > MB) {
        if (!out.write(buffer.join(''))) await new Promise<void>((r) => out.once('drain', () => r()));
        buffer = [];
        size = 0;
      }
    }
    out.write(buffer.join('') + tail);
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    return lines;
  }

  /**
   * Loads the file in a fresh node process (the loader bundled from the source) that samples its
   * RSS every 5 ms; returns the peak growth over its RSS before the load. A fresh process keeps
   * the figure free of what earlier tests left in this one.
   */
  async function loadMeasuring(url: string, file: string): Promise<number> {
    const bundle = path.join(root, 'node_modules/.cache/migration-test-tests/seed.mjs');
    await build({
      entryPoints: [path.join(root, 'src/data/seed/index.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outfile: bundle,
      logLevel: 'warning',
    });
    const probe = [
      `const { loadSeedFile } = await import(${JSON.stringify(pathToFileURL(bundle).href)});`,
      'const before = process.memoryUsage().rss;',
      'let peak = before;',
      'const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 5);',
      'await loadSeedFile(JSON.parse(process.argv[1]), process.argv[2]);',
      'clearInterval(timer);',
      'peak = Math.max(peak, process.memoryUsage().rss);',
      'process.stdout.write(JSON.stringify({ before, peak }));',
    ].join('\n');
    const { stdout } = await execFileAsync(
      process.execPath,
      ['--input-type=module', '-e', probe, JSON.stringify(parseDatabaseTarget(url)), file],
      { maxBuffer: 1 << 20 },
    );
    const { before, peak } = JSON.parse(stdout) as { before: number; peak: number };
    return peak - before;
  }

  test('a 100 MB pg_dump (COPY) file', async () => {
    const file = path.join(tmp, 'large-pg.sql');
    const rows = await generate(
      file,
      100 * MB,
      (i) => `${i}\tcustomer ${i}\tuser${i}@example.com\tsome note with a \\t tab and \\\\ backslash, row ${i}\n`,
      "SET client_encoding = 'UTF8';\nCREATE TABLE public.big (id bigint, name text, email text, note text);\nCOPY public.big (id, name, email, note) FROM stdin;\n",
      '\\.\n\nALTER TABLE ONLY public.big ADD CONSTRAINT big_pkey PRIMARY KEY (id);\n',
    );
    const db = await pgDatabase();
    const size = (await stat(file)).size;
    const growth = await loadMeasuring(db.url, file);
    process.stdout.write(
      `[seed memory] PostgreSQL: ${(size / MB).toFixed(1)} MB dump, RSS growth ${(growth / MB).toFixed(1)} MB\n`,
    );
    expect(await countRows(parseDatabaseTarget(db.url))).toEqual({ 'public.big': rows });
    expect(growth).toBeLessThan(size / 2);
    await rm(file);
  });

  test('a 100 MB mysqldump (extended INSERTs) file', async () => {
    const file = path.join(tmp, 'large-mysql.sql');
    let rows = 0;
    await generate(
      file,
      100 * MB,
      (i) => {
        const values = Array.from(
          { length: 1000 },
          (_, k) => `(${(i - 1) * 1000 + k + 1},'customer ${k}','user${k}@example.com','it\\'s a note; row ${k}')`,
        );
        rows += values.length;
        return `INSERT INTO \`big\` VALUES ${values.join(',')};\n`;
      },
      '/*!40101 SET NAMES utf8mb4 */;\nCREATE TABLE `big` (`id` bigint PRIMARY KEY, `name` varchar(50), `email` varchar(50), `note` text);\nLOCK TABLES `big` WRITE;\n',
      'UNLOCK TABLES;\n',
    );
    const db = await mysqlDatabase();
    const size = (await stat(file)).size;
    const growth = await loadMeasuring(db.url, file);
    process.stdout.write(
      `[seed memory] MySQL: ${(size / MB).toFixed(1)} MB dump, RSS growth ${(growth / MB).toFixed(1)} MB\n`,
    );
    expect(await countRows(parseDatabaseTarget(db.url))).toEqual({ big: rows });
    expect(growth).toBeLessThan(size / 2);
    await rm(file);
  });
});
