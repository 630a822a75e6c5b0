/**
 * postgres:// URLs, read by node-postgres's own parser (pg-connection-string) for what it
 * reads as libpq does: user and password, a host or a socket directory (in the authority,
 * percent-encoded, or as ?host=), ?port=, the database. TLS is read here instead: that
 * parser's sslmode handling is not libpq's (require and verify-ca mean verify-full there, with
 * a deprecation warning), and it reads certificate files as it parses.
 */
import path from 'node:path';
import { parse as parseConnectionString } from 'pg-connection-string';
import { UsageError } from '../../util/errors.js';
import type { ParsedUrl } from '../target.js';
import {
  checkTlsCombination,
  checkedParams,
  noDatabase,
  notAUrl,
  pemFile,
  portNumber,
  singleHost,
  splitQuery,
  type TlsMode,
  type TlsSettings,
} from '../url-params.js';

const TLS_PARAMS = ['sslmode', 'sslrootcert', 'sslcert', 'sslkey'];
const SUPPORTED = ['host', 'port', 'user', 'password', ...TLS_PARAMS];
const SSLMODES: readonly TlsMode[] = ['disable', 'require', 'verify-ca', 'verify-full'];
const DEFAULT_PORT = 5432;

export function parsePostgresUrl(raw: string, field: string): ParsedUrl {
  const { base, query } = splitQuery(raw);
  const driverQuery = new URLSearchParams([...query].filter(([name]) => !TLS_PARAMS.includes(name)));
  let c: ReturnType<typeof parseConnectionString>;
  try {
    c = parseConnectionString(driverQuery.size > 0 ? `${base}?${driverQuery.toString()}` : base);
  } catch {
    throw notAUrl(field);
  }
  if (!c.database) throw noDatabase(field, 'postgres');
  const params = checkedParams(query, SUPPORTED, field);
  const port = portNumber(c.port, DEFAULT_PORT, field);
  const host = singleHost(c.host || '127.0.0.1', field);
  // libpq: a host that is an absolute path is the directory of the server's socket.
  const socketPath = host.startsWith('/') ? path.posix.join(host, `.s.PGSQL.${port}`) : null;
  return {
    host,
    port,
    user: c.user || 'postgres',
    password: c.password ?? '',
    database: c.database,
    socketPath,
    tls: postgresTls(params, socketPath, field),
    params,
  };
}

/**
 * libpq's sslmode, except what node-postgres cannot do: allow and prefer (libpq's default)
 * fall back between TLS and plaintext, so they are refused, and no sslmode means no TLS.
 * sslrootcert=system (libpq 16) is Node's CA list, with verify-full only, as libpq demands.
 */
function postgresTls(params: Record<string, string>, socketPath: string | null, field: string): TlsSettings {
  const given = params['sslmode'];
  const rootcert = params['sslrootcert'];
  if (given === 'allow' || given === 'prefer') {
    throw new UsageError(
      `${field}: sslmode=${given} is not supported: node-postgres cannot fall back between TLS and plaintext; use sslmode=require (encrypted) or sslmode=disable`,
    );
  }
  if (given !== undefined && !SSLMODES.includes(given as TlsMode)) {
    throw new UsageError(`${field}: sslmode: invalid value; allowed: ${SSLMODES.join(', ')}`);
  }
  const system = rootcert === 'system';
  const mode: TlsMode = (given as TlsMode | undefined) ?? (system ? 'verify-full' : 'disable');
  if (system && mode !== 'verify-full') {
    throw new UsageError(`${field}: sslrootcert=system needs sslmode=verify-full`);
  }
  const tls: TlsSettings = {
    mode,
    ca: rootcert !== undefined && !system ? pemFile('sslrootcert', rootcert, field) : null,
    cert: params['sslcert'] !== undefined ? pemFile('sslcert', params['sslcert'], field) : null,
    key: params['sslkey'] !== undefined ? pemFile('sslkey', params['sslkey'], field) : null,
    source: given !== undefined ? `sslmode=${given}` : system ? 'sslrootcert=system' : '',
  };
  checkTlsCombination(
    tls,
    { ca: 'sslrootcert', cert: 'sslcert', key: 'sslkey', verifyCa: 'sslmode=verify-ca' },
    socketPath,
    field,
  );
  return tls;
}
