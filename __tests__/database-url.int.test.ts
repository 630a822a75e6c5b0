/**
 * Connection URLs against real servers this file starts: a PostgreSQL and a MariaDB (or MySQL)
 * without TLS, and one of each with a self-signed certificate made here with openssl, reached
 * over TCP and over their Unix sockets. TLS asked for is never given up for plaintext; a
 * certificate is checked exactly as the mode says. Parsing alone: database-url.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import mysql from 'mysql2/promise';
import type { RowDataPacket } from 'mysql2/promise';
import { connectWithRetry } from '../src/engines/connect.js';
import { ConnectionError } from '../src/util/errors.js';
import { mysqlConnectionOptions } from '../src/engines/mysql/connection.js';
import { openEngine } from '../src/engines/open-engine.js';
import { pgClientConfig } from '../src/engines/postgres/connection.js';
import { parseDatabaseTarget } from '../src/engines/target.js';
import { startEmbeddedPostgres, startMysqlFromPath, type OwnServer } from './helpers/servers.js';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

interface Certificates {
  dir: string;
  /** Self-signed, for the name localhost only (not 127.0.0.1); the server's certificate and its own CA. */
  server: string;
  serverKey: string;
  /** Another self-signed CA, which signed nothing the servers show. */
  other: string;
  /** A client certificate (CN=mt_client) and the CA that signed it, which the servers trust for clients. */
  clientCa: string;
  client: string;
  clientKey: string;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function makeCertificates(): Certificates {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mt-test-pg-certs-'));
  openssl(dir, [
    'req',
    '-x509',
    ...EC_KEY,
    '-keyout',
    'server.key',
    '-out',
    'server.pem',
    '-days',
    '2',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=DNS:localhost',
  ]);
  openssl(dir, [
    'req',
    '-x509',
    ...EC_KEY,
    '-keyout',
    'other.key',
    '-out',
    'other.pem',
    '-days',
    '2',
    '-subj',
    '/CN=mt-other-ca',
  ]);
  openssl(dir, [
    'req',
    '-x509',
    ...EC_KEY,
    '-keyout',
    'client-ca.key',
    '-out',
    'client-ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=mt-client-ca',
  ]);
  openssl(dir, ['req', ...EC_KEY, '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/CN=mt_client']);
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    'client.csr',
    '-CA',
    'client-ca.pem',
    '-CAkey',
    'client-ca.key',
    '-CAcreateserial',
    '-out',
    'client.pem',
    '-days',
    '2',
  ]);
  for (const name of readdirSync(dir)) chmodSync(path.join(dir, name), 0o600);
  // The directory also holds the PostgreSQL socket. As root the embedded server runs as the
  // user postgres, which must own its key (PostgreSQL refuses a key others can read).
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    for (const name of ['', ...readdirSync(dir)]) chownSync(path.join(dir, name), uid, gid);
  }
  const file = (name: string) => path.join(dir, name);
  return {
    dir,
    server: file('server.pem'),
    serverKey: file('server.key'),
    other: file('other.pem'),
    clientCa: file('client-ca.pem'),
    client: file('client.pem'),
    clientKey: file('client.key'),
  };
}

let certs: Certificates;
let pgPlain: OwnServer;
let pgTls: OwnServer;
let myPlain: OwnServer;
let myTls: OwnServer;

beforeAll(async () => {
  certs = makeCertificates();
  const started = await Promise.allSettled([
    startEmbeddedPostgres(),
    startEmbeddedPostgres({
      settings: {
        ssl: 'on',
        ssl_cert_file: certs.server,
        ssl_key_file: certs.serverKey,
        ssl_ca_file: certs.clientCa,
        unix_socket_directories: certs.dir,
      },
    }),
    startMysqlFromPath({ serverArgs: ['--skip-ssl'] }),
    startMysqlFromPath({
      serverArgs: [`--ssl-cert=${certs.server}`, `--ssl-key=${certs.serverKey}`, `--ssl-ca=${certs.clientCa}`],
    }),
  ]);
  const servers = started.map((s) => (s.status === 'fulfilled' ? s.value : null));
  [pgPlain, pgTls, myPlain, myTls] = servers as [OwnServer, OwnServer, OwnServer, OwnServer];
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
}, 180_000);

afterAll(async () => {
  await Promise.all([pgPlain, pgTls, myPlain, myTls].map((s) => s?.stop()));
  if (certs) rmSync(certs.dir, { recursive: true, force: true });
}, 60_000);

/** The server's URL with a database, host and query; the password kept. */
function urlOf(
  server: OwnServer,
  database: string,
  { host, query = '' }: { host?: string; query?: string } = {},
): string {
  const u = new URL(server.url);
  u.pathname = `/${database}`;
  if (host !== undefined) u.hostname = host;
  return `${u.toString()}${query}`;
}

/** Connects as the engines do (parsed URL, driver options, retry policy) and reads what the session says. */
async function pgSession(url: string): Promise<{ ssl: boolean; clientDn: string | null; clientAddr: string | null }> {
  const target = parseDatabaseTarget(url);
  const client = await connectWithRetry(
    target,
    async () => {
      const c = new pg.Client(pgClientConfig(target, { applicationName: 'mt-url-test' }));
      c.on('error', () => undefined);
      try {
        await c.connect();
      } catch (err) {
        await c.end().catch(() => undefined);
        throw err;
      }
      return c;
    },
    { timeoutSec: 5 },
  );
  try {
    const { rows } = await client.query<{ ssl: boolean | null; client_dn: string | null; addr: string | null }>(
      'SELECT s.ssl, s.client_dn, inet_client_addr()::text AS addr FROM pg_stat_ssl s WHERE s.pid = pg_backend_pid()',
    );
    return { ssl: rows[0]?.ssl === true, clientDn: rows[0]?.client_dn ?? null, clientAddr: rows[0]?.addr ?? null };
  } finally {
    await client.end();
  }
}

async function mysqlSession(url: string): Promise<{ cipher: string; host: string }> {
  const target = parseDatabaseTarget(url);
  const conn = await connectWithRetry(target, () => mysql.createConnection(mysqlConnectionOptions(target)), {
    timeoutSec: 5,
  });
  try {
    const [status] = await conn.query<RowDataPacket[]>("SHOW SESSION STATUS LIKE 'Ssl_cipher'");
    const [me] = await conn.query<RowDataPacket[]>(
      'SELECT host FROM information_schema.processlist WHERE id = CONNECTION_ID()',
    );
    return { cipher: String(status[0]?.['Value'] ?? ''), host: String(me[0]?.['host'] ?? '') };
  } finally {
    await conn.end();
  }
}

describe('PostgreSQL', () => {
  test('a server without TLS: every mode that asks for TLS fails, naming the mode; none falls back to plaintext', async () => {
    expect((await pgSession(urlOf(pgPlain, 'postgres'))).ssl).toBe(false);
    expect((await pgSession(urlOf(pgPlain, 'postgres', { query: '?sslmode=disable' }))).ssl).toBe(false);
    await expect(pgSession(urlOf(pgPlain, 'postgres', { query: '?sslmode=require' }))).rejects.toThrow(
      /^cannot connect to 127\.0\.0\.1:\d+: The server does not support SSL connections \(sslmode=require requires TLS; the server offers none\)$/,
    );
    await expect(
      pgSession(urlOf(pgPlain, 'postgres', { query: `?sslmode=verify-ca&sslrootcert=${certs.server}` })),
    ).rejects.toThrow(/does not support SSL/);
    await expect(pgSession(urlOf(pgPlain, 'postgres', { query: '?sslmode=verify-full' }))).rejects.toThrow(
      /does not support SSL/,
    );
  });

  test('the engine refuses too: sslmode=require on a server without TLS is a connection error, at once', async () => {
    // "At once": with a connect timeout far past jest's, an engine that retried would fail the
    // test by timing out; no wall-time bound that a loaded machine could break.
    const target = parseDatabaseTarget(urlOf(pgPlain, 'postgres', { query: '?sslmode=require' }));
    const error = await openEngine({ target, connectTimeoutSec: 3600, statementTimeoutSec: null }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/sslmode=require requires TLS; the server offers none/);
  });

  test('a self-signed server: require encrypts without checking; disable and no sslmode do not encrypt', async () => {
    expect(await pgSession(urlOf(pgTls, 'postgres', { query: '?sslmode=require' }))).toMatchObject({ ssl: true });
    expect((await pgSession(urlOf(pgTls, 'postgres', { query: '?sslmode=disable' }))).ssl).toBe(false);
    expect((await pgSession(urlOf(pgTls, 'postgres'))).ssl).toBe(false);
  });

  test('verify-ca checks the chain but not the name; verify-full checks both; require with a root certificate checks the chain', async () => {
    const at = (host: string, query: string) => urlOf(pgTls, 'postgres', { host, query });
    // the certificate names localhost, not 127.0.0.1
    expect((await pgSession(at('127.0.0.1', `?sslmode=verify-ca&sslrootcert=${certs.server}`))).ssl).toBe(true);
    expect((await pgSession(at('localhost', `?sslmode=verify-full&sslrootcert=${certs.server}`))).ssl).toBe(true);
    await expect(pgSession(at('127.0.0.1', `?sslmode=verify-full&sslrootcert=${certs.server}`))).rejects.toThrow(
      /^cannot connect to 127\.0\.0\.1:\d+: .*IP: 127\.0\.0\.1 is not in the cert's list.* \(sslmode=verify-full: the server's certificate must be signed by the CA file given and name the host\)$/,
    );
    await expect(pgSession(at('127.0.0.1', `?sslmode=verify-ca&sslrootcert=${certs.other}`))).rejects.toThrow(
      /self-signed certificate.*\(sslmode=verify-ca: /,
    );
    await expect(pgSession(at('127.0.0.1', `?sslmode=require&sslrootcert=${certs.other}`))).rejects.toThrow(
      /self-signed certificate/,
    );
    expect((await pgSession(at('127.0.0.1', `?sslmode=require&sslrootcert=${certs.server}`))).ssl).toBe(true);
    // without sslrootcert: Node's CA list, which does not hold a self-signed certificate
    await expect(pgSession(at('localhost', '?sslmode=verify-full'))).rejects.toThrow(
      /self-signed certificate.*Node's bundled list/,
    );
    await expect(pgSession(at('localhost', '?sslrootcert=system'))).rejects.toThrow(
      /self-signed certificate.*\(sslrootcert=system: /,
    );
  });

  test('sslcert and sslkey present the client certificate', async () => {
    const query = `?sslmode=verify-full&sslrootcert=${certs.server}&sslcert=${certs.client}&sslkey=${certs.clientKey}`;
    expect(await pgSession(urlOf(pgTls, 'postgres', { host: 'localhost', query }))).toMatchObject({
      ssl: true,
      clientDn: '/CN=mt_client',
    });
    expect(
      (await pgSession(urlOf(pgTls, 'postgres', { host: 'localhost', query: '?sslmode=require' }))).clientDn,
    ).toBeNull();
  });

  test('the Unix socket: host=<directory>, a percent-encoded directory as the host, and the engine over it', async () => {
    const socketDir = certs.dir;
    const { password, port } = new URL(pgTls.url);
    const viaParam = `postgres://postgres:${password}@/postgres`;
    const url = `${viaParam}?host=${socketDir}&port=${port}`;
    expect(await pgSession(url)).toEqual({ ssl: false, clientDn: null, clientAddr: null });
    const encoded = urlOf(pgTls, 'postgres').replace(
      /@127\.0\.0\.1:(\d+)\//,
      (_m, port: string) => `@${encodeURIComponent(socketDir)}:${port}/`,
    );
    expect((await pgSession(encoded)).clientAddr).toBeNull();
    const target = parseDatabaseTarget(url);
    expect(target.socketPath).toBe(path.join(socketDir, `.s.PGSQL.${target.port}`));
    const opened = await openEngine({ target, connectTimeoutSec: 5, statementTimeoutSec: null });
    await opened.dispose();
    // a socket where there is none: the message names it
    await expect(pgSession(`${viaParam}?host=/nonexistent&port=${port}`)).rejects.toThrow(
      /^cannot connect to socket \/nonexistent\/\.s\.PGSQL\.\d+: .*ENOENT/,
    );
  });

  test('?port= and ?host= win over the authority, as in libpq', async () => {
    const port = new URL(pgPlain.url).port;
    const u = new URL(pgPlain.url);
    u.host = 'nowhere.invalid:1';
    u.pathname = '/postgres';
    expect((await pgSession(`${u.toString()}?host=127.0.0.1&port=${port}`)).clientAddr).toBe('127.0.0.1/32');
  });
});

describe('MariaDB / MySQL', () => {
  test('a server without TLS: every mode that asks for TLS fails, naming the mode; none falls back to plaintext', async () => {
    expect((await mysqlSession(urlOf(myPlain, 'mysql'))).cipher).toBe('');
    expect((await mysqlSession(urlOf(myPlain, 'mysql', { query: '?ssl-mode=DISABLED' }))).cipher).toBe('');
    await expect(mysqlSession(urlOf(myPlain, 'mysql', { query: '?ssl-mode=REQUIRED' }))).rejects.toThrow(
      /^cannot connect to 127\.0\.0\.1:\d+: HANDSHAKE_NO_SSL_SUPPORT Server does not support secure connection \(ssl-mode=REQUIRED requires TLS; the server offers none\)$/,
    );
    await expect(
      mysqlSession(urlOf(myPlain, 'mysql', { query: `?ssl-mode=VERIFY_CA&ssl-ca=${certs.server}` })),
    ).rejects.toThrow(/HANDSHAKE_NO_SSL_SUPPORT/);
    await expect(
      mysqlSession(urlOf(myPlain, 'mysql', { host: 'localhost', query: '?sslmode=VERIFY_IDENTITY' })),
    ).rejects.toThrow(/HANDSHAKE_NO_SSL_SUPPORT/);
    await expect(mysqlSession(urlOf(myPlain, 'mysql', { host: 'localhost', query: '?ssl=true' }))).rejects.toThrow(
      /HANDSHAKE_NO_SSL_SUPPORT.*\(ssl=true requires TLS/,
    );
  });

  test('the engine refuses too: ssl-mode=REQUIRED on a server without TLS is a connection error, at once', async () => {
    // "At once": with a connect timeout far past jest's, an engine that retried would fail the
    // test by timing out; no wall-time bound that a loaded machine could break.
    const target = parseDatabaseTarget(urlOf(myPlain, 'mysql', { query: '?ssl-mode=REQUIRED' }));
    const error = await openEngine({ target, connectTimeoutSec: 3600, statementTimeoutSec: null }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/ssl-mode=REQUIRED requires TLS; the server offers none/);
  });

  test('a self-signed server: REQUIRED encrypts without checking; DISABLED and no mode do not encrypt', async () => {
    expect((await mysqlSession(urlOf(myTls, 'mysql', { query: '?ssl-mode=REQUIRED' }))).cipher).not.toBe('');
    expect((await mysqlSession(urlOf(myTls, 'mysql', { query: '?ssl-mode=DISABLED' }))).cipher).toBe('');
    expect((await mysqlSession(urlOf(myTls, 'mysql'))).cipher).toBe('');
  });

  test('VERIFY_CA checks the chain but not the name; VERIFY_IDENTITY checks both', async () => {
    const at = (host: string, query: string) => urlOf(myTls, 'mysql', { host, query });
    expect((await mysqlSession(at('127.0.0.1', `?ssl-mode=VERIFY_CA&ssl-ca=${certs.server}`))).cipher).not.toBe('');
    expect((await mysqlSession(at('127.0.0.1', `?ssl-ca=${certs.server}`))).cipher).not.toBe('');
    expect((await mysqlSession(at('localhost', `?ssl-mode=VERIFY_IDENTITY&ssl-ca=${certs.server}`))).cipher).not.toBe(
      '',
    );
    // mysql2 would check an address against "localhost" (which this certificate names): refused before connecting
    await expect(mysqlSession(at('127.0.0.1', `?ssl-mode=VERIFY_IDENTITY&ssl-ca=${certs.server}`))).rejects.toThrow(
      /ssl-mode=VERIFY_IDENTITY: mysql2 cannot check a certificate against an IP address/,
    );
    await expect(mysqlSession(at('127.0.0.1', `?ssl-mode=VERIFY_CA&ssl-ca=${certs.other}`))).rejects.toThrow(
      /self-signed certificate.*\(ssl-mode=VERIFY_CA: /,
    );
    await expect(mysqlSession(at('127.0.0.1', `?ssl-mode=REQUIRED&ssl-ca=${certs.other}`))).rejects.toThrow(
      /self-signed certificate/,
    );
    await expect(mysqlSession(at('localhost', '?ssl-mode=VERIFY_IDENTITY'))).rejects.toThrow(
      /self-signed certificate.*Node's bundled list/,
    );
    await expect(mysqlSession(at('localhost', '?ssl=true'))).rejects.toThrow(/self-signed certificate/);
  });

  test('ssl-cert and ssl-key present the client certificate', async () => {
    const admin = await mysql.createConnection(mysqlConnectionOptions(parseDatabaseTarget(urlOf(myTls, 'mysql'))));
    try {
      await admin.query("CREATE USER 'mt_client'@'%' REQUIRE X509");
      await admin.query("GRANT SELECT ON mysql.* TO 'mt_client'@'%'");
    } finally {
      await admin.end();
    }
    const u = new URL(urlOf(myTls, 'mysql'));
    u.username = 'mt_client';
    await expect(mysqlSession(`${u.toString()}?ssl-mode=REQUIRED`)).rejects.toThrow(
      /authentication failed for user "mt_client"/,
    );
    const withCert = `${u.toString()}?ssl-mode=VERIFY_CA&ssl-ca=${certs.server}&ssl-cert=${certs.client}&ssl-key=${certs.clientKey}`;
    expect((await mysqlSession(withCert)).cipher).not.toBe('');
  });

  test('the Unix socket: ?socket=, ?socketPath=, a percent-encoded path as the host, and the engine over it', async () => {
    const socket = path.join(myTls.baseDir, 'mysqld.sock');
    const base = new URL(urlOf(myTls, 'mysql'));
    base.host = 'localhost';
    expect(await mysqlSession(`${base.toString()}?socket=${socket}`)).toEqual({ cipher: '', host: 'localhost' });
    expect((await mysqlSession(`mysql://root@/mysql?socketPath=${socket}`)).host).toBe('localhost');
    expect((await mysqlSession(`mysql://root@${encodeURIComponent(socket)}/mysql`)).host).toBe('localhost');
    // over TCP the server sees the client's address and port
    expect((await mysqlSession(urlOf(myTls, 'mysql'))).host).toMatch(/:\d+$/);
    const target = parseDatabaseTarget(`mysql://root@/mysql?socket=${socket}`);
    const opened = await openEngine({ target, connectTimeoutSec: 5, statementTimeoutSec: null });
    await opened.dispose();
    await expect(mysqlSession('mysql://root@/mysql?socket=/nonexistent.sock')).rejects.toThrow(
      /^cannot connect to socket \/nonexistent\.sock: .*ENOENT/,
    );
  });

  test('?port= and ?host= win over the authority', async () => {
    const port = new URL(myPlain.url).port;
    expect((await mysqlSession(`mysql://root@nowhere.invalid:1/mysql?host=127.0.0.1&port=${port}`)).cipher).toBe('');
  });
});
