import mysql from 'mysql2';
import { BatchingLoader } from '../../data/seed/batching.js';
import { SeedError, oneLine, serverMessage, shortenStatement, where } from '../../data/seed/errors.js';
import { MysqlScriptReader, type MysqlStatementItem } from '../../data/seed/mysql-stream.js';
import type { LoadOptions } from '../../data/seed/options.js';
import type { DumpSource } from '../../data/seed/source.js';
import type { DatabaseTarget } from '../target.js';
import { mysqlConnectionOptions } from './connection.js';

/*
 * Loads a mysqldump / mariadb-dump script through one mysql2 connection.
 *
 * Statements are sent several per COM_QUERY (multipleStatements): the server runs them one
 * after the other, each on its own as the mysql client would send it, and stops at the first
 * error, which is the failing statement's index (results before it are counted). A trigger or
 * routine written between DELIMITER lines goes alone. One batch is in flight while the next
 * is read.
 *
 * The connection's character set is latin1 on the client side, so that each char of the
 * (latin1-read) text becomes the file's byte again; the session then says SET NAMES utf8mb4,
 * as the client would by default, and the dump's own SET NAMES take over from there.
 */

/**
 * A batch is sent once it holds this many bytes or statements. Under 128 kB a batch's text
 * stays a young-generation string, which keeps memory flat; statements as large as
 * mysqldump's (up to 1 MB) gain nothing from sharing a round trip anyway.
 */
const BATCH_BYTES = 96 << 10;
const BATCH_STATEMENTS = 2000;

interface MysqlServerError {
  message?: string;
  sqlMessage?: string;
  errno?: number;
  code?: string;
}

interface SentBatch {
  done: Promise<{ error: unknown; index: number } | null>;
  parts: string[];
  lines: number[];
}

function connect(t: DatabaseTarget): Promise<mysql.Connection> {
  return new Promise((resolve, reject) => {
    const conn = mysql.createConnection({
      ...mysqlConnectionOptions(t),
      multipleStatements: true,
      charset: 'LATIN1_SWEDISH_CI',
      // mysql2 would follow the session's SET NAMES and start encoding as UTF-8
      flags: ['-SESSION_TRACK'],
    });
    conn.on('error', () => undefined);
    conn.connect((err) => (err ? reject(err) : resolve(conn)));
  });
}

function run(conn: mysql.Connection, sql: string): Promise<{ error: unknown; index: number } | null> {
  return new Promise((resolve) => {
    let results = 0;
    const query = conn.query(sql, (err) => resolve(err ? { error: err, index: results } : null));
    query.on('fields', () => {
      results++;
    });
  });
}

/** SET NAMES utf8mb4; returns max_allowed_packet. */
function prepareSession(conn: mysql.Connection): Promise<number> {
  return new Promise((resolve, reject) => {
    conn.query<mysql.RowDataPacket[][]>('SET NAMES utf8mb4; SELECT @@max_allowed_packet AS m', (err, results) => {
      if (err) return reject(err);
      const rows = results[1];
      resolve(Number(rows?.[0]?.['m'] ?? 4 << 20));
    });
  });
}

/** mysql2 decodes the server's messages with the connection's latin1: read their bytes as UTF-8 again. */
function utf8(text: string): string {
  return Buffer.from(text, 'latin1').toString('utf8');
}

export async function loadMysqlDump(
  target: DatabaseTarget,
  file: string,
  source: DumpSource,
  options: LoadOptions = {},
): Promise<number> {
  let conn: mysql.Connection;
  try {
    conn = await connect(target);
  } catch (err) {
    throw new SeedError(`${file}: cannot connect to the database: ${serverMessage(err)}`, file, null);
  }
  try {
    let maxPacket: number;
    try {
      maxPacket = await prepareSession(conn);
    } catch (err) {
      throw new SeedError(`${file}: cannot prepare the session: ${utf8(serverMessage(err))}`, file, null);
    }
    // the whole batch is one packet, which the server takes up to max_allowed_packet
    const loader = new MysqlLoader(
      conn,
      file,
      options,
      Math.max(64 << 10, Math.min(BATCH_BYTES, Math.floor(maxPacket / 2))),
    );
    const reader = new MysqlScriptReader();
    for await (const chunk of source.chunks()) {
      reader.push(chunk);
      await loader.drain(reader);
    }
    reader.end();
    await loader.drain(reader);
    await loader.flush();
    await loader.settle();
    return loader.statements;
  } finally {
    source.close();
    await new Promise<void>((resolve) => conn.end(() => resolve()));
  }
}

class MysqlLoader extends BatchingLoader<string, SentBatch> {
  constructor(
    private readonly conn: mysql.Connection,
    private readonly file: string,
    private readonly options: LoadOptions,
    private readonly batchBytes: number,
  ) {
    super();
  }

  async drain(reader: MysqlScriptReader): Promise<void> {
    for (let item = reader.next(); item !== null; item = reader.next()) {
      if (item.kind === 'meta') {
        this.options.onNote?.(
          `${where(this.file, item.line)}: skipped client command ${shortenStatement(utf8(item.text), 60)}`,
        );
        continue;
      }
      if (/^use\s/i.test(item.text)) {
        this.options.onNote?.(
          `${where(this.file, item.line)}: the dump switches to another database (${shortenStatement(utf8(item.text), 60)}); what follows is loaded there, not into the database of the URL`,
        );
      }
      await this.statement(item);
    }
  }

  private async statement(item: MysqlStatementItem): Promise<void> {
    this.statements++;
    // the ';\n' that joins it to the next statement
    const bytes = item.text.length + 2;
    if (item.alone) {
      await this.sendAlone(item.text, item.line, bytes);
      return;
    }
    // a batch never outgrows the limit by adding to it (unless its one statement does)
    if (this.batch.parts.length > 0 && this.batch.bytes + bytes > this.batchBytes) await this.flush();
    this.add(item.text, item.line, bytes);
    if (this.batch.bytes >= this.batchBytes || this.batch.parts.length >= BATCH_STATEMENTS) await this.flush();
  }

  protected send(parts: string[], lines: number[]): SentBatch {
    return { done: run(this.conn, parts.length === 1 ? (parts[0] as string) : parts.join(';\n')), parts, lines };
  }

  protected async wait(sent: SentBatch): Promise<void> {
    const failed = await sent.done;
    if (!failed) return;
    const index = Math.min(failed.index, sent.parts.length - 1);
    const e = failed.error as MysqlServerError;
    const line = sent.lines[index] ?? null;
    const code = e.errno ? ` [${e.errno}${e.code ? ` ${e.code}` : ''}]` : '';
    throw new SeedError(
      `${where(this.file, line)}: ${oneLine(utf8(e.sqlMessage ?? serverMessage(failed.error)))}${code}; statement: ${shortenStatement(utf8(sent.parts[index] ?? ''))}`,
      this.file,
      line,
    );
  }
}
