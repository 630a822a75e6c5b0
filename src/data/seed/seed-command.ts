import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { DatabaseTarget } from '../../engines/target.js';
import { SeedError, redact } from './errors.js';

export interface SeedCommandResult {
  command: string;
  ms: number;
  exitCode: number;
}

export interface SeedCommandOptions {
  /** Receives the command's stdout and stderr as they come (default: dropped; stderr's tail is kept for errors). */
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
}

/** Lines of stderr quoted in the error of a failed command. */
const TAIL_LINES = 20;
/** Characters of one quoted stderr line. */
const MAX_LINE = 500;
/** Bytes of stderr kept while the command runs. */
const TAIL_BYTES = 64 * 1024;

/** The connection as environment variables for the engine's own clients. */
export function seedEnvironment(t: DatabaseTarget): Record<string, string> {
  if (t.engine === 'postgres') {
    return {
      DATABASE_URL: t.url,
      PGHOST: t.host,
      PGPORT: String(t.port),
      PGUSER: t.user,
      PGPASSWORD: t.password,
      PGDATABASE: t.database,
      ...(t.params['sslmode'] ? { PGSSLMODE: t.params['sslmode'] } : {}),
    };
  }
  return {
    DATABASE_URL: t.url,
    MYSQL_HOST: t.host,
    MYSQL_TCP_PORT: String(t.port),
    MYSQL_USER: t.user,
    MYSQL_PWD: t.password,
    MYSQL_DATABASE: t.database,
  };
}

/**
 * Runs `sh -c CMD` in cwd with the connection in its environment. A non-zero exit (or a
 * signal) is a SeedError quoting the last lines of stderr, with the password removed.
 */
export async function runSeedCommand(target: DatabaseTarget, command: string, cwd: string, options: SeedCommandOptions = {}): Promise<SeedCommandResult> {
  const shown = redact(command, target.password);
  const started = performance.now();
  let tail = '';
  let truncated = false;
  // output is passed on line by line, so that a password split between chunks is still found
  const partial = { stdout: '', stderr: '' };
  const forward = (text: string, stream: 'stdout' | 'stderr', flush = false): void => {
    if (!options.onOutput) return;
    const all = partial[stream] + text;
    let cut = flush ? all.length : all.lastIndexOf('\n') + 1;
    if (all.length - cut > TAIL_BYTES) cut = all.length; // a line without end: pass it on anyway
    partial[stream] = all.slice(cut);
    if (cut > 0) options.onOutput(redact(all.slice(0, cut), target.password), stream);
  };
  const outcome = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; spawnError: Error | null }>((resolve) => {
    const child = spawn('sh', ['-c', command], {
      cwd,
      env: { ...process.env, ...seedEnvironment(target) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (text: string) => forward(text, 'stdout'));
    child.stderr.on('data', (text: string) => {
      tail += text;
      if (tail.length > TAIL_BYTES) {
        tail = tail.slice(-TAIL_BYTES);
        truncated = true;
      }
      forward(text, 'stderr');
    });
    child.on('error', (err) => resolve({ code: null, signal: null, spawnError: err }));
    child.on('close', (code, signal) => {
      forward('', 'stdout', true);
      forward('', 'stderr', true);
      resolve({ code, signal, spawnError: null });
    });
  });
  const ms = performance.now() - started;
  if (outcome.spawnError) {
    throw new SeedError(`seed command ${JSON.stringify(shown)} could not start: ${outcome.spawnError.message}`, shown, null);
  }
  if (outcome.code !== 0) {
    const how = outcome.code === null ? `was killed by ${outcome.signal ?? 'a signal'}` : `exited with code ${outcome.code}`;
    const all = redact(tail, target.password).replace(/\s+$/, '').split('\n');
    // a line cut by the kept window is not quoted
    if (truncated) all.shift();
    const lines = all
      .slice(-TAIL_LINES)
      .map((l) => (l.length > MAX_LINE ? `${l.slice(0, MAX_LINE - 1)}…` : l));
    const quoted = lines.length > 0 && lines.some((l) => l.trim() !== '') ? `; stderr (last ${lines.length} lines):\n${lines.join('\n')}` : '; no stderr output';
    throw new SeedError(`seed command ${JSON.stringify(shown)} ${how}${quoted}`, shown, null);
  }
  return { command: shown, ms: Math.round(ms), exitCode: 0 };
}
