// What the recording proxies (PostgreSQL, MySQL) record of a tool's statements, and how they are told to hold one.

/** A statement as the server ran it for one client connection. */
export interface RecordedStatement {
  /** Order in which statements were sent, across connections (from 1). */
  seq: number;
  connection: number;
  sql: string;
  /** Parameters of an extended-protocol statement, as text (null: SQL NULL or sent in binary); null for a simple query. */
  params: (string | null)[] | null;
  protocol: 'simple' | 'extended';
  /** performance.now() when it reached the server (or when the statement before it on the connection ended). */
  startedAt: number;
  durationMs: number;
  /** Rows the command tags report (INSERT 0 5, UPDATE 3, SELECT 10, …); null when none does. */
  rows: number | null;
  /** The command tags, one per statement of a simple query. */
  commands: string[];
  error: { message: string; code: string | null; detail?: string; hint?: string; position?: number } | null;
  /** Whether the connection was in a transaction block once it ran (ReadyForQuery's status after it); null when the connection ended first. */
  inTransaction: boolean | null;
}

/** A statement about to be forwarded. */
export interface OutgoingStatement {
  seq: number;
  connection: number;
  sql: string;
  params: (string | null)[] | null;
}

export interface ProxyHooks {
  /** Called before a statement is forwarded; its bytes wait until the returned promise settles. */
  beforeStatement?(statement: OutgoingStatement): Promise<void> | void;
  /** Called once the server has answered a statement. */
  onStatement?(statement: RecordedStatement): void;
}

export interface Upstream {
  host: string;
  port: number;
}
