/**
 * A recording proxy for the MySQL client/server protocol (MySQL and MariaDB), on a loopback
 * port: the same role as the PostgreSQL one (../postgres/proxy.ts). Bytes are forwarded
 * unchanged with one exception: the server's greeting loses three capability bits, so that the
 * client asks for no TLS (the proxy listens on 127.0.0.1 only, as a server without TLS would
 * answer), no compression and no query attributes, which would hide the statements. The
 * authentication exchange (mysql_native_password, caching_sha2_password with its public-key
 * exchange, auth switches) passes through untouched.
 *
 * Recorded: COM_QUERY (multi-statement results too) and COM_STMT_EXECUTE with the SQL of its
 * COM_STMT_PREPARE and its text-like parameters; rows from OK packets' affected rows or a result
 * set's row count; errors with their code and SQLSTATE; whether the session is in a
 * transaction (the status flags). A connection the proxy cannot follow is forwarded as raw bytes
 * and counted as not measured.
 */
import type net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { OutgoingStatement, ProxyHooks, RecordedStatement, Upstream } from '../recorded.js';
import { type ConnectionCounters, RecordingProxy, forward } from '../proxy-server.js';
import { type Packet, PacketReader, eofStatus, errPacket, lenenc, okPacket } from './packets.js';

const CLIENT_COMPRESS = 0x20;
const CLIENT_SSL = 0x800;
const CLIENT_DEPRECATE_EOF = 0x1000000;
/** Upper half of the capabilities: CLIENT_QUERY_ATTRIBUTES (1 << 27), as bit 11 of the upper 16. */
const UPPER_QUERY_ATTRIBUTES = 1 << 11;
const SERVER_STATUS_IN_TRANS = 0x1;
const SERVER_MORE_RESULTS_EXISTS = 0x8;

const COM_QUIT = 0x01;
const COM_QUERY = 0x03;
const COM_STMT_PREPARE = 0x16;
const COM_STMT_EXECUTE = 0x17;
const COM_STMT_SEND_LONG_DATA = 0x18;
const COM_STMT_CLOSE = 0x19;

/**
 * The greeting with TLS, compression and query attributes taken out of the server's
 * capabilities (HandshakeV10: protocol, version string, thread id, 8 bytes of scramble, a
 * filler, the lower capability flags, charset, status, the upper flags).
 */
export function withoutCapabilities(greeting: Packet): Buffer {
  const payload = Buffer.from(greeting.payload);
  if (payload[0] !== 10) return greeting.bytes;
  const versionEnd = payload.indexOf(0, 1);
  const lower = versionEnd + 1 + 4 + 8 + 1;
  if (versionEnd < 0 || payload.length < lower + 2) return greeting.bytes;
  payload.writeUInt16LE(payload.readUInt16LE(lower) & ~(CLIENT_SSL | CLIENT_COMPRESS), lower);
  const upper = lower + 2 + 1 + 2;
  if (payload.length >= upper + 2) payload.writeUInt16LE(payload.readUInt16LE(upper) & ~UPPER_QUERY_ATTRIBUTES, upper);
  const header = Buffer.from(greeting.bytes.subarray(0, 4));
  return Buffer.concat([header, payload]);
}

/** The connection id in a HandshakeV10 greeting (after the protocol byte and the version string). */
function greetingThreadId(payload: Buffer): number | null {
  const versionEnd = payload.indexOf(0, 1);
  return payload[0] === 10 && versionEnd > 0 && payload.length >= versionEnd + 5
    ? payload.readUInt32LE(versionEnd + 1)
    : null;
}

/** What the server's next packets answer. */
type Expecting =
  | { kind: 'none' }
  | { kind: 'auth' }
  | { kind: 'response'; prepare: string | null }
  | { kind: 'columns'; left: number; rows: number; prepare: string | null }
  | { kind: 'rows'; rows: number }
  | { kind: 'prepare'; left: number };

interface Pending extends OutgoingStatement {
  protocol: RecordedStatement['protocol'];
  startedAt: number;
  rows: number | null;
  commands: string[];
  error: RecordedStatement['error'];
}

/** The MySQL/MariaDB recording proxy: RecordingProxy with the MySQL protocol's connections. */
export const MysqlRecordingProxy = {
  start: (upstream: Upstream, hooks: ProxyHooks = {}): Promise<RecordingProxy> =>
    RecordingProxy.listen(upstream, hooks, (...args) => new MysqlConnection(...args)),
};
export type MysqlRecordingProxy = RecordingProxy;

class MysqlConnection {
  private readonly fromClientPackets = new PacketReader();
  private readonly fromServerPackets = new PacketReader();
  private expecting: Expecting = { kind: 'none' };
  private greeted = false;
  private deprecateEof = false;
  private readonly prepared = new Map<number, { sql: string; params: number }>();
  private pending: Pending | null = null;
  private chain: Promise<void> = Promise.resolve();
  private raw = false;

  constructor(
    private readonly id: number,
    private readonly client: net.Socket,
    private readonly server: net.Socket,
    private readonly hooks: ProxyHooks,
    private readonly counters: ConnectionCounters,
  ) {}

  start(): void {
    this.server.on('data', (chunk: Buffer) => this.fromServer(chunk));
    this.client.on('data', (chunk: Buffer) => this.fromClient(chunk));
    this.server.on('close', () => {
      // A statement still waiting for its answer when the connection ended: sent, never answered.
      if (this.pending)
        this.pending.error ??= { message: 'no answer: the connection ended while the statement ran', code: null };
      this.finish(null);
    });
  }

  private goRaw(): void {
    if (this.raw) return;
    this.raw = true;
    this.counters.onUnreadable();
  }

  private fromServer(chunk: Buffer): void {
    if (this.raw) {
      forward(this.client, this.server, chunk);
      return;
    }
    let packets: Packet[];
    try {
      packets = this.fromServerPackets.push(chunk);
    } catch {
      this.goRaw();
      forward(this.client, this.server, this.fromServerPackets.rest());
      return;
    }
    for (const packet of packets) {
      if (!this.greeted && !this.raw) {
        this.greeted = true;
        const threadId = greetingThreadId(packet.payload);
        if (threadId !== null) this.counters.onSession(threadId);
        this.expecting = { kind: 'auth' };
        forward(this.client, this.server, withoutCapabilities(packet));
        continue;
      }
      forward(this.client, this.server, packet.bytes);
      if (this.raw) continue;
      try {
        this.answer(packet.payload);
      } catch {
        // An answer that does not read as the protocol says: forwarded, no longer followed.
        this.goRaw();
      }
    }
  }

  private fromClient(chunk: Buffer): void {
    if (this.raw) {
      this.chain = this.chain.then(() => forward(this.server, this.client, chunk));
      return;
    }
    let packets: Packet[];
    let rest: Buffer | null = null;
    try {
      packets = this.fromClientPackets.push(chunk);
    } catch {
      this.goRaw();
      packets = [];
      rest = this.fromClientPackets.rest();
    }
    if (packets.length === 0 && !rest) return;
    this.client.pause();
    this.chain = this.chain
      .then(async () => {
        for (const p of packets) await this.forward(p);
        if (rest) forward(this.server, this.client, rest);
      })
      .catch(() => this.goRaw())
      .finally(() => this.client.resume());
  }

  private async forward(packet: Packet): Promise<void> {
    if (this.raw) {
      forward(this.server, this.client, packet.bytes);
      return;
    }
    try {
      await this.follow(packet);
    } catch {
      this.goRaw();
    }
    forward(this.server, this.client, packet.bytes);
  }

  /** Reads a client packet before it is forwarded: the statement it sends, and what answers it. */
  private async follow(packet: Packet): Promise<void> {
    const p = packet.payload;
    if (this.expecting.kind === 'auth') {
      // The handshake response says whether result sets end with EOF packets.
      if (packet.seq === 1 && p.length >= 4) this.deprecateEof = (p.readUInt32LE(0) & CLIENT_DEPRECATE_EOF) !== 0;
      return;
    }
    // Data a command sends after its first packet (LOAD DATA LOCAL INFILE), or a command sent
    // before the last one was answered (pipelining): not followed here.
    if (packet.seq !== 0 || this.expecting.kind !== 'none') {
      this.goRaw();
      return;
    }
    const command = p[0];
    if (command === COM_QUERY) {
      await this.statement(p.toString('utf8', 1), null, 'simple');
      this.expecting = { kind: 'response', prepare: null };
    } else if (command === COM_STMT_PREPARE) {
      this.expecting = { kind: 'response', prepare: p.toString('utf8', 1) };
    } else if (command === COM_STMT_EXECUTE && p.length >= 5) {
      const stmt = this.prepared.get(p.readUInt32LE(1));
      await this.statement(stmt?.sql ?? '', stmt ? executeParams(p, stmt.params) : [], 'extended');
      this.expecting = { kind: 'response', prepare: null };
    } else if (command === COM_STMT_CLOSE) {
      if (p.length >= 5) this.prepared.delete(p.readUInt32LE(1));
    } else if (command === COM_STMT_SEND_LONG_DATA || command === COM_QUIT) {
      // No answer comes.
    } else {
      this.expecting = { kind: 'response', prepare: null };
    }
  }

  private async statement(sql: string, params: (string | null)[] | null, protocol: Pending['protocol']): Promise<void> {
    const s: OutgoingStatement = { seq: this.counters.nextSeq(), connection: this.id, sql, params };
    await Promise.resolve()
      .then(() => this.hooks.beforeStatement?.(s))
      .catch(() => undefined);
    this.pending = { ...s, protocol, startedAt: performance.now(), rows: null, commands: [], error: null };
  }

  /** Follows the server's answer to the command in flight, packet by packet. */
  private answer(p: Buffer): void {
    const e = this.expecting;
    const head = p[0];
    switch (e.kind) {
      case 'auth':
        if (head === 0x00) this.expecting = { kind: 'none' };
        else if (head === 0xff) this.expecting = { kind: 'none' };
        return;
      case 'response':
        if (head === 0x00 && e.prepare !== null) {
          if (p.length < 12) throw new Error('short prepare answer');
          const id = p.readUInt32LE(1);
          const columns = p.readUInt16LE(5);
          const params = p.readUInt16LE(7);
          this.prepared.set(id, { sql: e.prepare, params });
          const eofs = this.deprecateEof ? 0 : (params > 0 ? 1 : 0) + (columns > 0 ? 1 : 0);
          const left = params + columns + eofs;
          this.expecting = left > 0 ? { kind: 'prepare', left } : { kind: 'none' };
          return;
        }
        if (head === 0x00) return this.ok(p);
        if (head === 0xff) return this.error(p);
        if (head === 0xfb) {
          this.goRaw();
          return;
        }
        this.expecting = {
          kind: 'columns',
          left: lenenc(p, 0).value + (this.deprecateEof ? 0 : 1),
          rows: 0,
          prepare: null,
        };
        return;
      case 'columns':
        this.expecting = e.left > 1 ? { ...e, left: e.left - 1 } : { kind: 'rows', rows: 0 };
        return;
      case 'rows':
        if (head === 0xfe && p.length < (this.deprecateEof ? MAX_OK_AS_EOF : 9)) {
          const status = this.deprecateEof ? okPacket(p).status : eofStatus(p);
          this.resultSet(e.rows, status);
          return;
        }
        if (head === 0xff) return this.error(p);
        this.expecting = { kind: 'rows', rows: e.rows + 1 };
        return;
      case 'prepare':
        this.expecting = e.left > 1 ? { kind: 'prepare', left: e.left - 1 } : { kind: 'none' };
        return;
      case 'none':
        return;
    }
  }

  private ok(p: Buffer): void {
    const { affectedRows, status } = okPacket(p);
    const s = this.pending;
    if (s) {
      s.rows = (s.rows ?? 0) + affectedRows;
      s.commands.push(`${verbOf(s.sql)} ${affectedRows}`);
    }
    this.next(status);
  }

  private resultSet(rows: number, status: number): void {
    const s = this.pending;
    if (s) {
      s.rows = (s.rows ?? 0) + rows;
      s.commands.push(`SELECT ${rows}`);
    }
    this.next(status);
  }

  private error(p: Buffer): void {
    const e = errPacket(p);
    if (this.pending) this.pending.error = { message: e.message, code: String(e.code) };
    // An ERR packet carries no status: whether a transaction is still open is not known here.
    this.finish(null);
  }

  /** Another result follows (a multi-statement query), or the statement is done. */
  private next(status: number): void {
    if (status & SERVER_MORE_RESULTS_EXISTS) {
      this.expecting = { kind: 'response', prepare: null };
      return;
    }
    this.finish((status & SERVER_STATUS_IN_TRANS) !== 0);
  }

  private finish(inTransaction: boolean | null): void {
    this.expecting = { kind: 'none' };
    const s = this.pending;
    this.pending = null;
    if (!s) return;
    const { protocol, startedAt, rows, commands, error, ...out } = s;
    this.hooks.onStatement?.({
      ...out,
      protocol,
      startedAt,
      durationMs: performance.now() - startedAt,
      rows,
      commands,
      error,
      inTransaction,
    });
  }
}

/** An OK packet standing for EOF (CLIENT_DEPRECATE_EOF) is shorter than a packet can be long. */
const MAX_OK_AS_EOF = 0xffffff;

function verbOf(sql: string): string {
  return (/^\s*(\w+)/.exec(sql)?.[1] ?? '').toUpperCase();
}

/** The parameters as far as they read; a packet shorter than its types say leaves the rest null. */
function executeParams(p: Buffer, count: number): (string | null)[] {
  try {
    return decodeParams(p, count);
  } catch {
    return Array.from({ length: count }, () => null);
  }
}

/** MySQL field types whose binary value is a length-encoded string. */
const STRING_TYPES = new Set([0x0f, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0x00]);
const FIXED_SIZES: Readonly<Record<number, number>> = {
  0x01: 1,
  0x02: 2,
  0x03: 4,
  0x04: 4,
  0x05: 8,
  0x08: 8,
  0x09: 4,
  0x0d: 2,
};

/**
 * A COM_STMT_EXECUTE's parameters as text: strings and numbers; others (dates, time) and
 * everything after a type this reader does not size are null. Types come only with the
 * first execution of a statement (new-params-bound flag); a later one without them is read as
 * nulls.
 */
function decodeParams(p: Buffer, count: number): (string | null)[] {
  const out: (string | null)[] = Array.from({ length: count }, () => null);
  if (count === 0) return out;
  let at = 1 + 4 + 1 + 4;
  const bitmap = p.subarray(at, at + Math.floor((count + 7) / 8));
  at += bitmap.length;
  if (p[at++] !== 1) return out;
  const types: { type: number; unsigned: boolean }[] = [];
  for (let i = 0; i < count; i++, at += 2) types.push({ type: p[at] ?? 0, unsigned: ((p[at + 1] ?? 0) & 0x80) !== 0 });
  for (let i = 0; i < count; i++) {
    if ((bitmap[i >> 3]! >> (i & 7)) & 1) continue;
    const { type, unsigned } = types[i]!;
    if (STRING_TYPES.has(type)) {
      const len = lenenc(p, at);
      out[i] = p.toString('utf8', at + len.size, at + len.size + len.value);
      at += len.size + len.value;
    } else if (type === 0x01 || type === 0x02 || type === 0x03 || type === 0x08) {
      const size = FIXED_SIZES[type]!;
      const v =
        size === 8
          ? unsigned
            ? p.readBigUInt64LE(at)
            : p.readBigInt64LE(at)
          : unsigned
            ? p.readUIntLE(at, size)
            : p.readIntLE(at, size);
      out[i] = String(v);
      at += size;
    } else if (type === 0x04 || type === 0x05) {
      out[i] = String(type === 0x05 ? p.readDoubleLE(at) : p.readFloatLE(at));
      at += FIXED_SIZES[type]!;
    } else if (FIXED_SIZES[type] !== undefined) {
      at += FIXED_SIZES[type];
    } else if (type === 0x07 || type === 0x0a || type === 0x0b || type === 0x0c) {
      at += 1 + (p[at] ?? 0);
    } else {
      break;
    }
  }
  return out;
}
