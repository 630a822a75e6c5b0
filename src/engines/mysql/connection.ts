/**
 * mysql2 settings from a parsed database URL, shared by the engine and by the seed code that
 * opens connections of its own, so that every connection to one URL honours the same TLS
 * parameters and timeouts.
 */
import type { ConnectionOptions, SslOptions } from 'mysql2';
import type { DatabaseTarget } from '../target.js';
import { tlsFiles, type TlsSettings } from '../url-params.js';

const CONNECT_TIMEOUT_MS = 10_000;

/**
 * The TLS options of a connection, with MySQL's meaning of ssl-mode. mysql2 refuses to go on
 * when the server offers no TLS, and checks the host name only when asked (verifyIdentity).
 */
export function mysqlSsl(tls: TlsSettings): SslOptions | undefined {
  if (tls.mode === 'disable') return undefined;
  const files = tlsFiles(tls);
  if (tls.mode === 'require' && !tls.ca) return { ...files, rejectUnauthorized: false };
  // REQUIRED with ssl-ca checks the chain, as PostgreSQL's require does with a root certificate.
  return { ...files, rejectUnauthorized: true, verifyIdentity: tls.mode === 'verify-full' };
}

/** mysql2 settings; callers add what their session needs (multipleStatements, charset, number handling). */
export function mysqlConnectionOptions(t: DatabaseTarget): ConnectionOptions {
  const ssl = mysqlSsl(t.tls);
  return {
    ...(t.socketPath !== null ? { socketPath: t.socketPath } : { host: t.host, port: t.port }),
    user: t.user,
    password: t.password,
    database: t.database,
    connectTimeout: CONNECT_TIMEOUT_MS,
    ...(ssl ? { ssl } : {}),
  };
}
