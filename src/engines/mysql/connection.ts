/**
 * mysql2 settings from a parsed database URL, shared by the engine and by the seed code that
 * opens connections of its own, so that every connection to one URL honours the same TLS
 * parameters and timeouts.
 */
import type { ConnectionOptions } from 'mysql2';
import type { DatabaseTarget } from '../target.js';

const CONNECT_TIMEOUT_MS = 10_000;

/** mysql2 settings; callers add what their session needs (multipleStatements, charset, number handling). */
export function mysqlConnectionOptions(t: DatabaseTarget): ConnectionOptions {
  return {
    host: t.host,
    port: t.port,
    user: t.user,
    password: t.password,
    database: t.database,
    connectTimeout: CONNECT_TIMEOUT_MS,
    ...(t.params['ssl'] === 'true' || t.params['ssl-mode'] === 'REQUIRED' ? { ssl: {} } : {}),
  };
}
