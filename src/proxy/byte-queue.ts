/**
 * Bytes received and not yet cut into messages, kept as the chunks they came in: a large
 * message is joined once, when it is whole, never chunk by chunk (which made a 25 MB statement
 * take seconds to pass through a proxy, and a 100 MB one minutes).
 */
export class ByteQueue {
  private chunks: Buffer[] = [];
  private total = 0;

  get length(): number {
    return this.total;
  }

  append(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.total += chunk.length;
  }

  /** The `n` bytes from `offset` on, without removing them; shorter when fewer are there. */
  peek(n: number, offset = 0): Buffer {
    const parts: Buffer[] = [];
    let skip = offset;
    let want = n;
    for (const c of this.chunks) {
      if (want <= 0) break;
      if (skip >= c.length) {
        skip -= c.length;
        continue;
      }
      const part = c.subarray(skip, skip + want);
      parts.push(part);
      want -= part.length;
      skip = 0;
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  /** Removes and returns the first `n` bytes (at most what is there). */
  take(n: number): Buffer {
    const out = this.peek(n);
    let left = out.length;
    this.total -= left;
    while (left > 0) {
      const first = this.chunks[0]!;
      if (first.length <= left) {
        this.chunks.shift();
        left -= first.length;
      } else {
        this.chunks[0] = first.subarray(left);
        left = 0;
      }
    }
    return out;
  }
}
