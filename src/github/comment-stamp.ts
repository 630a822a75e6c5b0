/**
 * Which run wrote a sticky comment, in a second hidden line under the key's marker: the commit
 * it tested, its run id and attempt, when it started, and whether it was still running. Runs
 * of one key compare stamps so that an older run finishing late never hides a newer run's
 * result, and duplicates left by a race keep the newest result.
 */

export interface CommentStamp {
  /** The head commit tested, or null when unknown. */
  head: string | null;
  runId: string | null;
  runAttempt: string | null;
  /** When the run started, ISO-8601. */
  startedAt: string;
  state: 'running' | 'done';
}

const PREFIX = '<!-- migration-test:run ';
const SUFFIX = ' -->';
const NOTE_PREFIX = '<!-- migration-test:note -->';

/** Only characters that cannot end the HTML comment or break the line. */
function clean(v: string): string {
  return v.replace(/[^\w.:+-]/g, '').replace(/-{2,}/g, '-');
}

export function stampLine(s: CommentStamp): string {
  const fields: Array<[string, string | null]> = [
    ['head', s.head],
    ['run', s.runId],
    ['attempt', s.runAttempt],
    ['started', s.startedAt],
    ['state', s.state],
  ];
  return `${PREFIX}${fields.map(([k, v]) => `${k}=${v === null ? '' : clean(v)}`).join(' ')}${SUFFIX}`;
}

export function parseStamp(body: string): CommentStamp | null {
  const start = body.indexOf(PREFIX);
  if (start < 0) return null;
  const end = body.indexOf(SUFFIX, start + PREFIX.length);
  if (end < 0) return null;
  const fields = new Map<string, string>();
  for (const part of body.slice(start + PREFIX.length, end).split(' ')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq), part.slice(eq + 1));
  }
  const startedAt = fields.get('started') ?? '';
  if (!Number.isFinite(Date.parse(startedAt))) return null;
  const orNull = (v: string | undefined) => (v ? v : null);
  return {
    head: orNull(fields.get('head')),
    runId: orNull(fields.get('run')),
    runAttempt: orNull(fields.get('attempt')),
    startedAt,
    state: fields.get('state') === 'running' ? 'running' : 'done',
  };
}

/** The body with the stamp placed right after its first line (the key's marker), replacing any. */
export function withStamp(body: string, stamp: CommentStamp | null): string {
  const lines = body.split('\n').filter((l) => !l.startsWith(PREFIX));
  if (stamp === null) return lines.join('\n');
  lines.splice(1, 0, stampLine(stamp));
  return lines.join('\n');
}

export function sameRun(a: CommentStamp, b: CommentStamp): boolean {
  return a.runId === b.runId && a.runAttempt === b.runAttempt && a.head === b.head;
}

/**
 * Orders runs: the higher run id first (GitHub numbers a repository's runs in the order they
 * were created, whereas start times are each runner's clock, after queues and `needs:`), then
 * the later attempt, then the later start (runs without an id), a result over "running".
 */
export function compareStamps(a: CommentStamp | null, b: CommentStamp | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  const keys = (s: CommentStamp) => [
    Number(s.runId) || 0,
    Number(s.runAttempt) || 0,
    Date.parse(s.startedAt),
    s.state === 'done' ? 1 : 0,
  ];
  const ka = keys(a);
  const kb = keys(b);
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
  return 0;
}

/** The body with a one-line note at its end, replacing an earlier note. */
export function withNote(body: string, note: string): string {
  const kept = body
    .split('\n')
    .filter((l) => !l.startsWith(NOTE_PREFIX))
    .join('\n')
    .replace(/\n+$/, '');
  return `${kept}\n\n${NOTE_PREFIX}${note.replace(/\s+/g, ' ').trim()}\n`;
}
