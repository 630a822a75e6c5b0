/**
 * Database URLs mean what they say: host, port and socket parameters, Unix sockets and every
 * TLS mode with its documented meaning; what cannot be honoured is refused in one line that
 * never repeats the password. Real connections: database-url.int.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedEnvironment } from '../src/data/seed/seed-command.js';
import { mysqlConnectionOptions } from '../src/engines/mysql/connection.js';
import { pgClientConfig } from '../src/engines/postgres/connection.js';
import { describeTarget, parseDatabaseTarget, type DatabaseTarget } from '../src/engines/target.js';

const PASSWORD = 'hunter2';
let dir = '';
let ca = '';
let cert = '';
let key = '';

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mt-url-'));
  [ca, cert, key] = ['ca.pem', 'client.pem', 'client.key'].map((name) => {
    const file = path.join(dir, name);
    writeFileSync(file, `-----BEGIN ${name}-----\n`);
    return file;
  }) as [string, string, string];
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The message of the UsageError the URL is refused with; it must never hold the password. */
function refusal(url: string): string {
  let message = '';
  try {
    parseDatabaseTarget(url);
  } catch (err) {
    message = (err as Error).message;
    expect((err as Error).name).toBe('UsageError');
  }
  expect(message).not.toBe('');
  expect(message).not.toContain(PASSWORD);
  expect(message).not.toContain('\n');
  return message;
}

const where = (t: DatabaseTarget) => ({
  host: t.host,
  port: t.port,
  socketPath: t.socketPath,
  user: t.user,
  database: t.database,
});

describe('PostgreSQL: hosts, ports and Unix sockets as libpq reads them (pg-connection-string)', () => {
  test.each([
    ['postgres://h/app', { host: 'h', port: 5432, socketPath: null, user: 'postgres', database: 'app' }],
    ['postgres:///app', { host: '127.0.0.1', port: 5432, socketPath: null, user: 'postgres', database: 'app' }],
    [
      'postgres://u@/app?host=/var/run/postgresql',
      {
        host: '/var/run/postgresql',
        port: 5432,
        socketPath: '/var/run/postgresql/.s.PGSQL.5432',
        user: 'u',
        database: 'app',
      },
    ],
    [
      'postgresql:///app?host=/tmp/pg&port=5433',
      { host: '/tmp/pg', port: 5433, socketPath: '/tmp/pg/.s.PGSQL.5433', user: 'postgres', database: 'app' },
    ],
    [
      'postgres://%2Fvar%2Frun%2Fpostgresql/app',
      {
        host: '/var/run/postgresql',
        port: 5432,
        socketPath: '/var/run/postgresql/.s.PGSQL.5432',
        user: 'postgres',
        database: 'app',
      },
    ],
    ['postgres://h:5432/app?port=6000', { host: 'h', port: 6000, socketPath: null, user: 'postgres', database: 'app' }],
    ['postgres://h/app?host=other', { host: 'other', port: 5432, socketPath: null, user: 'postgres', database: 'app' }],
    ['postgres://u:pw@[::1]:6543/app', { host: '::1', port: 6543, socketPath: null, user: 'u', database: 'app' }],
  ])('%s', (url, expected) => {
    expect(where(parseDatabaseTarget(url))).toEqual(expected);
  });

  test('user and password may be parameters; the password is still known (to be masked)', () => {
    expect(parseDatabaseTarget(`postgres://u@h/app?user=x&password=${PASSWORD}`)).toMatchObject({
      user: 'x',
      password: PASSWORD,
    });
  });

  test('messages name the socket or host:port', () => {
    expect(describeTarget(parseDatabaseTarget('postgres:///app?host=/run/pg'))).toBe('socket /run/pg/.s.PGSQL.5432');
    expect(describeTarget(parseDatabaseTarget('postgres://[::1]:6543/app'))).toBe('[::1]:6543');
  });
});

describe('PostgreSQL: sslmode with libpq meaning', () => {
  test.each([
    ['', { mode: 'disable', ca: null, source: '' }],
    ['?sslmode=disable', { mode: 'disable', ca: null, source: 'sslmode=disable' }],
    ['?sslmode=require', { mode: 'require', ca: null, source: 'sslmode=require' }],
    ['?sslmode=verify-full', { mode: 'verify-full', ca: null, source: 'sslmode=verify-full' }],
    ['?sslrootcert=system', { mode: 'verify-full', ca: null, source: 'sslrootcert=system' }],
    ['?sslmode=verify-full&sslrootcert=system', { mode: 'verify-full', ca: null }],
  ])('postgres://h/app%s', (query, expected) => {
    expect(parseDatabaseTarget(`postgres://h/app${query}`).tls).toMatchObject(expected);
  });

  test('certificate files are checked now and kept as absolute paths', () => {
    const relative = path.relative(process.cwd(), ca);
    const t = parseDatabaseTarget(
      `postgres://h/app?sslmode=verify-ca&sslrootcert=${relative}&sslcert=${cert}&sslkey=${key}`,
    );
    expect(t.tls).toEqual({ mode: 'verify-ca', ca, cert, key, source: 'sslmode=verify-ca' });
  });

  test('the driver options: require does not verify, unless a root certificate is given; verify-ca skips the host name', () => {
    const ssl = (query: string) =>
      pgClientConfig(parseDatabaseTarget(`postgres://h/app${query}`), { applicationName: 'x' }).ssl;
    // explicit false: node-postgres would otherwise take PGSSLMODE from the environment
    expect(ssl('')).toBe(false);
    expect(ssl('?sslmode=require')).toEqual({ rejectUnauthorized: false });
    const requireWithCa = ssl(`?sslmode=require&sslrootcert=${ca}`) as Record<string, unknown>;
    expect(requireWithCa).toMatchObject({ rejectUnauthorized: true, ca: '-----BEGIN ca.pem-----\n' });
    expect(requireWithCa['checkServerIdentity']).toEqual(expect.any(Function));
    const verifyCa = ssl(`?sslmode=verify-ca&sslrootcert=${ca}`) as Record<string, unknown>;
    expect(verifyCa['rejectUnauthorized']).toBe(true);
    expect((verifyCa['checkServerIdentity'] as () => unknown)()).toBeUndefined();
    expect(ssl(`?sslmode=verify-full&sslrootcert=${ca}&sslcert=${cert}&sslkey=${key}`)).toEqual({
      rejectUnauthorized: true,
      ca: '-----BEGIN ca.pem-----\n',
      cert: '-----BEGIN client.pem-----\n',
      key: '-----BEGIN client.key-----\n',
    });
  });
});

describe('PostgreSQL: what cannot be honoured is refused', () => {
  test.each([
    [
      '?sslmode=prefer',
      /^--database-url: sslmode=prefer is not supported: node-postgres cannot fall back between TLS and plaintext; use sslmode=require \(encrypted\) or sslmode=disable$/,
    ],
    ['?sslmode=allow', /sslmode=allow is not supported/],
    ['?sslmode=REQUIRE', /^--database-url: sslmode: invalid value; allowed: disable, require, verify-ca, verify-full$/],
    ['?sslmode=no-verify', /sslmode: invalid value/],
    [
      '?sslmode=verify-ca',
      /^--database-url: sslmode=verify-ca needs sslrootcert=FILE, the CA that signed the server's certificate$/,
    ],
    ['?sslmode=require&sslrootcert=system', /^--database-url: sslrootcert=system needs sslmode=verify-full$/],
    [
      '?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem',
      /^--database-url: sslrootcert: cannot read \/nonexistent\/ca\.pem \(ENOENT\)$/,
    ],
    ['?sslmode=verify-full&sslrootcert=/tmp', /sslrootcert: cannot read \/tmp \(not a regular file\)/],
    ['?sslmode=require&sslcert={cert}', /^--database-url: sslcert and sslkey go together/],
    [
      '?sslrootcert={ca}',
      /^--database-url: sslrootcert: not used without TLS \(no TLS mode given\); give a TLS mode or remove it$/,
    ],
    ['?sslmode=disable&sslcert={cert}&sslkey={key}', /sslcert, sslkey: not used without TLS \(sslmode=disable\)/],
    [
      '?host=/var/run/postgresql&sslmode=require',
      /^--database-url: sslmode=require: TLS is not used over a Unix socket \(\/var\/run\/postgresql\/\.s\.PGSQL\.5432\); connect over TCP or remove the TLS mode$/,
    ],
    [
      '?application_name=x',
      /^--database-url: unsupported parameter "application_name"; supported: host, port, user, password, sslmode, sslrootcert, sslcert, sslkey$/,
    ],
    ['?ssl=true', /unsupported parameter "ssl"/],
    ['?uselibpqcompat=true&sslmode=require', /unsupported parameter "uselibpqcompat"/],
    ['?host=a&host=b', /^--database-url: parameter "host" given more than once$/],
    ['?port=abc', /^--database-url: port: expected a number from 1 to 65535$/],
    ['?port=0', /port: expected a number/],
    ['?port=70000', /port: expected a number/],
    ['?host=a,b', /^--database-url: host: one host only/],
  ])(`postgres://u:${PASSWORD}@h/app%s`, (query, expected) => {
    const url = `postgres://u:${PASSWORD}@h/app${query.replace('{cert}', cert).replace('{key}', key).replace('{ca}', ca)}`;
    expect(refusal(url)).toMatch(expected);
  });

  test('the existing messages stay', () => {
    expect(refusal(`postgres://u:${PASSWORD}@h:99999/app`)).toMatch(
      /^--database-url: not a URL; expected postgres:\/\//,
    );
    expect(refusal(`postgres://u:${PASSWORD}@h`)).toMatch(/no database name in the URL path/);
    expect(refusal(`oracle://u:${PASSWORD}@h/app`)).toBe(
      '--database-url: unsupported scheme "oracle"; allowed: postgres, postgresql, mysql, mariadb',
    );
    expect(refusal(`u:${PASSWORD}@h/app`)).toMatch(/unsupported scheme "u"/);
    expect(refusal('postgres:app')).toMatch(/not a URL/);
  });

  test('a bare ? in a password is never echoed as a parameter name', () => {
    expect(refusal(`postgres://u:123?${PASSWORD}@h/app`)).toMatch(/no database name/);
    expect(refusal(`postgres://u@h/app?a@${PASSWORD}=1`)).toMatch(/unsupported parameter a parameter; supported/);
  });
});

describe('MySQL/MariaDB: hosts, ports and sockets', () => {
  test.each([
    ['mysql://h/app', { host: 'h', port: 3306, socketPath: null, user: 'root', database: 'app' }],
    ['mysql:///app', { host: '127.0.0.1', port: 3306, socketPath: null, user: 'root', database: 'app' }],
    [
      'mysql://u@localhost/app?socket=/run/mysqld/mysqld.sock',
      { host: 'localhost', port: 3306, socketPath: '/run/mysqld/mysqld.sock', user: 'u', database: 'app' },
    ],
    [
      'mysql://u@/app?socket=/run/mysqld/mysqld.sock',
      { host: 'localhost', port: 3306, socketPath: '/run/mysqld/mysqld.sock', user: 'u', database: 'app' },
    ],
    [
      'mariadb:///app?socketPath=/tmp/m.sock',
      { host: 'localhost', port: 3306, socketPath: '/tmp/m.sock', user: 'root', database: 'app' },
    ],
    [
      'mysql://u@%2Frun%2Fmysqld%2Fmysqld.sock/app',
      { host: 'localhost', port: 3306, socketPath: '/run/mysqld/mysqld.sock', user: 'u', database: 'app' },
    ],
    [
      'mysql:///app?host=/run/mysqld/mysqld.sock',
      { host: 'localhost', port: 3306, socketPath: '/run/mysqld/mysqld.sock', user: 'root', database: 'app' },
    ],
    ['mysql://h/app?port=3307', { host: 'h', port: 3307, socketPath: null, user: 'root', database: 'app' }],
    ['mysql://h:3310/app', { host: 'h', port: 3310, socketPath: null, user: 'root', database: 'app' }],
    [
      'mysql://h:3310/app?host=other&port=3311',
      { host: 'other', port: 3311, socketPath: null, user: 'root', database: 'app' },
    ],
    ['mariadb://u:p%40ss@[::1]:3307/d%20b', { host: '::1', port: 3307, socketPath: null, user: 'u', database: 'd b' }],
  ])('%s', (url, expected) => {
    expect(where(parseDatabaseTarget(url))).toEqual(expected);
  });

  test('a socket target connects to the socket only', () => {
    const options = mysqlConnectionOptions(
      parseDatabaseTarget('mysql://u@localhost/app?socket=/run/mysqld/mysqld.sock'),
    );
    expect(options).toMatchObject({ socketPath: '/run/mysqld/mysqld.sock', user: 'u', database: 'app' });
    expect(options).not.toHaveProperty('host');
    expect(options).not.toHaveProperty('port');
    expect(mysqlConnectionOptions(parseDatabaseTarget('mysql://h:3307/app'))).toMatchObject({ host: 'h', port: 3307 });
  });
});

describe('MySQL/MariaDB: ssl-mode with MySQL 8 meaning', () => {
  test.each([
    ['', { mode: 'disable', source: '' }],
    ['?ssl-mode=DISABLED', { mode: 'disable', source: 'ssl-mode=DISABLED' }],
    ['?ssl-mode=REQUIRED', { mode: 'require', source: 'ssl-mode=REQUIRED' }],
    ['?sslMode=verify_identity', { mode: 'verify-full', source: 'sslMode=VERIFY_IDENTITY' }],
    ['?sslmode=VERIFY_CA&ssl-ca={ca}', { mode: 'verify-ca', source: 'sslmode=VERIFY_CA' }],
    ['?ssl-ca={ca}', { mode: 'verify-ca', source: 'ssl-ca without ssl-mode' }],
    ['?ssl=true', { mode: 'verify-full', source: 'ssl=true' }],
    ['?ssl=false', { mode: 'disable', source: 'ssl=false' }],
  ])('mysql://h/app%s', (query, expected) => {
    expect(parseDatabaseTarget(`mysql://h/app${query.replace('{ca}', ca)}`).tls).toMatchObject(expected);
  });

  test('the driver options: REQUIRED does not verify unless ssl-ca is given; only VERIFY_IDENTITY checks the host name', () => {
    const ssl = (query: string) => mysqlConnectionOptions(parseDatabaseTarget(`mysql://h/app${query}`)).ssl;
    const pem = '-----BEGIN ca.pem-----\n';
    expect(ssl('')).toBeUndefined();
    expect(ssl('?ssl-mode=DISABLED')).toBeUndefined();
    expect(ssl('?ssl-mode=REQUIRED')).toEqual({ rejectUnauthorized: false });
    expect(ssl(`?ssl-mode=REQUIRED&ssl-ca=${ca}`)).toEqual({
      ca: pem,
      rejectUnauthorized: true,
      verifyIdentity: false,
    });
    expect(ssl(`?ssl-mode=VERIFY_CA&ssl-ca=${ca}`)).toEqual({
      ca: pem,
      rejectUnauthorized: true,
      verifyIdentity: false,
    });
    expect(ssl('?ssl-mode=VERIFY_IDENTITY')).toEqual({ rejectUnauthorized: true, verifyIdentity: true });
    expect(ssl(`?ssl-mode=VERIFY_IDENTITY&ssl-ca=${ca}&ssl-cert=${cert}&ssl-key=${key}`)).toEqual({
      ca: pem,
      cert: '-----BEGIN client.pem-----\n',
      key: '-----BEGIN client.key-----\n',
      rejectUnauthorized: true,
      verifyIdentity: true,
    });
  });
});

describe('MySQL/MariaDB: what cannot be honoured is refused', () => {
  test.each([
    [
      '?ssl-mode=PREFERRED',
      /^--database-url: ssl-mode=PREFERRED is not supported: mysql2 cannot fall back between TLS and plaintext; use ssl-mode=REQUIRED \(encrypted\) or ssl-mode=DISABLED$/,
    ],
    ['?sslMode=preferred', /sslMode=PREFERRED is not supported/],
    [
      '?ssl-mode=BOGUS',
      /^--database-url: ssl-mode: invalid value; allowed: DISABLED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY$/,
    ],
    ['?ssl-mode=VERIFY_CA', /^--database-url: ssl-mode=VERIFY_CA needs ssl-ca=FILE/],
    [
      '?ssl-mode=REQUIRED&sslMode=REQUIRED',
      /^--database-url: give the TLS mode once \(one of ssl-mode, sslMode, sslmode, ssl\)$/,
    ],
    ['?ssl-mode=REQUIRED&ssl=true', /give the TLS mode once/],
    ['?ssl=%7B%22rejectUnauthorized%22%3Afalse%7D', /^--database-url: ssl: expected true or false/],
    ['?ssl=Amazon%20RDS', /ssl: expected true or false/],
    ['?ssl-mode=REQUIRED&ssl-key={key}', /ssl-cert and ssl-key go together/],
    ['?ssl-cert={cert}&ssl-key={key}', /ssl-cert, ssl-key: not used without TLS/],
    ['?ssl-mode=REQUIRED&ssl-ca=/nonexistent.pem', /ssl-ca: cannot read \/nonexistent\.pem \(ENOENT\)/],
    [
      '?socket=/run/mysqld/mysqld.sock&ssl-mode=REQUIRED',
      /ssl-mode=REQUIRED: TLS is not used over a Unix socket \(\/run\/mysqld\/mysqld\.sock\)/,
    ],
    ['?socket=/a.sock&socketPath=/b.sock', /give the socket once/],
    ['?socket=relative.sock', /socket: expected an absolute path/],
    [
      '?multipleStatements=true',
      /^--database-url: unsupported parameter "multipleStatements"; supported: host, port, socket, socketPath, ssl-mode, sslMode, sslmode, ssl, ssl-ca, ssl-cert, ssl-key$/,
    ],
    ['?port=x', /port: expected a number/],
  ])(`mysql://u:${PASSWORD}@localhost/app%s`, (query, expected) => {
    const url = `mysql://u:${PASSWORD}@localhost/app${query.replace('{cert}', cert).replace('{key}', key)}`;
    expect(refusal(url)).toMatch(expected);
  });

  test('VERIFY_IDENTITY (and ssl=true) with an IP address: mysql2 would check the name "localhost" instead', () => {
    expect(refusal(`mysql://u:${PASSWORD}@127.0.0.1/app?ssl-mode=VERIFY_IDENTITY`)).toBe(
      '--database-url: ssl-mode=VERIFY_IDENTITY: mysql2 cannot check a certificate against an IP address; use the host name the certificate names, or ssl-mode=VERIFY_CA',
    );
    expect(refusal(`mysql://u:${PASSWORD}@[::1]/app?ssl=true`)).toMatch(
      /^--database-url: ssl=true: mysql2 cannot check/,
    );
    expect(refusal(`mysql://u:${PASSWORD}@h/app?host=10.0.0.1&sslMode=verify_identity`)).toMatch(
      /cannot check a certificate against an IP address/,
    );
    expect(parseDatabaseTarget('mysql://db.internal/app?ssl-mode=VERIFY_IDENTITY').tls.mode).toBe('verify-full');
  });

  test('a socket with a host other than localhost is ambiguous', () => {
    expect(refusal(`mysql://u:${PASSWORD}@db.example.com/app?socket=/run/mysqld/mysqld.sock`)).toMatch(
      /a Unix socket goes with the host localhost/,
    );
    expect(refusal(`mysql://u:${PASSWORD}@127.0.0.1/app?socket=/run/mysqld/mysqld.sock`)).toMatch(
      /a Unix socket goes with the host localhost/,
    );
  });

  test('the existing messages stay', () => {
    expect(refusal(`mysql://root:${PASSWORD}@host`)).toMatch(/no database name/);
    expect(refusal(`mysql://root:${PASSWORD}@host:99999/app`)).toMatch(/not a URL/);
  });
});

describe("the seed command's environment means what the URL means", () => {
  test('PostgreSQL: socket directory in PGHOST, sslmode always given, certificate files as absolute paths', () => {
    expect(
      seedEnvironment(parseDatabaseTarget(`postgres://u:${PASSWORD}@/app?host=/var/run/postgresql&port=5433`)),
    ).toEqual({
      DATABASE_URL: `postgres://u:${PASSWORD}@/app?host=/var/run/postgresql&port=5433`,
      PGHOST: '/var/run/postgresql',
      PGPORT: '5433',
      PGUSER: 'u',
      PGPASSWORD: PASSWORD,
      PGDATABASE: 'app',
      PGSSLMODE: 'disable',
    });
    expect(
      seedEnvironment(
        parseDatabaseTarget(`postgres://h/app?sslmode=verify-ca&sslrootcert=${ca}&sslcert=${cert}&sslkey=${key}`),
      ),
    ).toMatchObject({
      PGSSLMODE: 'verify-ca',
      PGSSLROOTCERT: ca,
      PGSSLCERT: cert,
      PGSSLKEY: key,
    });
    expect(seedEnvironment(parseDatabaseTarget('postgres://h/app?sslrootcert=system'))).toMatchObject({
      PGSSLMODE: 'verify-full',
      PGSSLROOTCERT: 'system',
    });
  });

  test('MySQL: a socket is MYSQL_UNIX_PORT with the host localhost', () => {
    expect(
      seedEnvironment(parseDatabaseTarget(`mysql://u:${PASSWORD}@localhost/app?socket=/run/mysqld/mysqld.sock`)),
    ).toEqual({
      DATABASE_URL: `mysql://u:${PASSWORD}@localhost/app?socket=/run/mysqld/mysqld.sock`,
      MYSQL_HOST: 'localhost',
      MYSQL_TCP_PORT: '3306',
      MYSQL_UNIX_PORT: '/run/mysqld/mysqld.sock',
      MYSQL_USER: 'u',
      MYSQL_PWD: PASSWORD,
      MYSQL_DATABASE: 'app',
    });
    expect(seedEnvironment(parseDatabaseTarget('mysql://u@db:3307/app'))).not.toHaveProperty('MYSQL_UNIX_PORT');
  });
});
