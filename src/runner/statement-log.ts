import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';

export interface LoggedStatement {
  at: Date;
  line: number;
  durationMs: number;
  rows: number | null;
  error: { code: string | null; message: string } | null;
  sql: string;
}

/**
 * Every statement of one migration run, streamed to disk as it runs (never held whole in
 * memory). The file reads as SQL: each entry is a comment header and the statement.
 */
export class StatementLog {
  private readonly stream: fs.WriteStream;

  private constructor(readonly filePath: string) {
    this.stream = fs.createWriteStream(filePath, { encoding: 'utf8' });
    this.stream.on('error', () => {});
  }

  static async open(filePath: string, header: string): Promise<StatementLog> {
    await fs.promises.mkdir(path.dirname(filePath), { recursive: true });
    const log = new StatementLog(filePath);
    await log.write(`-- ${header.replace(/\n/g, ' ')}\n\n`);
    return log;
  }

  private async write(text: string): Promise<void> {
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  async statement(s: LoggedStatement): Promise<void> {
    const rows = s.rows === null ? '' : `  rows ${s.rows}`;
    const outcome = s.error ? `  ERROR ${s.error.code ?? ''} ${s.error.message}`.replace(/\s+/g, ' ') : '  ok';
    await this.write(`-- ${s.at.toISOString()}  line ${s.line}  ${s.durationMs.toFixed(3)} ms${rows}${outcome}\n${s.sql};\n\n`);
  }

  async note(text: string): Promise<void> {
    await this.write(`-- ${text.replace(/\n/g, ' ')}\n\n`);
  }

  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, 'finish').catch(() => {});
  }
}
