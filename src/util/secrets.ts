/**
 * The second line of defence against leaks: whatever reaches a report, a log, a comment or
 * the console passes through maskSecrets. The first line is never reading such text at all
 * (see confined-file.ts); this one catches what gets through anyway, e.g. a server error that
 * quotes a migration's text back, or a seed command that prints its environment.
 */

export const MASK = '***';

/** Token shapes that are secret wherever they appear, known or not. */
const TOKEN_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  // GitHub tokens: personal, OAuth, user-to-server, server-to-server (GITHUB_TOKEN), refresh
  [/\bgh[pousr]_[A-Za-z0-9]{20,}/g, MASK],
  [/\bgithub_pat_[A-Za-z0-9_]{20,}/g, MASK],
  // JWTs, e.g. ACTIONS_RUNTIME_TOKEN and ACTIONS_ID_TOKEN_REQUEST_TOKEN
  [/\beyJ[A-Za-z0-9_-]{6,}\.eyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}/g, MASK],
  // NAME=value of a secret-looking variable, as an environment dump shows it
  [
    /\b([A-Za-z][A-Za-z0-9_-]*(?:TOKEN|SECRET|PASSWORD|PASSWD|PWD|CREDENTIALS?|API_KEY|PRIVATE_KEY))=[^\s\0'"]+/g,
    `$1=${MASK}`,
  ],
  // the password of a connection URL
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi, `$1${MASK}@`],
];

/** Variables whose values are secrets: their values are masked wherever they appear. */
const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|PRIVATE_KEY|API_KEY|^PGPASS|^MYSQL_PWD$/i;
/**
 * Variables a command of the user's (seed, migrate) must not see: the action's inputs (its
 * token), the runner's own tokens, and anything named like a secret. Those commands run the pull
 * request's code, which could otherwise encode a token into what the report shows.
 */
export function isWithheldVariable(name: string): boolean {
  return /^(INPUT_|ACTIONS_)/i.test(name) || name === 'GITHUB_TOKEN' || SECRET_NAME.test(name);
}

/** Shorter values would mask ordinary words. */
const MIN_SECRET_LENGTH = 6;

const known = new Set<string>();

/** Registers a value (a password, a token) to be masked; its URL-encoded form too. */
export function registerSecret(value: string | null | undefined): void {
  if (!value || value.length < MIN_SECRET_LENGTH) return;
  known.add(value);
  const encoded = encodeURIComponent(value);
  if (encoded !== value) known.add(encoded);
}

/** Registers the values of the environment's secret-looking variables (tokens, passwords). */
export function registerEnvironmentSecrets(env: NodeJS.ProcessEnv): void {
  for (const [name, value] of Object.entries(env)) {
    if (SECRET_NAME.test(name)) registerSecret(value);
  }
}

/** Cheap test for any token shape: most text (migrations' SQL in the logs) has none. */
const MAYBE_TOKEN = /gh[pousr]_|github_pat_|eyJ|TOKEN|SECRET|PASSWORD|PASSWD|PWD|CREDENTIAL|API_KEY|PRIVATE_KEY|:\/\//;

/** The text with every known secret and every token-shaped string replaced by ***. */
export function maskSecrets(text: string): string {
  let out = text;
  // Longest first, so that a secret containing another is masked whole.
  for (const secret of [...known].sort((a, b) => b.length - a.length)) {
    if (out.includes(secret)) out = out.split(secret).join(MASK);
  }
  if (!MAYBE_TOKEN.test(out)) return out;
  for (const [pattern, replacement] of TOKEN_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** A copy of a JSON-like value with every string masked (report objects before they are written). */
export function maskDeep<T>(value: T): T {
  if (typeof value === 'string') return maskSecrets(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => maskDeep(v)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = maskDeep(v);
    return out as T;
  }
  return value;
}

/** For tests: forget the registered values. */
export function clearSecrets(): void {
  known.clear();
}
