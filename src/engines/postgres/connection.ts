/**
 * node-postgres settings from a parsed database URL, shared by the engine and by the seed code
 * that opens connections of its own, so that every connection to one URL honours the same
 * TLS parameters and timeouts.
 */
import type { ConnectionOptions as TlsConnectionOptions } from 'node:tls';
import type pg from 'pg';
import type { DatabaseTarget } from '../target.js';
import { tlsFiles, type TlsSettings } from '../url-params.js';

const CONNECT_TIMEOUT_MS = 10_000;

/**
 * The TLS options of a connection, with libpq's meaning of sslmode. Always explicit: left
 * undefined, node-postgres would take PGSSLMODE from this process's environment instead.
 */
export function pgSsl(tls: TlsSettings): false | TlsConnectionOptions {
  if (tls.mode === 'disable') return false;
  const files = tlsFiles(tls);
  if (tls.mode === 'require' && !tls.ca) return { ...files, rejectUnauthorized: false };
  if (tls.mode === 'verify-full') return { ...files, rejectUnauthorized: true };
  // verify-ca, and require with a root certificate (libpq checks the chain then too): not the host name
  return { ...files, rejectUnauthorized: true, checkServerIdentity: () => undefined };
}

/**
 * node-postgres settings. A host that is a directory is a Unix socket there (node-postgres
 * connects to <host>/.s.PGSQL.<port>, as libpq). database overrides the URL's (maintenance
 * connections go to another database on the same server).
 */
export function pgClientConfig(
  t: DatabaseTarget,
  opts: { applicationName: string; database?: string },
): pg.ClientConfig {
  return {
    host: t.host,
    port: t.port,
    user: t.user,
    password: t.password,
    database: opts.database ?? t.database,
    application_name: opts.applicationName,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    ssl: pgSsl(t.tls),
  };
}
