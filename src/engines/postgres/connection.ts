/**
 * node-postgres settings from a parsed database URL, shared by the engine and by the seed code
 * that opens connections of its own, so that every connection to one URL honours the same
 * TLS parameters and timeouts.
 */
import type pg from 'pg';
import type { DatabaseTarget } from '../target.js';

const CONNECT_TIMEOUT_MS = 10_000;

/**
 * node-postgres settings. sslmode follows libpq's names: any mode but disable asks for TLS and
 * only verify-full checks the certificate. database overrides the URL's (maintenance
 * connections go to another database on the same server).
 */
export function pgClientConfig(t: DatabaseTarget, opts: { applicationName: string; database?: string }): pg.ClientConfig {
  const sslmode = t.params['sslmode'];
  const ssl = sslmode && sslmode !== 'disable' ? { rejectUnauthorized: sslmode === 'verify-full' } : undefined;
  return {
    host: t.host,
    port: t.port,
    user: t.user,
    password: t.password,
    database: opts.database ?? t.database,
    application_name: opts.applicationName,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    ...(ssl ? { ssl } : {}),
  };
}
