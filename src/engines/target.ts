import { UsageError } from '../util/errors.js';
import { parseMysqlUrl } from './mysql/url.js';
import { parsePostgresUrl } from './postgres/url.js';
import { notAUrl, type TlsSettings } from './url-params.js';

export type { TlsMode, TlsSettings } from './url-params.js';

export type UrlEngine = 'postgres' | 'mysql';

export interface DatabaseTarget {
  engine: UrlEngine;
  /** The URL as given (with its password): what tools run for the user are handed. */
  url: string;
  /** TCP host; PostgreSQL over a Unix socket: the socket's directory (as libpq); MySQL over a socket: localhost. */
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** The Unix socket file connected to instead of TCP, or null. */
  socketPath: string | null;
  /** The TLS the URL asks for, checked: every connection to the target honours it or fails. */
  tls: TlsSettings;
  /** Query-string parameters as given, e.g. sslmode. */
  params: Record<string, string>;
}

/** What an engine's URL parser returns: everything but what the scheme and the raw URL say. */
export type ParsedUrl = Omit<DatabaseTarget, 'engine' | 'url'>;

const SCHEMES: Record<string, UrlEngine> = {
  postgres: 'postgres',
  postgresql: 'postgres',
  mysql: 'mysql',
  mariadb: 'mysql',
};

/**
 * Parses a database URL once, into the target every part of a run receives, with the engine's
 * own connection-string parser (pg-connection-string, mysql2's); errors never repeat the URL,
 * which may hold a password.
 */
export function parseDatabaseTarget(raw: string, field = '--database-url'): DatabaseTarget {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):(\/\/)?/.exec(raw);
  if (!scheme) throw notAUrl(field);
  const engine = SCHEMES[scheme[1]!.toLowerCase()];
  if (!engine) {
    throw new UsageError(`${field}: unsupported scheme "${scheme[1]}"; allowed: postgres, postgresql, mysql, mariadb`);
  }
  if (!scheme[2]) throw notAUrl(field);
  const parsed = engine === 'postgres' ? parsePostgresUrl(raw, field) : parseMysqlUrl(raw, field);
  return { engine, url: raw, ...parsed };
}

/** host:port or the socket, for messages. */
export function describeTarget(t: Pick<DatabaseTarget, 'host' | 'port'> & { socketPath?: string | null }): string {
  if (t.socketPath) return `socket ${t.socketPath}`;
  return t.host.includes(':') ? `[${t.host}]:${t.port}` : `${t.host}:${t.port}`;
}
