/**
 * The REST client for api.github.com (or GITHUB_API_URL), from @actions/github so that the
 * runner's proxy settings apply, with GitHub's own plugins for what goes wrong on the way:
 *
 *   - @octokit/plugin-throttling waits out rate limits: a secondary rate limit (403 or 429
 *     saying so) for its Retry-After, a primary one (x-ratelimit-remaining: 0) until
 *     x-ratelimit-reset, and spaces writes as GitHub asks;
 *   - @octokit/plugin-retry tries 5xx answers and network errors again, with a growing pause
 *     (1 s, 4 s, 9 s). A create that is tried again may have been carried out the first time:
 *     the sticky comment removes such duplicates (see sticky-comment.ts).
 *
 * A 429 (or 403) that asks only for a Retry-After, without saying "secondary rate limit" or
 * x-ratelimit-remaining: 0, is one too: it is handed to the throttling plugin as a rate limit
 * that resets after Retry-After.
 *
 * All waiting for rate limits draws on one budget per process (about 2 minutes): past it the
 * call fails with a warning that names it, so a rate-limited API cannot hold the job for long.
 * Each attempt has its own deadline (30 s). After a cancel (limitGitHubTime) every attempt,
 * every pause between tries and every rate-limit wait ends by one deadline.
 */
import * as core from '@actions/core';
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

export type GitHubClient = ReturnType<typeof getOctokit>;

export interface OctokitOptions {
  token: string;
  /** GITHUB_API_URL, e.g. https://api.github.com or https://ghe.example.com/api/v3 */
  apiUrl: string;
  /** The unit of the pauses between tries of a failed request (default: retryDelayMs()). */
  retryDelayMs?: number;
  /** How long one request may take before it is abandoned (default: requestTimeoutMs()). */
  timeoutMs?: number;
}

function numberFromEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  const v = raw === undefined || raw === '' ? NaN : Number(raw);
  return Number.isFinite(v) && v >= min ? v : fallback;
}

/** 1000 ms, or MIGRATION_TEST_GITHUB_RETRY_DELAY_MS (the tests shorten it). */
export function retryDelayMs(): number {
  return numberFromEnv('MIGRATION_TEST_GITHUB_RETRY_DELAY_MS', 1000, 0);
}

/**
 * 30 s, or MIGRATION_TEST_GITHUB_TIMEOUT_MS: an API that never answers must not hold the job
 * (fetch alone would wait about 300 s per request).
 */
export function requestTimeoutMs(): number {
  const v = numberFromEnv('MIGRATION_TEST_GITHUB_TIMEOUT_MS', 30_000, 0);
  return v > 0 ? v : 30_000;
}

/** How long all rate-limit waits of this process may take together. */
class WaitBudget {
  private spentMs = 0;
  private limitMs: number | null = null;

  /** 120 s, or MIGRATION_TEST_GITHUB_WAIT_BUDGET_MS; lowered by limit(). */
  get totalMs(): number {
    const configured = numberFromEnv('MIGRATION_TEST_GITHUB_WAIT_BUDGET_MS', 120_000, 0);
    return this.limitMs === null ? configured : Math.min(configured, this.limitMs);
  }

  take(ms: number): boolean {
    if (this.spentMs + ms > this.totalMs) return false;
    this.spentMs += ms;
    return true;
  }

  limit(remainingMs: number): void {
    this.limitMs = this.spentMs + Math.max(0, remainingMs);
  }
}

const waits = new WaitBudget();

/** When every GitHub call of this process must be over (ms since the epoch), once limited. */
let deadline: number | null = null;

function timeLeftMs(): number {
  return deadline === null ? Infinity : deadline - Date.now();
}

/**
 * From now on, every GitHub call (its attempts, the pauses between them, rate-limit waits) ends
 * within this much time: a cancelled run has seconds left to publish what it measured.
 */
export function limitGitHubTime(remainingMs: number): void {
  const end = Date.now() + Math.max(0, remainingMs);
  deadline = deadline === null ? end : Math.min(deadline, end);
  waits.limit(remainingMs);
}

const MAX_RATE_LIMIT_RETRIES = 5;

interface LimitedRequest {
  method?: string;
  url?: string;
}

function rateLimitHandler(kind: string) {
  return (retryAfterSec: number, options: LimitedRequest, _octokit: unknown, retryCount: number): boolean => {
    const ms = Math.max(0, retryAfterSec) * 1000;
    if (retryCount < MAX_RATE_LIMIT_RETRIES && waits.take(ms)) {
      core.info(`GitHub's ${kind}: waiting ${retryAfterSec} s before ${options.method ?? 'GET'} ${options.url ?? ''}`);
      return true;
    }
    core.warning(
      `GitHub's ${kind}: gave up on ${options.method ?? 'GET'} ${options.url ?? ''} (it asked to wait ${retryAfterSec} s; ` +
        `at most ${Math.round(waits.totalMs / 1000)} s of waiting in all)`,
    );
    return false;
  };
}

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

interface AttemptOptions {
  method?: string;
  url?: string;
  request?: { retryCount?: number; retries?: number; signal?: AbortSignal };
}

/**
 * A deadline per attempt, and the limits of a cancelled run. As a plugin given before the
 * retrying ones its hook runs inside theirs, so each try gets a fresh deadline, no later than
 * the cancel's; the error stays octokit's (status 500, which the retry plugin tries again),
 * with a message that says what happened. A try the retry plugin would pause for past the
 * cancel's deadline is not made (its pause is not interruptible).
 */
function requestDeadline(timeoutMs: number, retryDelay: number) {
  return (octokit: { hook: { wrap: GitHubClient['hook']['wrap'] } }): void => {
    octokit.hook.wrap('request', async (request, options) => {
      const o = options as AttemptOptions;
      const left = timeLeftMs();
      if (left <= 0) {
        throw new Error(`no time left to call GitHub (${o.method ?? 'GET'} ${o.url ?? ''}): the run was cancelled`);
      }
      const ms = Math.min(timeoutMs, left);
      options.request = { ...options.request, signal: AbortSignal.timeout(ms) };
      try {
        return await request(options);
      } catch (err) {
        const retryCount = o.request?.retryCount ?? 0;
        if (o.request && (retryCount + 1) ** 2 * retryDelay >= timeLeftMs()) o.request.retries = 0;
        throw timedOut(asRateLimit(err), ms);
      }
    });
  };
}

/**
 * A 429 or 403 with Retry-After that the throttling plugin would not take for a rate limit (no
 * "secondary rate limit" text, no x-ratelimit-remaining: 0) gets the headers of one that resets
 * after Retry-After, so that the plugin waits it out within the budget.
 */
function asRateLimit(err: unknown): unknown {
  const status = httpStatusOf(err);
  if (status !== 429 && status !== 403) return err;
  const headers = (err as { response?: { headers?: Record<string, string | number | undefined> } }).response?.headers;
  const retryAfter = Number(headers?.['retry-after']);
  if (!headers || !Number.isFinite(retryAfter) || retryAfter < 0) return err;
  if (/\bsecondary rate\b/i.test((err as { message?: string }).message ?? '')) return err;
  if (String(headers['x-ratelimit-remaining']) === '0') return err;
  headers['x-ratelimit-remaining'] = '0';
  // The plugin waits until a second after the reset.
  headers['x-ratelimit-reset'] = String(Math.floor(Date.now() / 1000 + retryAfter) - 1);
  return err;
}

export function createOctokit(opts: OctokitOptions): GitHubClient {
  const baseUrl = opts.apiUrl.replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? requestTimeoutMs();
  const retryDelay = opts.retryDelayMs ?? retryDelayMs();
  return getOctokit(
    opts.token,
    {
      baseUrl,
      retry: {
        retryAfterBaseValue: retryDelay,
        // 429 is the throttling plugin's: it knows how long GitHub asked to wait.
        doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
        retries: 3,
      },
      throttle: {
        id: 'migration-test',
        onRateLimit: rateLimitHandler('rate limit'),
        onSecondaryRateLimit: rateLimitHandler('secondary rate limit'),
      },
    },
    requestDeadline(timeoutMs, retryDelay),
    retry,
    throttling,
  );
}

/** A request abandoned at its deadline says so, instead of octokit's "This operation was aborted". */
function timedOut(err: unknown, timeoutMs: number): unknown {
  if (typeof err !== 'object' || err === null) return err;
  const name = (err as { cause?: { name?: unknown } }).cause?.name;
  if (name !== 'TimeoutError') return err;
  const limit = timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`;
  (err as { message: string }).message = `GitHub's API did not answer within ${limit}`;
  return err;
}
