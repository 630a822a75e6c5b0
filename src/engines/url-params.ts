/**
 * What both engines' URL parsers share: the query string read strictly (each parameter once,
 * only the ones the engine honours), ports, certificate files, and one vocabulary for TLS.
 */
import { constants as fsConstants, accessSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError, errorMessage } from '../util/errors.js';

/**
 * libpq's names, used for both engines (MySQL's DISABLED, REQUIRED, VERIFY_CA and
 * VERIFY_IDENTITY map onto them). require: encrypted, the certificate not checked unless a CA
 * file is given (then as verify-ca); verify-ca: the chain checked against the CA, not the host
 * name; verify-full: both.
 */
export type TlsMode = 'disable' | 'require' | 'verify-ca' | 'verify-full';

export interface TlsSettings {
  mode: TlsMode;
  /** Absolute paths of PEM files. ca null: Node's bundled CA list (with verify-full only). */
  ca: string | null;
  cert: string | null;
  key: string | null;
  /** The URL's words that chose the mode, e.g. "sslmode=verify-ca", for messages; "" when none did. */
  source: string;
}

export const NO_TLS: TlsSettings = { mode: 'disable', ca: null, cert: null, key: null, source: '' };

/** The message of a URL that cannot be parsed at all; never repeats it. */
export function notAUrl(field: string): UsageError {
  return new UsageError(
    `${field}: not a URL; expected postgres://user:password@host:port/database or mysql://user:password@host:port/database`,
  );
}

/** The message of a URL without a database name. */
export function noDatabase(field: string, engine: 'postgres' | 'mysql'): UsageError {
  return new UsageError(`${field}: no database name in the URL path (e.g. ${engine}://host/${'mydb'})`);
}

/** The URL without its query string, and the query string's parameters. */
export function splitQuery(raw: string): { base: string; query: URLSearchParams } {
  const at = raw.indexOf('?');
  if (at < 0) return { base: raw, query: new URLSearchParams() };
  const rest = raw.slice(at + 1);
  const hash = rest.indexOf('#');
  return { base: raw.slice(0, at), query: new URLSearchParams(hash < 0 ? rest : rest.slice(0, hash)) };
}

/**
 * The parameters as a record, each given once and each one the engine honours: a parameter
 * that would be ignored is refused rather than silently dropped. A name is quoted only when it
 * looks like one (a password with a bare '?' must not be echoed).
 */
export function checkedParams(
  query: URLSearchParams,
  supported: readonly string[],
  field: string,
): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of query) {
    const shown = /^[A-Za-z][A-Za-z0-9_.-]{0,40}$/.test(name) ? `"${name}"` : 'a parameter';
    if (!supported.includes(name)) {
      throw new UsageError(`${field}: unsupported parameter ${shown}; supported: ${supported.join(', ')}`);
    }
    if (name in params) throw new UsageError(`${field}: parameter ${shown} given more than once`);
    params[name] = value;
  }
  return params;
}

/** A port from the URL or a parameter; absent or empty: the engine's default. */
export function portNumber(value: string | number | null | undefined, defaultPort: number, field: string): number {
  if (value === null || value === undefined || value === '' || Number.isNaN(value)) return defaultPort;
  const text = String(value);
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) throw new UsageError(`${field}: port: expected a number from 1 to 65535`);
  return port;
}

/** Several hosts (host=a,b) would make libpq try each in turn; node-postgres and mysql2 take one. */
export function singleHost(host: string, field: string): string {
  if (host.includes(',')) throw new UsageError(`${field}: host: one host only; several hosts (a,b) are not supported`);
  return host;
}

/**
 * A certificate or key file named by a parameter, as an absolute path (so that a seed command
 * run in another directory reads the same file); refused now, before anything runs, when it
 * cannot be read.
 */
export function pemFile(param: string, value: string, field: string): string {
  const file = path.resolve(value);
  try {
    if (!statSync(file).isFile()) throw new Error('not a regular file');
    accessSync(file, fsConstants.R_OK);
  } catch (err) {
    const code = err && typeof err === 'object' && 'code' in err ? String(err.code) : errorMessage(err);
    throw new UsageError(`${field}: ${param}: cannot read ${file} (${code})`);
  }
  return file;
}

/** Checks that hold for both engines once the mode is known; names are the engine's own parameters. */
export function checkTlsCombination(
  tls: TlsSettings,
  names: { ca: string; cert: string; key: string; verifyCa: string },
  socketPath: string | null,
  field: string,
): void {
  const files = [tls.ca && names.ca, tls.cert && names.cert, tls.key && names.key].filter((n): n is string => !!n);
  if (tls.mode === 'disable' && files.length > 0) {
    throw new UsageError(
      `${field}: ${files.join(', ')}: not used without TLS (${tls.source || 'no TLS mode given'}); give a TLS mode or remove ${files.length > 1 ? 'them' : 'it'}`,
    );
  }
  if (!tls.cert !== !tls.key) {
    throw new UsageError(`${field}: ${names.cert} and ${names.key} go together (the client certificate and its key)`);
  }
  if (tls.mode === 'verify-ca' && !tls.ca) {
    throw new UsageError(
      `${field}: ${names.verifyCa} needs ${names.ca}=FILE, the CA that signed the server's certificate`,
    );
  }
  if (tls.mode !== 'disable' && socketPath !== null) {
    throw new UsageError(
      `${field}: ${tls.source}: TLS is not used over a Unix socket (${socketPath}); connect over TCP or remove the TLS mode`,
    );
  }
}

/** The PEM contents of the settings' files, read when a connection is opened. */
export function tlsFiles(tls: TlsSettings): { ca?: string; cert?: string; key?: string } {
  return {
    ...(tls.ca ? { ca: readFileSync(tls.ca, 'utf8') } : {}),
    ...(tls.cert ? { cert: readFileSync(tls.cert, 'utf8') } : {}),
    ...(tls.key ? { key: readFileSync(tls.key, 'utf8') } : {}),
  };
}
