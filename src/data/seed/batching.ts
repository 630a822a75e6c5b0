/**
 * The pipelining both dump loaders share: statements gather into a batch (one message to the
 * server), one batch is in flight while the next is read, and a statement that must run alone
 * gets a message of its own and is waited for before anything after it is sent.
 */
export interface Batch<Part> {
  parts: Part[];
  lines: number[];
  /** Bytes the batch's message will take, separators included. */
  bytes: number;
}

function emptyBatch<Part>(): Batch<Part> {
  return { parts: [], lines: [], bytes: 0 };
}

export abstract class BatchingLoader<Part, Sent> {
  statements = 0;
  protected batch: Batch<Part> = emptyBatch();
  private inflight: Sent | null = null;

  /** Starts sending a batch's statements as one message. */
  protected abstract send(parts: Part[], lines: number[]): Sent;
  /** Waits for a sent batch; its failure is thrown as a SeedError naming the statement. */
  protected abstract wait(sent: Sent): Promise<void>;

  protected add(part: Part, line: number, bytes: number): void {
    this.batch.parts.push(part);
    this.batch.lines.push(line);
    this.batch.bytes += bytes;
  }

  protected async sendAlone(part: Part, line: number, bytes: number): Promise<void> {
    await this.flush();
    this.add(part, line, bytes);
    await this.flush();
    await this.settle();
  }

  /** Sends the batch once the one in flight is done. */
  async flush(): Promise<void> {
    const { parts, lines } = this.batch;
    if (parts.length === 0) return;
    this.batch = emptyBatch();
    await this.settle();
    this.inflight = this.send(parts, lines);
  }

  /** Waits for the batch in flight, if any. */
  async settle(): Promise<void> {
    const sent = this.inflight;
    if (!sent) return;
    this.inflight = null;
    await this.wait(sent);
  }
}
