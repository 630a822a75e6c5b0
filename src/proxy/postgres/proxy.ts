/**
 * A recording proxy for the PostgreSQL wire protocol, on a loopback port: a migration tool
 * connects to it as to its server; every byte goes to the real server and back unchanged, and
 * at message boundaries the proxy records each statement the tool ran (its SQL, text
 * parameters, time, rows, error). It can hold a statement before forwarding it (to measure the
 * database at a migration's boundary) and lets it go when the hold settles.
 *
 * Encryption is refused to the client (the proxy listens on 127.0.0.1 only), as a server
 * without TLS refuses it: an SSLRequest or GSSENCRequest is answered 'N' and the client goes on
 * in clear. Authentication (SCRAM, md5, password) passes through untouched. A connection whose
 * bytes cannot be read as the protocol keeps being forwarded as raw bytes and is counted as not
 * measured, never cut or altered.
 */
import type net from 'node:net';
import { performance } from 'node:perf_hooks';
import { PassThrough } from 'node:stream';
import { parse as parseBackend } from 'pg-protocol';
import type {
  BackendKeyDataMessage,
  BackendMessage,
  CommandCompleteMessage,
  DatabaseError,
  ReadyForQueryMessage,
} from 'pg-protocol/dist/messages.js';
import { FrontendReader, GSSENC_REQUEST, SSL_REQUEST, type FrontendMessage } from './frontend.js';
import type { OutgoingStatement, ProxyHooks, RecordedStatement, Upstream } from '../recorded.js';
import { type ConnectionCounters, RecordingProxy, forward } from '../proxy-server.js';

interface Pending extends OutgoingStatement {
  protocol: 'simple' | 'extended';
  startedAt: number;
  rows: number | null;
  commands: string[];
  error: RecordedStatement['error'];
}

/** Rows in a command tag: the last number of INSERT/UPDATE/DELETE/SELECT/MERGE/COPY/FETCH/MOVE tags. */
export function rowsOfCommandTag(tag: string): number | null {
  const m = /^(?:INSERT \d+|UPDATE|DELETE|SELECT|MERGE|COPY|FETCH|MOVE) (\d+)$/.exec(tag);
  return m ? Number(m[1]) : null;
}

export type { OutgoingStatement, ProxyHooks, RecordedStatement, Upstream } from '../recorded.js';

/** The PostgreSQL recording proxy: RecordingProxy with the PostgreSQL protocol's connections. */
export const PostgresRecordingProxy = {
  start: (upstream: Upstream, hooks: ProxyHooks = {}): Promise<RecordingProxy> =>
    RecordingProxy.listen(upstream, hooks, (...args) => new ProxiedConnection(...args)),
};
export type PostgresRecordingProxy = RecordingProxy;

/** One client connection and its server connection. */
class ProxiedConnection {
  private readonly reader = new FrontendReader();
  private readonly pending: Pending[] = [];
  /** Answered, waiting for the ReadyForQuery that tells whether they ran in a transaction. */
  private answered: Omit<RecordedStatement, 'inTransaction'>[] = [];
  private readonly statements = new Map<string, string>();
  private readonly portals = new Map<string, { sql: string; params: (string | null)[] }>();
  /** Client messages are handled one after another, so that a held statement holds what follows it. */
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
    const backend = new PassThrough();
    void parseBackend(backend, (message) => this.fromServer(message));
    this.server.on('data', (chunk: Buffer) => {
      forward(this.client, this.server, chunk);
      if (!this.raw) backend.write(chunk);
    });
    this.server.on('close', () => {
      backend.end();
      // Statements still waiting for their answer when the connection ended: sent, never answered.
      while (this.pending.length > 0) {
        this.pending[0]!.error ??= { message: 'no answer: the connection ended while the statement ran', code: null };
        this.complete();
      }
      this.emit(null);
    });
    this.client.on('data', (chunk: Buffer) => this.fromClient(chunk));
  }

  private fromClient(chunk: Buffer): void {
    if (this.raw) {
      // Behind whatever is still being forwarded in order.
      this.chain = this.chain.then(() => forward(this.server, this.client, chunk));
      return;
    }
    const { messages, unreadable } = this.reader.push(chunk);
    // What cannot be read is forwarded as it came, from there on, after what could.
    if (unreadable) {
      this.raw = true;
      this.counters.onUnreadable();
    }
    if (messages.length === 0 && !unreadable) return;
    this.client.pause();
    this.chain = this.chain
      .then(async () => {
        for (const m of messages) await this.forward(m);
        if (unreadable) forward(this.server, this.client, unreadable);
      })
      .catch(() => {
        this.raw = true;
        this.counters.onUnreadable();
      })
      .finally(() => this.client.resume());
  }

  private async forward(m: FrontendMessage): Promise<void> {
    switch (m.kind) {
      case 'startup':
        if (m.code === SSL_REQUEST || m.code === GSSENC_REQUEST) {
          this.client.write('N');
          return;
        }
        break;
      case 'query':
        await this.statement({ seq: this.counters.nextSeq(), connection: this.id, sql: m.sql, params: null }, 'simple');
        break;
      case 'parse':
        this.statements.set(m.statement, m.sql);
        break;
      case 'bind':
        this.portals.set(m.portal, { sql: this.statements.get(m.statement) ?? '', params: m.params });
        break;
      case 'execute': {
        const portal = this.portals.get(m.portal) ?? { sql: '', params: [] };
        const seq = this.counters.nextSeq();
        await this.statement({ seq, connection: this.id, sql: portal.sql, params: portal.params }, 'extended');
        break;
      }
      default:
        break;
    }
    forward(this.server, this.client, m.bytes);
  }

  private async statement(s: OutgoingStatement, protocol: Pending['protocol']): Promise<void> {
    // A hold that fails releases the statement all the same: the tool's traffic is never stopped for good.
    await Promise.resolve()
      .then(() => this.hooks.beforeStatement?.(s))
      .catch(() => undefined);
    this.pending.push({ ...s, protocol, startedAt: performance.now(), rows: null, commands: [], error: null });
  }

  private fromServer(message: BackendMessage): void {
    const head = this.pending[0];
    switch (message.name) {
      case 'commandComplete': {
        if (!head) return;
        const tag = (message as CommandCompleteMessage).text;
        head.commands.push(tag);
        const rows = rowsOfCommandTag(tag);
        if (rows !== null) head.rows = (head.rows ?? 0) + rows;
        if (head.protocol === 'extended') this.complete();
        return;
      }
      case 'emptyQuery':
      case 'portalSuspended':
        if (head?.protocol === 'extended') this.complete();
        return;
      case 'error': {
        if (!head) return;
        head.error = errorOf(message as DatabaseError);
        if (head.protocol === 'extended') this.complete();
        return;
      }
      case 'backendKeyData':
        this.counters.onSession((message as BackendKeyDataMessage).processID);
        return;
      case 'readyForQuery':
        if (head?.protocol === 'simple') this.complete();
        // Executes after an error in the same batch were discarded by the server: they never ran.
        while (this.pending[0]?.protocol === 'extended') this.pending.shift();
        this.emit((message as ReadyForQueryMessage).status !== 'I');
        return;
      default:
        return;
    }
  }

  private complete(): void {
    const done = this.pending.shift();
    if (!done) return;
    const now = performance.now();
    // A pipelined statement starts on the server when the one before it ends.
    const next = this.pending[0];
    if (next && next.startedAt < now) next.startedAt = now;
    this.answered.push({
      seq: done.seq,
      connection: done.connection,
      sql: done.sql,
      params: done.params,
      protocol: done.protocol,
      startedAt: done.startedAt,
      durationMs: now - done.startedAt,
      rows: done.rows,
      commands: done.commands,
      error: done.error,
    });
  }

  /** Hands the answered statements on, with whether their connection is in a transaction now. */
  private emit(inTransaction: boolean | null): void {
    const done = this.answered;
    this.answered = [];
    for (const s of done) this.hooks.onStatement?.({ ...s, inTransaction });
  }
}

function errorOf(e: DatabaseError): NonNullable<RecordedStatement['error']> {
  return {
    message: e.message,
    code: e.code ?? null,
    ...(e.detail ? { detail: e.detail } : {}),
    ...(e.hint ? { hint: e.hint } : {}),
    ...(e.position ? { position: Number(e.position) } : {}),
  };
}
