/**
 * The client's half of the PostgreSQL wire protocol (protocol 3.0, "Frontend/Backend
 * Protocol", Message Formats), read at message boundaries only: the bytes are forwarded as they
 * came; these are what the recording proxy needs to know of them. pg-protocol (node-postgres)
 * parses the server's half; it has no parser for the client's, so this one is hand-written, and
 * small: a type byte, a length, and for the few messages that carry SQL, their fields.
 */

import { ByteQueue } from '../byte-queue.js';

/** Request codes of the untyped first message (a length, then the code). */
export const SSL_REQUEST = 80877103;
export const GSSENC_REQUEST = 80877104;
export const CANCEL_REQUEST = 80877102;
export const PROTOCOL_3 = 196608;

/** One message of the client's, with its exact bytes. */
export type FrontendMessage =
  | { kind: 'startup'; code: number; bytes: Buffer }
  | { kind: 'query'; sql: string; bytes: Buffer }
  | { kind: 'parse'; statement: string; sql: string; bytes: Buffer }
  | { kind: 'bind'; portal: string; statement: string; params: (string | null)[]; bytes: Buffer }
  | { kind: 'execute'; portal: string; bytes: Buffer }
  | { kind: 'sync'; bytes: Buffer }
  | { kind: 'terminate'; bytes: Buffer }
  | { kind: 'other'; type: string; bytes: Buffer };

/** Longest message accepted from a client: the server's own limit for most messages is 1 GB. */
const MAX_MESSAGE_BYTES = 1 << 30;
/** The server's own limit for a startup packet (MAX_STARTUP_PACKET_LENGTH). */
const MAX_STARTUP_BYTES = 10_000;

export class FrontendProtocolError extends Error {}

/**
 * Cuts the client's byte stream into messages. The first message has no type byte; after a
 * refused SSL or GSS request, the next one is untyped again.
 */
export class FrontendReader {
  private readonly pending = new ByteQueue();
  private expectUntyped = true;

  /**
   * Adds bytes; returns the complete messages they end, and from the first message that cannot
   * be read on, every byte not yet returned (`unreadable`): the caller forwards those as they are.
   */
  push(chunk: Buffer): { messages: FrontendMessage[]; unreadable: Buffer | null } {
    this.pending.append(chunk);
    const messages: FrontendMessage[] = [];
    for (;;) {
      let message: FrontendMessage | null;
      try {
        message = this.next();
      } catch (err) {
        if (!(err instanceof FrontendProtocolError)) throw err;
        return { messages, unreadable: this.pending.take(this.pending.length) };
      }
      if (!message) return { messages, unreadable: null };
      messages.push(message);
    }
  }

  private next(): FrontendMessage | null {
    const untyped = this.expectUntyped;
    const header = untyped ? 4 : 5;
    if (this.pending.length < header) return null;
    const head = this.pending.peek(header);
    const length = head.readInt32BE(untyped ? 0 : 1);
    // The server refuses a startup packet over 10,000 bytes; other messages it takes up to 1 GB.
    if (length < 4 || length > (untyped ? MAX_STARTUP_BYTES : MAX_MESSAGE_BYTES)) {
      throw new FrontendProtocolError(`message length ${length} out of range`);
    }
    const total = untyped ? length : length + 1;
    if (this.pending.length < total) return null;
    const bytes = this.pending.take(total);
    if (untyped) {
      const code = length >= 8 ? bytes.readInt32BE(4) : 0;
      // After a refused encryption request the client starts over with an untyped message.
      this.expectUntyped = code === SSL_REQUEST || code === GSSENC_REQUEST;
      return { kind: 'startup', code, bytes };
    }
    return typedMessage(String.fromCharCode(bytes[0]!), bytes);
  }
}

function typedMessage(type: string, bytes: Buffer): FrontendMessage {
  const body = new BodyReader(bytes, 5);
  switch (type) {
    case 'Q':
      return { kind: 'query', sql: body.cstring(), bytes };
    case 'P': {
      const statement = body.cstring();
      return { kind: 'parse', statement, sql: body.cstring(), bytes };
    }
    case 'B':
      return { kind: 'bind', ...bindFields(body), bytes };
    case 'E':
      return { kind: 'execute', portal: body.cstring(), bytes };
    case 'S':
      return { kind: 'sync', bytes };
    case 'X':
      return { kind: 'terminate', bytes };
    default:
      return { kind: 'other', type, bytes };
  }
}

/** A Bind's portal, statement and parameters; parameters sent in binary are not text (null). */
function bindFields(body: BodyReader): { portal: string; statement: string; params: (string | null)[] } {
  const portal = body.cstring();
  const statement = body.cstring();
  const formats = Array.from({ length: body.int16() }, () => body.int16());
  const count = body.int16();
  const params: (string | null)[] = [];
  for (let i = 0; i < count; i++) {
    const length = body.int32();
    const value = length < 0 ? null : body.bytes(length);
    // One format code applies to all; none means text.
    const format = formats.length === 1 ? formats[0] : (formats[i] ?? 0);
    params.push(value === null || format !== 0 ? null : value.toString('utf8'));
  }
  return { portal, statement, params };
}

class BodyReader {
  constructor(
    private readonly buf: Buffer,
    private offset: number,
  ) {}

  cstring(): string {
    const end = this.buf.indexOf(0, this.offset);
    if (end < 0) throw new FrontendProtocolError('unterminated string in a client message');
    const s = this.buf.toString('utf8', this.offset, end);
    this.offset = end + 1;
    return s;
  }

  int16(): number {
    this.need(2);
    const v = this.buf.readInt16BE(this.offset);
    this.offset += 2;
    return v;
  }

  int32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  bytes(n: number): Buffer {
    this.need(n);
    const b = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return b;
  }

  private need(n: number): void {
    if (this.offset + n > this.buf.length) throw new FrontendProtocolError('client message shorter than its fields');
  }
}
