import type { Engine } from './engine.js';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded.js';
import { MysqlEngine } from './mysql.js';
import { PostgresEngine } from './postgres.js';
import { parseDatabaseUrl, type DatabaseTarget } from './url.js';

export interface OpenedEngine {
  engine: Engine;
  embedded: EmbeddedServer | null;
  target: DatabaseTarget;
  /** The URL connected to (the embedded server's when there was none): for seed loaders and commands. */
  url: string;
  /** Closes the connections and stops an embedded server. */
  dispose(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl: string | undefined;
  connectTimeoutSec: number;
  statementTimeoutSec: number | null;
  log?: (line: string) => void;
}

export async function openEngine(opts: OpenOptions): Promise<OpenedEngine> {
  let embedded: EmbeddedServer | null = null;
  let url = opts.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres(opts.log);
    url = embedded.url;
  }
  const target = parseDatabaseUrl(url);
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
    engine,
    embedded,
    target,
    url,
    async dispose() {
      await engine.close();
      await embedded?.stop();
    },
  };
}
