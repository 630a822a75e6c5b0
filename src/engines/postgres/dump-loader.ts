import { once } from 'node:events';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { BatchingLoader } from '../../data/seed/batching.js';
import { SeedError, serverMessage, shortenStatement, where } from '../../data/seed/errors.js';
import { SEED_APPLICATION_NAME, type LoadOptions } from '../../data/seed/options.js';
import { PgScriptReader, type PgCopyItem, type PgStatementItem } from '../../data/seed/postgres-stream.js';
import type { DumpSource } from '../../data/seed/source.js';
import type { DatabaseTarget } from '../target.js';
import { pgClientConfig } from './connection.js';

/*
 * Loads a plain pg_dump / psql script through one pg.Client.
 *
 * Statements go to the server as the file's bytes, several per simple-query message (psql
 * sends one per round trip): the server runs such a message's statements one after the other
 * in one implicit transaction. Statements that cannot run inside one are sent alone, and a
 * batch ends after a statement that changes how the server reads the text after it (the
 * server converts and parses a whole message before running it). One batch is in flight
 * while the next is read. COPY ... FROM STDIN data goes through pg-copy-streams as bytes.
 *
 * On failure the batch's earlier statements are rolled back with the failing one (psql
 * would have committed them); loading stops there either way.
 */

/** A batch is sent once it holds this many bytes or statements. */
const BATCH_BYTES = 256 << 10;
const BATCH_STATEMENTS = 2000;
/** Bytes of COPY data buffered before a write waits for the connection to drain. */
const COPY_BUFFER = 2 << 20;

interface PgServerError {
  message?: string;
  code?: string;
  position?: string;
  where?: string;
}

/** A simple-query message of the given bytes; its statements' rows are discarded. */
class RawQuery implements pg.Submittable {
  /** CommandComplete messages so far: the index of the statement an error belongs to. */
  completed = 0;
  readonly done: Promise<void>;
  private resolve!: () => void;
  private reject!: (err: unknown) => void;

  constructor(private readonly message: Buffer) {
    this.done = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // settled errors are collected by whoever awaits `done`
    this.done.catch(() => undefined);
  }

  submit(connection: pg.Connection): void {
    connection.stream.write(this.message);
  }

  handleRowDescription(): void {}
  handleDataRow(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}

  handleEmptyQuery(): void {
    this.completed++;
  }

  handleCommandComplete(): void {
    this.completed++;
  }

  /** A COPY ... FROM STDIN the reader did not recognise: fail it rather than hang. */
  handleCopyInResponse(connection: pg.Connection): void {
    const text = 'COPY FROM STDIN is only supported as a statement of its own followed by its data';
    const len = Buffer.byteLength(text) + 1;
    const msg = Buffer.alloc(1 + 4 + len);
    msg[0] = 0x66; // 'f' CopyFail
    msg.writeUInt32BE(4 + len, 1);
    msg.write(text, 5);
    connection.stream.write(msg);
  }

  handleError(err: unknown): void {
    this.reject(err);
  }

  handleReadyForQuery(): void {
    this.resolve();
  }
}

interface SentBatch {
  query: RawQuery;
  payload: Buffer;
  /** Byte offset of each statement in the payload. */
  starts: number[];
  lines: number[];
}

export async function loadPostgresDump(
  target: DatabaseTarget,
  file: string,
  source: DumpSource,
  options: LoadOptions = {},
): Promise<number> {
  const client = new pg.Client(pgClientConfig(target, { applicationName: SEED_APPLICATION_NAME }));
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    throw new SeedError(`${file}: cannot connect to the database: ${serverMessage(err)}`, file, null);
  }
  const loader = new PgLoader(client, file, options);
  try {
    const reader = new PgScriptReader();
    let first = true;
    for await (const chunk of source.chunks()) {
      if (first) {
        first = false;
        checkFormat(file, chunk);
      }
      reader.push(chunk);
      await loader.drain(reader);
    }
    reader.end();
    await loader.drain(reader);
    await loader.finish();
    return loader.statements;
  } finally {
    source.close();
    await client.end().catch(() => undefined);
  }
}

class PgLoader extends BatchingLoader<Buffer, SentBatch> {
  private copy: { stream: ReturnType<typeof copyFrom>; item: PgCopyItem; error: unknown } | null = null;

  constructor(
    private readonly client: pg.Client,
    private readonly file: string,
    private readonly options: LoadOptions,
  ) {
    super();
  }

  async drain(reader: PgScriptReader): Promise<void> {
    for (let item = reader.next(); item !== null; item = reader.next()) {
      switch (item.kind) {
        case 'sql':
          await this.statement(item);
          break;
        case 'copy':
          await this.flush();
          await this.settle();
          this.startCopy(item);
          this.statements++;
          break;
        case 'copyData':
          await this.copyData(item.bytes);
          break;
        case 'copyEnd':
          await this.endCopy();
          break;
        case 'meta':
          this.options.onNote?.(
            `${where(this.file, item.line)}: skipped psql meta-command ${shortenStatement(item.text, 60)}` +
              (/^\\(c|connect)\b/.test(item.text) ? '; what follows is loaded into the database of the URL' : ''),
          );
          break;
      }
    }
  }

  async finish(): Promise<void> {
    if (this.copy) await this.endCopy();
    await this.flush();
    await this.settle();
  }

  private async statement(item: PgStatementItem): Promise<void> {
    this.statements++;
    // the newline that separates it from the next statement
    const bytes = item.bytes.length + 1;
    if (item.alone) {
      await this.sendAlone(item.bytes, item.line, bytes);
      return;
    }
    this.add(item.bytes, item.line, bytes);
    if (item.endsBatch || this.batch.bytes >= BATCH_BYTES || this.batch.parts.length >= BATCH_STATEMENTS)
      await this.flush();
  }

  protected send(parts: Buffer[], lines: number[]): SentBatch {
    // 'Q', length, the statements separated by newlines, NUL
    let size = 0;
    for (const p of parts) size += p.length + 1;
    const message = Buffer.allocUnsafe(5 + size);
    message[0] = 0x51;
    message.writeUInt32BE(4 + size, 1);
    const starts: number[] = [];
    let at = 5;
    for (const p of parts) {
      starts.push(at - 5);
      p.copy(message, at);
      at += p.length;
      message[at++] = 10;
    }
    message[at - 1] = 0;
    const query = new RawQuery(message);
    this.client.query(query);
    return { query, payload: message.subarray(5, 5 + size - 1), starts, lines };
  }

  protected async wait(sent: SentBatch): Promise<void> {
    try {
      await sent.query.done;
    } catch (err) {
      throw this.batchError(err, sent);
    }
  }

  private batchError(err: unknown, sent: SentBatch): SeedError {
    const e = err as PgServerError;
    let index = Math.min(sent.query.completed, sent.starts.length - 1);
    const position = e.position ? Number(e.position) : NaN;
    if (Number.isFinite(position) && position > 0) {
      // a character position in the whole message: the statement holding it
      const offset = byteOffsetOfChar(sent.payload, position - 1);
      let k = 0;
      while (k + 1 < sent.starts.length && (sent.starts[k + 1] as number) <= offset) k++;
      if (k >= index) index = k;
    }
    const start = sent.starts[index] ?? 0;
    const end = index + 1 < sent.starts.length ? (sent.starts[index + 1] as number) - 1 : sent.payload.length;
    const sql = sent.payload.toString('utf8', start, end);
    const line = sent.lines[index] ?? null;
    return this.error(err, line, sql);
  }

  private error(err: unknown, line: number | null, sql: string, context = ''): SeedError {
    const e = err as PgServerError;
    const code = e.code ? ` [${e.code}]` : '';
    return new SeedError(
      `${where(this.file, line)}: ${serverMessage(err)}${code}${context}; statement: ${shortenStatement(sql)}`,
      this.file,
      line,
    );
  }

  private startCopy(item: PgCopyItem): void {
    // a deeper buffer than the default 16 kB: the data keeps flowing while the socket drains
    const stream = copyFrom(item.bytes.toString('utf8'), { highWaterMark: COPY_BUFFER });
    const copy: { stream: ReturnType<typeof copyFrom>; item: PgCopyItem; error: unknown } = {
      stream,
      item,
      error: null,
    };
    stream.on('error', (err) => {
      copy.error ??= err;
    });
    this.client.query(stream);
    this.copy = copy;
  }

  private async copyData(bytes: Buffer): Promise<void> {
    const copy = this.copy;
    if (!copy) return;
    if (copy.error) throw this.copyError(copy);
    if (!copy.stream.write(bytes)) {
      try {
        await once(copy.stream, 'drain');
      } catch (err) {
        copy.error ??= err;
      }
      if (copy.error) throw this.copyError(copy);
    }
  }

  private async endCopy(): Promise<void> {
    const copy = this.copy;
    if (!copy) return;
    this.copy = null;
    if (!copy.error) {
      const finished = once(copy.stream, 'finish').catch((err: unknown) => {
        copy.error ??= err;
      });
      copy.stream.end();
      await finished;
    }
    if (copy.error) throw this.copyError(copy);
  }

  /** A failed COPY: the data line the server names (COPY t, line N), else the COPY statement's. */
  private copyError(copy: { item: PgCopyItem; error: unknown }): SeedError {
    const e = copy.error as PgServerError;
    const m = e.where ? /^COPY [^,\n]+, line (\d+)/.exec(e.where) : null;
    const line = m ? copy.item.dataLine + Number(m[1]) - 1 : copy.item.line;
    const context = e.where ? ` (${e.where.split('\n')[0]})` : '';
    return this.error(copy.error, line, copy.item.bytes.toString('utf8'), context);
  }
}

/** pg_dump's custom and tar formats cannot be read as SQL: say what to do instead. */
function checkFormat(file: string, head: Buffer): void {
  const custom = head.subarray(0, 5).toString('latin1') === 'PGDMP';
  const tar = head.length > 262 && head.subarray(257, 262).toString('latin1') === 'ustar';
  if (custom || tar) {
    throw new SeedError(
      `${file}: a pg_dump ${custom ? 'custom' : 'tar'}-format archive, not a plain SQL dump; ` +
        `load it with --seed-command 'pg_restore --no-owner -d "$DATABASE_URL" ${file}'`,
      file,
      null,
    );
  }
}

/** UTF-8 byte offset of the `chars`-th character (code point) of a buffer. */
function byteOffsetOfChar(buf: Buffer, chars: number): number {
  let count = 0;
  for (let i = 0; i < buf.length; i++) {
    // continuation bytes do not start a character
    if (((buf[i] as number) & 0xc0) !== 0x80) {
      if (count === chars) return i;
      count++;
    }
  }
  return buf.length;
}
