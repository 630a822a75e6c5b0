import type { Engine } from './engine.js';
import { MysqlEngine } from './mysql/engine.js';
import { startEmbeddedPostgres, type EmbeddedServer } from './postgres/embedded.js';
import { PostgresEngine } from './postgres/engine.js';
import { parseDatabaseTarget, type DatabaseTarget } from './target.js';

export interface OpenedEngine {
  engine: Engine;
  embedded: EmbeddedServer | null;
  target: DatabaseTarget;
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
    engine,
    embedded,
    target,
    async dispose() {
      await engine.close();
      await embedded?.stop();
    },
  };
}
