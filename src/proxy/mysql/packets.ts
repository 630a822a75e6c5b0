/**
 * MySQL client/server protocol framing ("MySQL Packets" in the MySQL source documentation): a
 * 3-byte little-endian payload length, a sequence id, the payload; a payload of 2^24-1 bytes
 * continues in the next packet. mysql2 has packet parsing of its own, but inside its client
 * (Packet, PacketParser) and for the client's side only: the proxy reads both directions at
 * packet boundaries, so this small reader is hand-written.
 */

import { ByteQueue } from '../byte-queue.js';

export const MAX_PAYLOAD = 0xffffff;

/** One logical packet: payload (continuations joined) and the raw bytes it came in. */
export interface Packet {
  seq: number;
  payload: Buffer;
  bytes: Buffer;
}

/** Longest payload followed, continuations joined: past it, the connection is not read any more. */
const MAX_JOINED_PAYLOAD = 1 << 30;

export class PacketTooLarge extends Error {}

/** Cuts a byte stream into packets; a payload split over continuation packets comes out joined. */
export class PacketReader {
  private readonly pending = new ByteQueue();
  /** Continuation packets of a payload not yet whole. */
  private parts: Buffer[] = [];
  private partsBytes: Buffer[] = [];
  private partsLength = 0;

  push(chunk: Buffer): Packet[] {
    this.pending.append(chunk);
    const out: Packet[] = [];
    for (;;) {
      const packet = this.next();
      if (!packet) return out;
      out.push(packet);
    }
  }

  private next(): Packet | null {
    for (;;) {
      if (this.pending.length < 4) return null;
      const head = this.pending.peek(4);
      const length = head.readUIntLE(0, 3);
      if (this.pending.length < 4 + length) return null;
      const bytes = this.pending.take(4 + length);
      this.parts.push(bytes.subarray(4));
      this.partsBytes.push(bytes);
      this.partsLength += length;
      if (this.partsLength > MAX_JOINED_PAYLOAD) throw new PacketTooLarge('payload over 1 GiB');
      if (length < MAX_PAYLOAD) {
        const payload = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
        const all = this.partsBytes.length === 1 ? this.partsBytes[0]! : Buffer.concat(this.partsBytes);
        this.parts = [];
        this.partsBytes = [];
        this.partsLength = 0;
        return { seq: head[3]!, payload, bytes: all };
      }
    }
  }

  /** What is held and not yet returned, for a caller that forwards the rest as it is. */
  rest(): Buffer {
    const held = [...this.partsBytes, this.pending.take(this.pending.length)];
    this.parts = [];
    this.partsBytes = [];
    this.partsLength = 0;
    return Buffer.concat(held);
  }
}

/** A length-encoded integer at `offset`: its value and the bytes it took. */
export function lenenc(buf: Buffer, offset: number): { value: number; size: number } {
  const first = buf[offset] ?? 0;
  if (first < 0xfb) return { value: first, size: 1 };
  if (first === 0xfc) return { value: buf.readUInt16LE(offset + 1), size: 3 };
  if (first === 0xfd) return { value: buf.readUIntLE(offset + 1, 3), size: 4 };
  if (first === 0xfe) return { value: Number(buf.readBigUInt64LE(offset + 1)), size: 9 };
  return { value: 0, size: 1 };
}

/** An OK packet's affected rows and status flags (header 0x00, or 0xFE ending a result set without EOF packets). */
export function okPacket(payload: Buffer): { affectedRows: number; status: number } {
  const affected = lenenc(payload, 1);
  const insertId = lenenc(payload, 1 + affected.size);
  const at = 1 + affected.size + insertId.size;
  return { affectedRows: affected.value, status: payload.length >= at + 2 ? payload.readUInt16LE(at) : 0 };
}

/** An EOF packet's status flags (header 0xFE, payload under 9 bytes). */
export function eofStatus(payload: Buffer): number {
  return payload.length >= 5 ? payload.readUInt16LE(3) : 0;
}

/** An ERR packet: error code, SQLSTATE when the server sent one, message. */
export function errPacket(payload: Buffer): { code: number; sqlState: string | null; message: string } {
  const code = payload.length >= 3 ? payload.readUInt16LE(1) : 0;
  const hasState = payload[3] === 0x23; // '#'
  return {
    code,
    sqlState: hasState ? payload.toString('latin1', 4, 9) : null,
    message: payload.toString('utf8', hasState ? 9 : 3),
  };
}
