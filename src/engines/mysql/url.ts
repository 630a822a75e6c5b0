/**
 * mysql:// and mariadb:// URLs. The authority and path are read by mysql2's own parser
 * (ConnectionConfig.parseUrl: user, password, host, port, database, percent-decoded). Its query
 * handling is not used: it hands every parameter to mysql2 as a driver option (JSON-parsed),
 * so `ssl-mode`, `socket` and `host` would be ignored and `multipleStatements` would change
 * the session; the parameters are read here instead, with the MySQL 8 clients' names.
 */
import { isIP } from 'node:net';
import mysql from 'mysql2';
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

interface UrlParts {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
}

/** mysql2 exports ConnectionConfig at run time; its typings declare only the instance type. */
const { ConnectionConfig } = mysql as unknown as { ConnectionConfig: { parseUrl(url: string): UrlParts } };

const MODE_PARAMS = ['ssl-mode', 'sslMode', 'sslmode'];
const SUPPORTED = ['host', 'port', 'socket', 'socketPath', ...MODE_PARAMS, 'ssl', 'ssl-ca', 'ssl-cert', 'ssl-key'];
const MODES: Record<string, TlsMode | undefined> = {
  DISABLED: 'disable',
  REQUIRED: 'require',
  VERIFY_CA: 'verify-ca',
  VERIFY_IDENTITY: 'verify-full',
};
const DEFAULT_PORT = 3306;

/**
 * The URL's parts by mysql2's parser. user@ with no host (mysql://root@/app?socket=…) is refused
 * by WHATWG URL parsing: a host is supplied and dropped again, as pg-connection-string does.
 */
function urlParts(base: string, field: string): UrlParts {
  try {
    return ConnectionConfig.parseUrl(base);
  } catch {
    // fall through to the empty host
  }
  try {
    if (!/^[^:]+:\/\/[^/?#]*@\//.test(base)) throw new Error('not an empty host');
    return { ...ConnectionConfig.parseUrl(base.replace('@/', '@empty.invalid/')), host: '' };
  } catch {
    throw notAUrl(field);
  }
}

export function parseMysqlUrl(raw: string, field: string): ParsedUrl {
  const { base, query } = splitQuery(raw);
  const parts = urlParts(base, field);
  if (!parts.database) throw noDatabase(field, 'mysql');
  const params = checkedParams(query, SUPPORTED, field);
  const host = singleHost(params['host'] ?? parts.host, field);
  const port = portNumber(params['port'] ?? parts.port, DEFAULT_PORT, field);
  const socketPath = mysqlSocket(params, host, field);
  const tcpHost = host || '127.0.0.1';
  const tls = mysqlTls(params, socketPath, field);
  if (tls.mode === 'verify-full' && socketPath === null && isIP(tcpHost)) {
    // mysql2 checks the certificate against "localhost" when the host is an address, not the address.
    throw new UsageError(
      `${field}: ${tls.source}: mysql2 cannot check a certificate against an IP address; use the host name the certificate names, or ssl-mode=VERIFY_CA`,
    );
  }
  return {
    host: socketPath !== null ? 'localhost' : tcpHost,
    port,
    user: parts.user || 'root',
    password: parts.password,
    database: parts.database,
    socketPath,
    tls,
    params,
  };
}

/**
 * ?socket= (the clients' --socket), ?socketPath= (mysql2's option) or a host that is a path
 * (MySQL Shell's percent-encoded form). The mysql client uses its socket only for localhost,
 * so a socket with any other host is ambiguous and refused.
 */
function mysqlSocket(params: Record<string, string>, host: string, field: string): string | null {
  if (params['socket'] !== undefined && params['socketPath'] !== undefined) {
    throw new UsageError(`${field}: give the socket once (socket or socketPath)`);
  }
  const socket = params['socket'] ?? params['socketPath'];
  if (socket === undefined) return host.startsWith('/') ? host : null;
  if (!socket.startsWith('/')) throw new UsageError(`${field}: socket: expected an absolute path`);
  if (host !== '' && host !== 'localhost') {
    throw new UsageError(`${field}: socket: a Unix socket goes with the host localhost (or none), not another host`);
  }
  return socket;
}

/**
 * MySQL 8's --ssl-mode (any of its spellings, any case) with --ssl-ca, --ssl-cert, --ssl-key.
 * PREFERRED (the clients' default) would fall back to plaintext, which mysql2 cannot do: it is
 * refused, and no mode means no TLS, except that ssl-ca alone implies VERIFY_CA as in the
 * MySQL clients. ssl=true (MariaDB's --ssl, mysql2's option) means VERIFY_IDENTITY.
 */
function mysqlTls(params: Record<string, string>, socketPath: string | null, field: string): TlsSettings {
  const modeParams = MODE_PARAMS.filter((p) => params[p] !== undefined);
  if (modeParams.length + (params['ssl'] !== undefined ? 1 : 0) > 1) {
    throw new UsageError(`${field}: give the TLS mode once (one of ${[...MODE_PARAMS, 'ssl'].join(', ')})`);
  }
  const ca = params['ssl-ca'];
  let mode: TlsMode = ca !== undefined ? 'verify-ca' : 'disable';
  let source = ca !== undefined ? 'ssl-ca without ssl-mode' : '';
  const param = modeParams[0];
  if (param !== undefined) {
    const value = params[param]!.toUpperCase();
    if (value === 'PREFERRED') {
      throw new UsageError(
        `${field}: ${param}=PREFERRED is not supported: mysql2 cannot fall back between TLS and plaintext; use ${param}=REQUIRED (encrypted) or ${param}=DISABLED`,
      );
    }
    const known = MODES[value];
    if (!known) throw new UsageError(`${field}: ${param}: invalid value; allowed: ${Object.keys(MODES).join(', ')}`);
    mode = known;
    source = `${param}=${value}`;
  } else if (params['ssl'] !== undefined) {
    const value = params['ssl'].toLowerCase();
    if (!['true', '1', 'false', '0'].includes(value)) {
      throw new UsageError(
        `${field}: ssl: expected true or false (or use ssl-mode=REQUIRED, VERIFY_CA, VERIFY_IDENTITY, DISABLED)`,
      );
    }
    mode = value === 'true' || value === '1' ? 'verify-full' : 'disable';
    source = `ssl=${params['ssl']}`;
  }
  const tls: TlsSettings = {
    mode,
    ca: ca !== undefined ? pemFile('ssl-ca', ca, field) : null,
    cert: params['ssl-cert'] !== undefined ? pemFile('ssl-cert', params['ssl-cert'], field) : null,
    key: params['ssl-key'] !== undefined ? pemFile('ssl-key', params['ssl-key'], field) : null,
    source,
  };
  checkTlsCombination(
    tls,
    { ca: 'ssl-ca', cert: 'ssl-cert', key: 'ssl-key', verifyCa: `${param ?? 'ssl-mode'}=VERIFY_CA` },
    socketPath,
    field,
  );
  return tls;
}
