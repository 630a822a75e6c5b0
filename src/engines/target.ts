import { UsageError } from '../util/errors.js';

export type UrlEngine = 'postgres' | 'mysql';

export interface DatabaseTarget {
  engine: UrlEngine;
  /** The URL as given (with its password): what tools run for the user are handed. */
  url: string;
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** Query-string parameters, e.g. sslmode. */
  params: Record<string, string>;
}

const SCHEMES: Record<string, UrlEngine> = {
  'postgres:': 'postgres',
  'postgresql:': 'postgres',
  'mysql:': 'mysql',
  'mariadb:': 'mysql',
};

/**
 * Parses a database URL once, into the target every part of a run receives; errors never
 * repeat the URL, which may hold a password.
 */
export function parseDatabaseTarget(raw: string, field = '--database-url'): DatabaseTarget {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`${field}: not a URL; expected postgres://user:password@host:port/database or mysql://user:password@host:port/database`);
  }
  const engine = SCHEMES[url.protocol];
  if (!engine) {
    throw new UsageError(`${field}: unsupported scheme "${url.protocol.replace(/:$/, '')}"; allowed: postgres, postgresql, mysql, mariadb`);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database) {
    throw new UsageError(`${field}: no database name in the URL path (e.g. ${engine}://host/${'mydb'})`);
  }
  const defaultPort = engine === 'postgres' ? 5432 : 3306;
  const params: Record<string, string> = {};
  url.searchParams.forEach((v, k) => (params[k] = v));
  return {
    engine,
    url: raw,
    host: url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: url.port ? Number(url.port) : defaultPort,
    user: decodeURIComponent(url.username) || (engine === 'postgres' ? 'postgres' : 'root'),
    password: decodeURIComponent(url.password),
    database,
    params,
  };
}

/** host:port, for messages. */
export function describeTarget(t: Pick<DatabaseTarget, 'host' | 'port'>): string {
  return t.host.includes(':') ? `[${t.host}]:${t.port}` : `${t.host}:${t.port}`;
}
