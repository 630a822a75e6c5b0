import { StatementError, type Engine } from './engine.js';
import { MysqlEngine } from './mysql/engine.js';
import { startEmbeddedPostgres, type EmbeddedServer } from './postgres/embedded.js';
import { PostgresEngine } from './postgres/engine.js';
import { parseDatabaseTarget, type DatabaseTarget } from './target.js';

export interface OpenedEngine {
  engine: Engine;
  embedded: EmbeddedServer | null;
  target: DatabaseTarget;
  /**
   * Settles with the cause (an EmbeddedServerExited: "the embedded PostgreSQL exited (signal
   * SIGKILL) during the run") when the server the run started itself dies before dispose();
   * never for a server given by URL. Never rejects: race it with the run's work.
   */
  serverLost: Promise<Error>;
  /** Closes the connections and stops an embedded server. */
  dispose(): Promise<void>;
}

export interface OpenOptions {
  /** The server to use; null starts an embedded PostgreSQL. */
  target: DatabaseTarget | null;
  connectTimeoutSec: number;
  statementTimeoutSec: number | null;
  log?: (line: string) => void;
}

export async function openEngine(opts: OpenOptions): Promise<OpenedEngine> {
  let embedded: EmbeddedServer | null = null;
  let target = opts.target;
  if (!target) {
    embedded = await startEmbeddedPostgres(opts.log);
    target = parseDatabaseTarget(embedded.url);
  }
  const engineOpts = { connectTimeoutSec: opts.connectTimeoutSec, statementTimeoutSec: opts.statementTimeoutSec };
  let engine: Engine;
  try {
    if (target.engine === 'postgres') {
      const pg = await PostgresEngine.connect(target, engineOpts);
      if (embedded) await pg.enableQueryStatistics();
      engine = pg;
    } else {
      engine = await MysqlEngine.connect(target, engineOpts);
    }
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  return {
    engine: embedded ? namingServerLoss(engine, embedded.lost) : engine,
    embedded,
    target,
    serverLost: embedded ? embedded.lost : new Promise<never>(() => {}),
    async dispose() {
      await engine.close();
      await embedded?.stop();
    },
  };
}

/** How long an error that a dying server can cause waits for the news of the server's exit. */
const SERVER_LOSS_GRACE_MS = 250;

/**
 * When the embedded server dies, the run first sees what the connection saw ("Connection
 * terminated unexpectedly"); the server's exit is known a few milliseconds before or after.
 * An engine call failing in a way a dying server causes waits briefly for that news, and its
 * error then names the cause.
 */
function namingServerLoss(engine: Engine, lost: Promise<Error>): Engine {
  return new Proxy(engine, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (!(result instanceof Promise)) return result;
        return result.catch(async (err: unknown) => {
          throw await withLossCause(err, lost);
        });
      };
    },
  });
}

/** No SQLSTATE (the connection broke), or a connection exception (08) or a shutdown (57). */
function mayComeFromServerLoss(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code) || /^(08|57)/.test(code);
}

async function withLossCause(err: unknown, lost: Promise<Error>): Promise<unknown> {
  if (!(err instanceof Error) || !mayComeFromServerLoss(err)) return err;
  let timer: NodeJS.Timeout | undefined;
  const cause = await Promise.race([
    lost,
    new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), SERVER_LOSS_GRACE_MS);
    }),
  ]);
  clearTimeout(timer);
  if (!cause) return err;
  const message = `${cause.message} (${err.message})`;
  return err instanceof StatementError ? err.withMessage(message) : new Error(message, { cause: err });
}
