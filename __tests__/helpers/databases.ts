/**
 * Fresh, empty databases for integration tests, on the servers global-setup.ts chose for the
 * run (PG_URL / MYSQL_URL, the local servers, or servers it started; see servers.ts).
 *
 *   const db = await createPostgresDatabase('runner');
 *   try { ... db.url ... } finally { await db.drop(); }
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import mysql from 'mysql2/promise';
import type { RowDataPacket } from 'mysql2/promise';
import { MYSQL_SERVER_ENV, PG_SERVER_ENV } from './servers.js';

export interface TestDatabase {
  url: string;
  engine: 'postgres' | 'mysql';
  name: string;
  /** Ends other connections to the database and drops it; safe to call twice. */
  drop(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 5000;
const MAX_NAME_LENGTH = 60;
const SUFFIX_LENGTH = 10;
const DEFAULT_PREFIX = 'mt_test';

function serverUrl(envName: string, label: string): string {
  const url = process.env[envName];
  if (url === undefined || url === '') {
    throw new Error(
      `${envName} is not set: the ${label} test server is chosen by jest's globalSetup ` +
        '(__tests__/helpers/global-setup.ts); run the tests through jest.config.js ' +
        '(NODE_OPTIONS=--experimental-vm-modules npx jest).',
    );
  }
  return url;
}

/** Server-level PostgreSQL URL (maintenance database, normally /postgres), with credentials. */
export function postgresServerUrl(): string {
  return serverUrl(PG_SERVER_ENV, 'PostgreSQL');
}

/** Server-level MySQL-protocol URL (no database path), with credentials. */
export function mysqlServerUrl(): string {
  return serverUrl(MYSQL_SERVER_ENV, 'MySQL');
}

/**
 * prefix (lower-cased, anything outside [a-z0-9_] turned into '_', starting with a letter) +
 * '_' + a random [a-z0-9] suffix; at most 60 characters.
 */
export function uniqueDatabaseName(prefix: string = DEFAULT_PREFIX): string {
  let clean = prefix
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (clean === '') clean = DEFAULT_PREFIX;
  if (!/^[a-z]/.test(clean)) clean = `db_${clean}`;
  clean = clean.slice(0, MAX_NAME_LENGTH - SUFFIX_LENGTH - 1);
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const suffix = Array.from(randomBytes(SUFFIX_LENGTH), (b) => alphabet[b % alphabet.length]).join('');
  return `${clean}_${suffix}`;
}

function assertSafeName(name: string): void {
  if (!/^[a-z][a-z0-9_]*$/.test(name) || name.length > MAX_NAME_LENGTH) {
    throw new Error(`unexpected database name ${JSON.stringify(name)}`);
  }
}

function withDatabase(server: string, name: string): string {
  const u = new URL(server);
  u.pathname = `/${name}`;
  return u.toString();
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let pending: Promise<void> | undefined;
  return () => {
    // A failed drop may be retried; a successful one is not repeated.
    pending ??= fn().catch((err: unknown) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
}

async function withPg<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function withMysql<T>(url: string, fn: (conn: mysql.Connection) => Promise<T>): Promise<T> {
  const conn = await mysql.createConnection({ uri: url, connectTimeout: CONNECT_TIMEOUT_MS });
  conn.on('error', () => undefined);
  try {
    return await fn(conn);
  } finally {
    await conn.end().catch(() => conn.destroy());
  }
}

/** A fresh, empty database (unique name: prefix + random suffix) on the PostgreSQL test server. url: postgres://user[:password]@host:port/name */
export async function createPostgresDatabase(prefix?: string): Promise<TestDatabase> {
  const server = postgresServerUrl();
  const name = uniqueDatabaseName(prefix);
  assertSafeName(name);
  await withPg(server, (client) => client.query(`CREATE DATABASE "${name}"`));
  const drop = once(() =>
    withPg(server, async (client) => {
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } catch (err) {
        // PostgreSQL < 13 has no WITH (FORCE): end the other sessions, then drop.
        if ((err as { code?: unknown }).code !== '42601') throw err;
        await client.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [name],
        );
        await client.query(`DROP DATABASE IF EXISTS "${name}"`);
      }
    }),
  );
  return { url: withDatabase(server, name), engine: 'postgres', name, drop };
}

/** A fresh, empty database on the MySQL-protocol test server. url: mysql://user[:password]@host:port/name */
export async function createMysqlDatabase(prefix?: string): Promise<TestDatabase> {
  const server = mysqlServerUrl();
  const name = uniqueDatabaseName(prefix);
  assertSafeName(name);
  await withMysql(server, (conn) => conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`));
  const drop = once(() =>
    withMysql(server, async (conn) => {
      const [rows] = await conn.query<RowDataPacket[]>(
        'SELECT ID AS id FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()',
        [name],
      );
      for (const row of rows) {
        // The session may have ended meanwhile.
        await conn.query('KILL ?', [Number(row['id'])]).catch(() => undefined);
      }
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
    }),
  );
  return { url: withDatabase(server, name), engine: 'mysql', name, drop };
}
