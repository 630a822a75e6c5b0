import { ConnectionError, errorMessage } from '../util/errors.js';
import { describeTarget, type DatabaseTarget } from './target.js';

const RETRYABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  // PostgreSQL: the database system is starting up / shutting down / in recovery.
  '57P03',
  // MySQL/MariaDB: too many connections; server shutdown in progress.
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
]);

const AUTH_CODES = new Set(['28P01', '28000', 'ER_ACCESS_DENIED_ERROR', 'ER_DBACCESS_DENIED_ERROR']);
const MISSING_DB_CODES = new Set(['3D000', 'ER_BAD_DB_ERROR']);

function codeOf(err: unknown): string | undefined {
  if (err && typeof err === 'object' && 'code' in err) {
    const code = err.code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

function causeText(err: unknown): string {
  const code = codeOf(err);
  const msg = errorMessage(err) || (err instanceof AggregateError ? err.errors.map(errorMessage).join('; ') : '');
  return code && !msg.includes(code) ? `${code} ${msg}`.trim() : msg || String(code ?? 'unknown error');
}

/**
 * What a TLS failure means for the URL's TLS mode: the server offers none (mysql2's code,
 * node-postgres's message), or its certificate was not accepted (Node's codes and messages).
 */
function tlsHint(target: DatabaseTarget, err: unknown): string {
  if (target.tls.mode === 'disable') return '';
  const text = `${codeOf(err) ?? ''} ${errorMessage(err)}`;
  if (/HANDSHAKE_NO_SSL_SUPPORT|does not support SSL/i.test(text)) {
    return ` (${target.tls.source} requires TLS; the server offers none)`;
  }
  if (/cert|ssl|tls/i.test(text)) {
    const name = target.tls.mode === 'verify-full' ? ' and name the host' : '';
    const signer = target.tls.ca ? 'the CA file given' : "a CA that Node's bundled list trusts";
    const check =
      target.tls.mode === 'require' && !target.tls.ca
        ? ''
        : `: the server's certificate must be signed by ${signer}${name}`;
    return ` (${target.tls.source}${check})`;
  }
  return '';
}

export interface RetryOptions {
  timeoutSec: number;
  /** Milliseconds to wait before the first retry; doubles up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Service containers accept TCP connections some seconds before the server is ready, so a
 * refused or reset connection is retried with backoff until the timeout; a wrong password or
 * a missing database will not get better by waiting and fails at once.
 */
export async function connectWithRetry<T>(
  target: DatabaseTarget,
  attempt: () => Promise<T>,
  opts: RetryOptions,
): Promise<T> {
  const where = describeTarget(target);
  const deadline = Date.now() + opts.timeoutSec * 1000;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let delay = opts.initialDelayMs ?? 250;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      const code = codeOf(err);
      if (code && AUTH_CODES.has(code)) {
        throw new ConnectionError(
          `authentication failed for user "${target.user}" at ${where}: check the user and password in --database-url`,
        );
      }
      if (code && MISSING_DB_CODES.has(code)) {
        throw new ConnectionError(
          `database "${target.database}" does not exist on ${where}: create it first (service containers: POSTGRES_DB / MYSQL_DATABASE)`,
        );
      }
      const retryable =
        code === undefined ? /timeout|terminat|closed|reset/i.test(errorMessage(err)) : RETRYABLE_CODES.has(code);
      const remaining = deadline - Date.now();
      if (!retryable || remaining <= 0) {
        const waited = retryable ? ` within ${opts.timeoutSec}s (--connect-timeout)` : '';
        throw new ConnectionError(`cannot connect to ${where}${waited}: ${causeText(err)}${tlsHint(target, err)}`);
      }
      await sleep(Math.min(delay, remaining));
      delay = Math.min(delay * 2, opts.maxDelayMs ?? 2000);
    }
  }
}
