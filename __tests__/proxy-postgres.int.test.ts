// The PostgreSQL recording proxy between a real client (node-postgres) and a real server.
import net from 'node:net';
import pg from 'pg';
import { type RecordedStatement, PostgresRecordingProxy, rowsOfCommandTag } from '../src/proxy/postgres/proxy.js';
import { createPostgresDatabase, type TestDatabase } from './helpers/databases.js';

let db: TestDatabase;
let proxy: PostgresRecordingProxy;
let recorded: RecordedStatement[];
let hold: ((sql: string) => Promise<void> | void) | null;

beforeEach(async () => {
  db = await createPostgresDatabase('mt_proxy');
  recorded = [];
  hold = null;
  const url = new URL(db.url);
  proxy = await PostgresRecordingProxy.start(
    { host: url.hostname, port: Number(url.port || 5432) },
    {
      beforeStatement: (s) => hold?.(s.sql),
      onStatement: (s) => recorded.push(s),
    },
  );
});
afterEach(async () => {
  await proxy.close();
  await db.drop();
});

/** The test database's URL, pointing at the proxy. */
function viaProxy(): string {
  const url = new URL(db.url);
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  return url.toString();
}

async function withClient<T>(url: string, work: (c: pg.Client) => Promise<T>, ssl = false): Promise<T> {
  const c = new pg.Client({ connectionString: url, ...(ssl ? { ssl: { rejectUnauthorized: false } } : {}) });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

test('command tags give the rows', () => {
  expect(rowsOfCommandTag('INSERT 0 5')).toBe(5);
  expect(rowsOfCommandTag('UPDATE 3')).toBe(3);
  expect(rowsOfCommandTag('SELECT 10')).toBe(10);
  expect(rowsOfCommandTag('CREATE TABLE')).toBeNull();
});

test('simple and extended queries are forwarded unchanged and recorded with rows, parameters and errors', async () => {
  const results = await withClient(viaProxy(), async (c) => {
    await c.query(
      'CREATE TABLE t (id int primary key, v text); INSERT INTO t SELECT g, g::text FROM generate_series(1, 1000) g',
    );
    const updated = await c.query('UPDATE t SET v = $1 WHERE id <= $2', ['x', 250]);
    const selected = await c.query<{ n: string }>('SELECT count(*) AS n FROM t WHERE v = $1', ['x']);
    const failed = await c.query('INSERT INTO t VALUES (1, $1)', ['dup']).catch((e: Error & { code?: string }) => e);
    const after = await c.query('SELECT 1 AS one');
    return { updated: updated.rowCount, count: selected.rows[0]?.n, failed, one: after.rows[0] };
  });
  expect(results.updated).toBe(250);
  expect(results.count).toBe('250');
  expect((results.failed as { code?: string }).code).toBe('23505');
  expect(results.one).toEqual({ one: 1 });

  const mine = recorded.filter((s) => !/^SET |^SHOW /i.test(s.sql));
  expect(mine.map((s) => [s.protocol, s.sql, s.rows, s.error?.code ?? null])).toEqual([
    [
      'simple',
      'CREATE TABLE t (id int primary key, v text); INSERT INTO t SELECT g, g::text FROM generate_series(1, 1000) g',
      1000,
      null,
    ],
    ['extended', 'UPDATE t SET v = $1 WHERE id <= $2', 250, null],
    ['extended', 'SELECT count(*) AS n FROM t WHERE v = $1', 1, null],
    ['extended', 'INSERT INTO t VALUES (1, $1)', null, '23505'],
    ['simple', 'SELECT 1 AS one', 1, null],
  ]);
  expect(mine[0]!.commands).toEqual(['CREATE TABLE', 'INSERT 0 1000']);
  expect(mine[1]!.params).toEqual(['x', '250']);
  expect(mine[3]!.error?.detail).toMatch(/Key \(id\)=\(1\) already exists/);
  expect(mine.every((s) => s.durationMs >= 0)).toBe(true);
  expect(proxy.unreadableConnections).toBe(0);
});

test('a held statement reaches the server only when the hold settles', async () => {
  await withClient(viaProxy(), (c) => c.query('CREATE TABLE marks (n int)'));
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let seen = false;
  hold = (sql) => {
    if (!/INSERT INTO marks/.test(sql)) return;
    seen = true;
    return released;
  };
  const inserting = withClient(viaProxy(), (c) => c.query('INSERT INTO marks VALUES (1)'));
  while (!seen) await new Promise((r) => setTimeout(r, 10));
  const before = await withClient(db.url, (c) => c.query<{ n: string }>('SELECT count(*) AS n FROM marks'));
  expect(before.rows[0]?.n).toBe('0');
  release();
  await inserting;
  const after = await withClient(db.url, (c) => c.query<{ n: string }>('SELECT count(*) AS n FROM marks'));
  expect(after.rows[0]?.n).toBe('1');
});

test('TLS is refused to the client, as by a server without it', async () => {
  await expect(withClient(viaProxy(), (c) => c.query('SELECT 1'), true)).rejects.toThrow(/does not support SSL/);
});

test('several connections at once are recorded apart', async () => {
  await Promise.all([1, 2, 3].map((i) => withClient(viaProxy(), (c) => c.query(`SELECT ${i} AS n, pg_sleep(0.05)`))));
  const mine = recorded.filter((s) => /pg_sleep/.test(s.sql));
  expect(new Set(mine.map((s) => s.connection)).size).toBe(3);
  expect(mine.map((s) => s.rows)).toEqual([1, 1, 1]);
});

test('bytes it cannot read are forwarded as they came, and the connection is counted as not measured', async () => {
  // A typed message whose length is out of range once the startup is done: the server answers it, not the proxy.
  const url = new URL(db.url);
  const socket = net.connect(proxy.port, '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  const params = Buffer.from(`user\0${decodeURIComponent(url.username) || 'postgres'}\0database\0${db.name}\0\0`);
  const startup = Buffer.alloc(8);
  startup.writeInt32BE(8 + params.length, 0);
  startup.writeInt32BE(196608, 4);
  socket.write(Buffer.concat([startup, params]));
  const answered = new Promise<Buffer>((resolve) => {
    let got = Buffer.alloc(0);
    socket.on('data', (d: Buffer) => {
      got = Buffer.concat([got, d]);
      // ReadyForQuery ends the startup (trust authentication) or an authentication request comes.
      if (got.includes(Buffer.from('Z\0\0\0\x05I')) || got[0] === 0x52) resolve(got);
    });
  });
  await answered;
  const bogus = Buffer.from([0x51, 0x7f, 0xff, 0xff, 0xff]);
  socket.write(bogus);
  await new Promise((r) => socket.once('close', r));
  expect(proxy.unreadableConnections).toBe(1);
});
