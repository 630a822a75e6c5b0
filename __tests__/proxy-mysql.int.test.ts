// The MySQL-protocol recording proxy between a real client (mysql2) and a real MariaDB/MySQL server.
import mysql from 'mysql2/promise';
import { MysqlRecordingProxy } from '../src/proxy/mysql/proxy.js';
import type { RecordedStatement } from '../src/proxy/recorded.js';
import { createMysqlDatabase, type TestDatabase } from './helpers/databases.js';

let db: TestDatabase;
let proxy: MysqlRecordingProxy;
let recorded: RecordedStatement[];
let hold: ((sql: string) => Promise<void> | void) | null;

beforeEach(async () => {
  db = await createMysqlDatabase('mt_proxy');
  recorded = [];
  hold = null;
  const url = new URL(db.url);
  proxy = await MysqlRecordingProxy.start(
    { host: url.hostname, port: Number(url.port || 3306) },
    { beforeStatement: (s) => hold?.(s.sql), onStatement: (s) => recorded.push(s) },
  );
});
afterEach(async () => {
  await proxy.close();
  await db.drop();
});

function viaProxy(): string {
  const url = new URL(db.url);
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  return url.toString();
}

async function withConnection<T>(work: (c: mysql.Connection) => Promise<T>, ssl = false): Promise<T> {
  const c = await mysql.createConnection({
    uri: viaProxy(),
    multipleStatements: true,
    ...(ssl ? { ssl: { rejectUnauthorized: false } } : {}),
  });
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

test('queries, multi-statement results and prepared statements are recorded with rows, parameters and errors', async () => {
  const out = await withConnection(async (c) => {
    await c.query(
      'CREATE TABLE t (id int primary key, v varchar(10)); INSERT INTO t WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 1000) SELECT n, n FROM s',
    );
    const [updated] = await c.execute('UPDATE t SET v = ? WHERE id <= ?', ['x', 250]);
    const [rows] = await c.execute('SELECT id FROM t WHERE v = ?', ['x']);
    const failed = await c.query('INSERT INTO t VALUES (1, "dup")').catch((e: { errno?: number }) => e);
    const [two] = await c.query('SELECT 1 AS a; SELECT 2 AS b');
    return { updated, rows, failed, two };
  });
  expect((out.updated as { affectedRows: number }).affectedRows).toBe(250);
  expect((out.rows as unknown[]).length).toBe(250);
  expect((out.failed as { errno?: number }).errno).toBe(1062);
  expect(out.two).toEqual([[{ a: 1 }], [{ b: 2 }]]);

  const mine = recorded.filter((s) => !/^\s*(SET|SELECT @@|SHOW)/i.test(s.sql));
  expect(mine.map((s) => [s.protocol, s.sql.slice(0, 30), s.rows, s.error?.code ?? null])).toEqual([
    ['simple', 'CREATE TABLE t (id int primary', 1000, null],
    ['extended', 'UPDATE t SET v = ? WHERE id <=', 250, null],
    ['extended', 'SELECT id FROM t WHERE v = ?', 250, null],
    ['simple', 'INSERT INTO t VALUES (1, "dup"', null, '1062'],
    ['simple', 'SELECT 1 AS a; SELECT 2 AS b', 2, null],
  ]);
  // One result per statement; the proxy does not cut the text, so each result carries the text's first verb.
  expect(mine[0]!.commands).toEqual(['CREATE 0', 'CREATE 1000']);
  expect(mine[1]!.params).toEqual(['x', '250']);
  expect(mine[3]!.error?.message).toMatch(/Duplicate entry/);
  expect(proxy.unreadableConnections).toBe(0);
});

test('a held statement reaches the server only when the hold settles', async () => {
  await withConnection((c) => c.query('CREATE TABLE marks (n int)'));
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let seen = false;
  hold = (sql) => {
    if (!/INSERT INTO marks/.test(sql)) return;
    seen = true;
    return released;
  };
  const inserting = withConnection((c) => c.query('INSERT INTO marks VALUES (1)'));
  while (!seen) await new Promise((r) => setTimeout(r, 10));
  const direct = await mysql.createConnection(db.url);
  try {
    const [before] = await direct.query('SELECT count(*) AS n FROM marks');
    expect((before as { n: number }[])[0]?.n).toBe(0);
    release();
    await inserting;
    const [after] = await direct.query('SELECT count(*) AS n FROM marks');
    expect((after as { n: number }[])[0]?.n).toBe(1);
  } finally {
    await direct.end();
  }
});

test('TLS is refused to the client, as by a server without it', async () => {
  await expect(withConnection((c) => c.query('SELECT 1'), true)).rejects.toThrow(/secure connection/i);
});

test('transactions: the status flags say whether the statement ran in one', async () => {
  await withConnection(async (c) => {
    await c.query('CREATE TABLE t2 (n int) ENGINE=InnoDB');
    await c.query('START TRANSACTION');
    await c.query('INSERT INTO t2 VALUES (1)');
    await c.query('COMMIT');
  });
  const states = recorded.filter((s) => /t2|TRANSACTION|COMMIT/.test(s.sql)).map((s) => [s.sql, s.inTransaction]);
  expect(states).toEqual([
    ['CREATE TABLE t2 (n int) ENGINE=InnoDB', false],
    ['START TRANSACTION', true],
    ['INSERT INTO t2 VALUES (1)', true],
    ['COMMIT', false],
  ]);
});
