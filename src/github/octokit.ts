/**
 * The REST client for api.github.com (or GITHUB_API_URL), from @actions/github so that the
 * runner's proxy settings apply.
 *
 * Requests with idempotent methods are tried once more after a 5xx answer or a network error
 * (octokit reports those as status 500); POST is not, as a repeated create could duplicate
 * what the first one made: callers that create look first (see sticky-comment.ts).
 */
import { getOctokit } from '@actions/github';

export type GitHubClient = ReturnType<typeof getOctokit>;

export interface OctokitOptions {
  token: string;
  /** GITHUB_API_URL, e.g. https://api.github.com or https://ghe.example.com/api/v3 */
  apiUrl: string;
  /** Wait before the one retry of a 5xx answer (default: retryDelayMs()). */
  retryDelayMs?: number;
  /** How long one request may take before it is abandoned (default: requestTimeoutMs()). */
  timeoutMs?: number;
}

/** 1000 ms, or MIGRATION_TEST_GITHUB_RETRY_DELAY_MS (the tests shorten it). */
export function retryDelayMs(): number {
  const raw = process.env['MIGRATION_TEST_GITHUB_RETRY_DELAY_MS'];
  const v = raw === undefined || raw === '' ? NaN : Number(raw);
  return Number.isFinite(v) && v >= 0 ? v : 1000;
}

/**
 * 30 s, or MIGRATION_TEST_GITHUB_TIMEOUT_MS: an API that never answers must not hold the job
 * (fetch alone would wait about 300 s per request).
 */
export function requestTimeoutMs(): number {
  const raw = process.env['MIGRATION_TEST_GITHUB_TIMEOUT_MS'];
  const v = raw === undefined || raw === '' ? NaN : Number(raw);
  return Number.isFinite(v) && v > 0 ? v : 30_000;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The HTTP status of an octokit RequestError (500 for network failures), or null. */
export function httpStatusOf(err: unknown): number | null {
  if (typeof err !== 'object' || err === null) return null;
  const status = (err as { status?: unknown }).status;
  return typeof status === 'number' ? status : null;
}

/** The `message` GitHub put in an error answer's JSON body, else the error's own message. */
export function gitHubMessageOf(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const data = (err as { response?: { data?: unknown } }).response?.data;
    if (typeof data === 'object' && data !== null) {
      const message = (data as { message?: unknown }).message;
      if (typeof message === 'string' && message.length > 0) return message;
    }
    const own = (err as { message?: unknown }).message;
    if (typeof own === 'string') return own;
  }
  return String(err);
}

export function createOctokit(opts: OctokitOptions): GitHubClient {
  const baseUrl = opts.apiUrl.replace(/\/+$/, '');
  const octokit = getOctokit(opts.token, { baseUrl });
  const delayMs = opts.retryDelayMs ?? retryDelayMs();
  const timeoutMs = opts.timeoutMs ?? requestTimeoutMs();
  // Each attempt gets its own deadline; a timed-out attempt fails like a network error.
  octokit.hook.wrap('request', async (request, options) => {
    // Hooks inside this one (the token's) receive the options object they were registered with,
    // not what is passed to request(): the deadline must be set on that object itself.
    const attempt = () => {
      options.request = { ...options.request, signal: AbortSignal.timeout(timeoutMs) };
      return request(options);
    };
    try {
      return await attempt();
    } catch (err) {
      const status = httpStatusOf(err);
      const method = String(options.method ?? 'GET').toUpperCase();
      if (status === null || status < 500 || !IDEMPOTENT.has(method)) throw timedOut(err, timeoutMs);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      try {
        return await attempt();
      } catch (again) {
        throw timedOut(again, timeoutMs);
      }
    }
  });
  return octokit;
}

/** A request abandoned at its deadline says so, instead of octokit's "This operation was aborted". */
function timedOut(err: unknown, timeoutMs: number): unknown {
  const name =
    typeof err === 'object' && err !== null ? (err as { cause?: { name?: unknown } }).cause?.name : undefined;
  if (name !== 'TimeoutError') return err;
  const limit = timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`;
  const e = new Error(`GitHub's API did not answer within ${limit}`, { cause: err });
  Object.assign(e, { status: 500 });
  return e;
}
