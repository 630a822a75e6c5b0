/**
 * What both recording proxies (PostgreSQL, MySQL) share: a listener on a free port of
 * 127.0.0.1, one server connection per client connection, the sockets and server sessions they
 * hold, and forwarding with backpressure. Each protocol brings its own connection class.
 */
import net from 'node:net';
import type { ProxyHooks, Upstream } from './recorded.js';

/** What a connection reports to its proxy. */
export interface ConnectionCounters {
  /** The connection could not be followed: it is forwarded raw and not measured. */
  onUnreadable(): void;
  /** The order of the next statement sent, across connections (from 1). */
  nextSeq(): number;
  /** The server named the connection's session (PostgreSQL backend pid, MySQL connection id). */
  onSession(id: number): void;
}

export type ProxiedConnectionFactory = (
  id: number,
  client: net.Socket,
  server: net.Socket,
  hooks: ProxyHooks,
  counters: ConnectionCounters,
) => { start(): void };

/**
 * Writes to one side; while that side cannot take more, the other side is not read, so that a
 * peer that does not read cannot fill our memory.
 */
export function forward(to: net.Socket, from: net.Socket, bytes: Buffer): void {
  if (!to.write(bytes)) {
    from.pause();
    to.once('drain', () => from.resume());
  }
}

export class RecordingProxy {
  private readonly sockets = new Set<net.Socket>();
  private connections = 0;
  private unreadable = 0;
  private sent = 0;
  /** Server session of each open client connection, once the server named it. */
  private readonly sessions = new Map<number, number>();

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  /** Listens on a free port of 127.0.0.1, forwarding each client connection to `upstream`. */
  static async listen(
    upstream: Upstream,
    hooks: ProxyHooks,
    connect: ProxiedConnectionFactory,
  ): Promise<RecordingProxy> {
    let proxy: RecordingProxy | null = null;
    const server = net.createServer((client) => proxy?.accept(client, upstream, hooks, connect));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('the proxy has no TCP address');
    proxy = new RecordingProxy(server, address.port);
    return proxy;
  }

  /** Client connections whose bytes could not be followed: forwarded, not recorded. */
  get unreadableConnections(): number {
    return this.unreadable;
  }

  /** The server sessions of the client connections still open. */
  openSessions(): number[] {
    return [...this.sessions.values()];
  }

  /** Waits (at most `ms`) until every client connection's server side has closed. */
  async settle(ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (this.sessions.size > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  }

  /** Stops listening and ends every connection. */
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket, upstream: Upstream, hooks: ProxyHooks, connect: ProxiedConnectionFactory): void {
    const id = ++this.connections;
    const server = net.connect(upstream.port, upstream.host);
    for (const s of [client, server]) {
      this.sockets.add(s);
      s.setNoDelay(true);
      s.on('close', () => this.sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        server.destroy();
      });
    }
    client.on('close', () => server.end());
    server.on('close', () => {
      this.sessions.delete(id);
      client.end();
    });
    connect(id, client, server, hooks, {
      onUnreadable: () => this.unreadable++,
      nextSeq: () => ++this.sent,
      onSession: (session) => this.sessions.set(id, session),
    }).start();
  }
}
