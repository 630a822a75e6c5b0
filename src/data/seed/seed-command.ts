import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { StringDecoder } from 'node:string_decoder';
import type { DatabaseTarget } from '../../engines/target.js';
import { runCommand } from '../../github/exec.js';
import { isWithheldVariable } from '../../util/secrets.js';
import { SeedError, errorText, redact } from './errors.js';

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

/**
 * The connection as environment variables for the engine's own clients, meaning what the URL
 * means: PGHOST is the socket directory for a socket (libpq reads it so), PGSSLMODE is always
 * set (disable when the URL gives none, as the run's own connections do, rather than libpq's
 * prefer). The mysql client reads no TLS settings from its environment: a seed command that
 * needs them passes --ssl-mode itself; it uses MYSQL_UNIX_PORT when the host is localhost.
 */
export function seedEnvironment(t: DatabaseTarget): Record<string, string> {
  if (t.engine === 'postgres') {
    return {
      DATABASE_URL: t.url,
      PGHOST: t.host,
      PGPORT: String(t.port),
      PGUSER: t.user,
      PGPASSWORD: t.password,
      PGDATABASE: t.database,
      PGSSLMODE: t.tls.mode,
      ...(t.tls.ca
        ? { PGSSLROOTCERT: t.tls.ca }
        : t.params['sslrootcert'] === 'system'
          ? { PGSSLROOTCERT: 'system' }
          : {}),
      ...(t.tls.cert ? { PGSSLCERT: t.tls.cert } : {}),
      ...(t.tls.key ? { PGSSLKEY: t.tls.key } : {}),
    };
  }
  return {
    DATABASE_URL: t.url,
    MYSQL_HOST: t.host,
    MYSQL_TCP_PORT: String(t.port),
    ...(t.socketPath !== null ? { MYSQL_UNIX_PORT: t.socketPath } : {}),
    MYSQL_USER: t.user,
    MYSQL_PWD: t.password,
    MYSQL_DATABASE: t.database,
  };
}

/** Output passed on line by line, so that a password split between chunks is still found. */
class LineForwarder {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';

  constructor(
    private readonly stream: 'stdout' | 'stderr',
    private readonly password: string,
    private readonly onOutput: NonNullable<SeedCommandOptions['onOutput']>,
  ) {}

  /** Decodes a chunk (a character may be split between chunks) and returns its text. */
  write(chunk: Buffer): string {
    const text = this.decoder.write(chunk);
    this.forward(text, false);
    return text;
  }

  end(): string {
    const text = this.decoder.end();
    this.forward(text, true);
    return text;
  }

  private forward(text: string, flush: boolean): void {
    const all = this.partial + text;
    let cut = flush ? all.length : all.lastIndexOf('\n') + 1;
    if (all.length - cut > TAIL_BYTES) cut = all.length; // a line without end: pass it on anyway
    this.partial = all.slice(cut);
    if (cut > 0) this.onOutput(redact(all.slice(0, cut), this.password), this.stream);
  }
}

/** The last TAIL_BYTES of stderr, kept while the command runs. */
class StderrTail {
  private text = '';
  private truncated = false;

  add(text: string): void {
    this.text += text;
    if (this.text.length > TAIL_BYTES) {
      this.text = this.text.slice(-TAIL_BYTES);
      this.truncated = true;
    }
  }

  /** The last TAIL_LINES lines, password removed, each at most MAX_LINE characters. */
  lines(password: string): string[] {
    const all = redact(this.text, password).replace(/\s+$/, '').split('\n');
    // a line cut by the kept window is not quoted
    if (this.truncated) all.shift();
    return all.slice(-TAIL_LINES).map((l) => (l.length > MAX_LINE ? `${l.slice(0, MAX_LINE - 1)}…` : l));
  }
}

/** This process's environment, tokens and secrets withheld, with the connection's variables added. */
function commandEnvironment(target: DatabaseTarget): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env))
    if (value !== undefined && !isWithheldVariable(name)) env[name] = value;
  return { ...env, ...seedEnvironment(target) };
}

/**
 * `sh -c CMD` with /dev/null as its standard input, so that a client that reads its input
 * (psql, mysql without a file) ends at once: @actions/exec leaves the command's stdin an open
 * pipe, and closing it through its `input` option races with a command that has already exited.
 * It runs as the leader of a process group of its own (setsid, where the system has it) whose id
 * the wrapper writes to the file $2 first: a command that outlasts its time, or a cancelled run,
 * is ended with everything it started, and @actions/exec does not give the child's id.
 */
const IN_OWN_GROUP =
  'printf %s "$$" > "$2"; if command -v setsid >/dev/null 2>&1; then exec setsid sh -c "$1" </dev/null; fi; exec sh -c "$1" </dev/null';

/** How long a command asked to stop (SIGTERM) has before it is killed. */
const STOP_GRACE_MS = 5000;

/** Ends the command's process group (or the process, without setsid): SIGTERM, then SIGKILL after the grace period. */
async function stopGroup(pidFile: string, exited: () => boolean): Promise<void> {
  // A stop asked for before the wrapper wrote its id waits for it (or for the command's end).
  let pid = NaN;
  for (let tries = 0; tries < 50 && !exited(); tries++) {
    pid = Number(await readFile(pidFile, 'utf8').catch(() => ''));
    if (Number.isInteger(pid) && pid > 1) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!Number.isInteger(pid) || pid <= 1) return;
  const signal = (sig: NodeJS.Signals): boolean => {
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, sig);
        return true;
      } catch {
        // Not a group leader (no setsid), or gone already.
      }
    }
    return false;
  };
  if (!signal('SIGTERM')) return;
  await new Promise((r) => setTimeout(r, STOP_GRACE_MS).unref());
  // Only a group that still has members: its id is never handed to a process of someone else's.
  try {
    process.kill(-pid, 0);
  } catch {
    return;
  }
  signal('SIGKILL');
}

/** How a shell command ended: its exit code (null: a signal), time, and stderr's last lines (password removed). */
export interface ShellCommandResult {
  /** The command as it may be shown: the password removed. */
  command: string;
  exitCode: number | null;
  ms: number;
  stderrTail: string[];
  /** How it ended, in words: `exited with code 3`, `was killed by a signal`. */
  how: string;
  /** Why migration-test stopped it, when it did. */
  stopped?: 'timeout' | 'cancelled';
}

/**
 * Runs `sh -c CMD` in cwd with the connection in its environment (and `env`'s variables),
 * through the Actions toolkit's exec. Output reaches `onOutput` line by line with the password
 * removed. A command that cannot start rejects with its cause.
 */
export async function runShellCommand(
  target: DatabaseTarget,
  command: string,
  cwd: string,
  options: SeedCommandOptions & {
    env?: Record<string, string>;
    /** Ends the command (its whole process group) when aborted. */
    signal?: AbortSignal;
    /** Ends the command after this long. */
    timeoutMs?: number | null;
  } = {},
): Promise<ShellCommandResult> {
  const shown = redact(command, target.password);
  const started = performance.now();
  const tail = new StderrTail();
  const onOutput = options.onOutput ?? (() => undefined);
  const stdout = new LineForwarder('stdout', target.password, onOutput);
  const stderr = new LineForwarder('stderr', target.password, onOutput);
  const pidDir = await mkdtemp(path.join(os.tmpdir(), 'migration-test-cmd-'));
  const pidFile = path.join(pidDir, 'pid');
  let ended: 'timeout' | 'cancelled' | null = null;
  let exited = false;
  const stop = (why: 'timeout' | 'cancelled') => {
    ended ??= why;
    void stopGroup(pidFile, () => exited);
  };
  const onAbort = () => stop('cancelled');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const timer = options.timeoutMs ? setTimeout(() => stop('timeout'), options.timeoutMs) : null;
  let exitCode: number | null;
  try {
    ({ exitCode } = await runCommand('sh', ['-c', IN_OWN_GROUP, 'sh', command, pidFile], {
      cwd,
      env: { ...commandEnvironment(target), ...options.env },
      onStdout: (chunk) => stdout.write(chunk),
      onStderr: (chunk) => tail.add(stderr.write(chunk)),
    }));
  } finally {
    exited = true;
    if (timer) clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    await rm(pidDir, { recursive: true, force: true });
  }
  stdout.end();
  tail.add(stderr.end());
  const how =
    ended === 'timeout'
      ? `ran longer than ${Math.round((options.timeoutMs ?? 0) / 1000)} s and was stopped`
      : ended === 'cancelled'
        ? 'was stopped: the run was cancelled'
        : exitCode === null
          ? 'was killed by a signal'
          : `exited with code ${exitCode}`;
  return {
    command: shown,
    exitCode,
    ms: Math.round(performance.now() - started),
    stderrTail: tail.lines(target.password),
    how,
    ...(ended ? { stopped: ended } : {}),
  };
}

/** The last lines of stderr as a message ends them. */
export function quotedStderr(lines: readonly string[]): string {
  return lines.length > 0 && lines.some((l) => l.trim() !== '')
    ? `; stderr (last ${lines.length} lines):\n${lines.join('\n')}`
    : '; no stderr output';
}

/**
 * Runs the seed command (runShellCommand). A non-zero exit (or a signal, which exec does not
 * name) is a SeedError quoting the last lines of stderr, with the password removed.
 */
export async function runSeedCommand(
  target: DatabaseTarget,
  command: string,
  cwd: string,
  options: SeedCommandOptions = {},
): Promise<SeedCommandResult> {
  let r: ShellCommandResult;
  try {
    r = await runShellCommand(target, command, cwd, options);
  } catch (err) {
    const shown = redact(command, target.password);
    throw new SeedError(
      `seed command ${JSON.stringify(shown)} could not start: ${redact(errorText(err), target.password)}`,
      shown,
      null,
    );
  }
  if (r.exitCode !== 0) {
    throw new SeedError(
      `seed command ${JSON.stringify(r.command)} ${r.how}${quotedStderr(r.stderrTail)}`,
      r.command,
      null,
    );
  }
  return { command: r.command, ms: r.ms, exitCode: 0 };
}
