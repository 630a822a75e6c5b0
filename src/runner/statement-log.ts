import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { MigrationError } from '../report/model.js';
import { maskSecrets } from '../util/secrets.js';

/** A refused statement's error: the server's words, and where inside the statement it points. */
export type LoggedError = Omit<MigrationError, 'line' | 'statementIndex'>;

export interface LoggedStatement {
  at: Date;
  line: number;
  durationMs: number;
  rows: number | null;
  error: LoggedError | null;
  sql: string;
}

/** Entries are gathered into writes of this many bytes... */
const FLUSH_BYTES = 64 * 1024;
/** ...or written this long after the first of them, so a slow statement never hides the ones before it. */
const FLUSH_MS = 200;
/** The file stream's own buffer; past it, logging waits for the disk (backpressure). */
const HIGH_WATER_MARK = 256 * 1024;

/** The header's outcome for a refused statement, then DETAIL, HINT and CONTEXT as psql prints them. */
function errorOutcome(error: LoggedError): string {
  // Masked too: a server may quote a migration's text back.
  const flat = (text: string) => maskSecrets(text).replace(/\s+/g, ' ').trim();
  let out = ` ${flat(`ERROR ${error.code ?? ''} ${error.message}`)}`;
  if (error.positionLine !== undefined) out += ` (at line ${error.positionLine})`;
  // Each on comment lines of its own, so that the file still reads as SQL.
  const more: [string, string | undefined][] = [
    ['DETAIL', error.detail],
    ['HINT', error.hint],
    ['CONTEXT', error.where],
  ];
  for (const [label, text] of more) {
    if (text) out += `\n-- ${label}: ${text.split('\n').map(flat).join('\n--   ')}`;
  }
  return out;
}

/**
 * Every statement of one migration run, streamed to disk as it runs (never held whole in
 * memory). The file reads as SQL: each entry is a comment header and the statement.
 *
 * Entries are encoded at once into a 64 KiB buffer outside the JavaScript heap, written when
 * it is full or 200 ms after its first entry: one write per statement cost more than a fast
 * statement, and text gathered as strings lived long enough to be promoted to the old
 * generation, where a million statements' worth piled up before a full collection. For the
 * same reason line numbers and row counts are written as digits, not made strings: V8 keeps
 * the string of each new number in a cache, which made them all outlive young collections
 * (and V8 then allocated such strings straight into the old generation). A writer that
 * outruns the disk waits for it, so memory stays bounded by the buffer plus the stream's
 * own (256 KiB).
 */
export class StatementLog {
  private buffer = Buffer.allocUnsafeSlow(FLUSH_BYTES);
  private used = 0;
  private timer: NodeJS.Timeout | null = null;
  private failed = false;

  private constructor(
    readonly filePath: string,
    private readonly stream: Writable,
  ) {
    this.stream.on('error', () => {
      // A log that cannot be written must not fail the migration it describes.
      this.failed = true;
    });
  }

  static async open(filePath: string, header: string): Promise<StatementLog> {
    await fs.promises.mkdir(path.dirname(filePath), { recursive: true });
    return StatementLog.onStream(filePath, fs.createWriteStream(filePath, { highWaterMark: HIGH_WATER_MARK }), header);
  }

  /** Internal (tests): a log on any writable stream. */
  static async onStream(filePath: string, stream: Writable, header: string): Promise<StatementLog> {
    const log = new StatementLog(filePath, stream);
    await log.write(`-- ${header.replace(/\n/g, ' ')}\n\n`);
    return log;
  }

  private async write(text: string): Promise<void> {
    const bytes = Buffer.byteLength(text);
    if (bytes > FLUSH_BYTES - this.used) {
      await this.flush();
      if (bytes > FLUSH_BYTES) {
        await this.send(Buffer.from(text));
        return;
      }
    }
    this.put(text);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), FLUSH_MS);
      this.timer.unref();
    }
  }

  /** Hands what is gathered to the stream; resolves once the stream can take more. */
  private async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.used === 0) return;
    const chunk = this.buffer.subarray(0, this.used);
    this.buffer = Buffer.allocUnsafeSlow(FLUSH_BYTES);
    this.used = 0;
    await this.send(chunk);
  }

  private async send(chunk: Buffer): Promise<void> {
    if (this.failed) return;
    if (!this.stream.write(chunk) && !this.failed) {
      await once(this.stream, 'drain').catch(() => {});
    }
  }

  async statement(logged: LoggedStatement): Promise<void> {
    // The log is an artifact: what a server quotes back, or a file smuggled in, is masked here too.
    const s = { ...logged, sql: maskSecrets(logged.sql) };
    const at = s.at.toISOString();
    const ms = s.durationMs.toFixed(3);
    const outcome = s.error ? errorOutcome(s.error) : '  ok';
    // "-- " at "  line " N "  " ms " ms" ["  rows " N] outcome "\n" sql ";\n\n"
    const bound =
      3 + at.length + 7 + 21 + 2 + ms.length + 3 + 28 + Buffer.byteLength(outcome) + 1 + Buffer.byteLength(s.sql) + 3;
    if (bound > FLUSH_BYTES) {
      const rows = s.rows === null ? '' : `  rows ${s.rows}`;
      await this.write(`-- ${at}  line ${s.line}  ${ms} ms${rows}${outcome}\n${s.sql};\n\n`);
      return;
    }
    if (bound > FLUSH_BYTES - this.used) await this.flush();
    this.put('-- ');
    this.put(at);
    this.put('  line ');
    this.putInteger(s.line);
    this.put('  ');
    this.put(ms);
    this.put(' ms');
    if (s.rows !== null) {
      this.put('  rows ');
      this.putInteger(s.rows);
    }
    this.put(outcome);
    this.put('\n');
    this.put(s.sql);
    this.put(';\n\n');
    this.scheduleFlush();
  }

  /** Writes into the buffer, which the caller made sure has room. */
  private put(text: string): void {
    this.used += this.buffer.write(text, this.used);
  }

  /** A whole number as decimal digits (up to 21 bytes), without making it a string. */
  private putInteger(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) {
      this.put(String(n));
      return;
    }
    let digits = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
    let at = this.used + digits;
    let rest = n;
    do {
      this.buffer[--at] = 48 + (rest % 10);
      rest = Math.floor(rest / 10);
    } while (rest > 0);
    this.used += digits;
  }

  async note(text: string): Promise<void> {
    await this.write(`-- ${maskSecrets(text).replace(/\n/g, ' ')}\n\n`);
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    if (!this.failed && !this.stream.writableFinished) await once(this.stream, 'finish').catch(() => {});
  }
}
