/**
 * Statements a server cannot take say why in plain words, not as the protocol error they cause:
 * one over MySQL/MariaDB's max_allowed_packet, a NUL byte on PostgreSQL.
 */
import mysql from 'mysql2/promise';
import type { RowDataPacket } from 'mysql2/promise';
import { createMysqlDatabase, createPostgresDatabase, type TestDatabase } from './helpers/databases.js';
import { runOnFiles } from './helpers/run.js';

async function maxAllowedPacket(url: string): Promise<number> {
  const conn = await mysql.createConnection({ uri: url });
  try {
    const [rows] = await conn.query<RowDataPacket[]>('SELECT @@max_allowed_packet AS m');
    return Number(rows[0]?.['m']);
  } finally {
    await conn.end();
  }
}

/** An INSERT of exactly `bytes` bytes. */
function insertOf(bytes: number): string {
  const head = "INSERT INTO t VALUES ('";
  const tail = "')";
  return head + 'a'.repeat(bytes - head.length - tail.length) + tail;
}

describe('mysql: a statement over max_allowed_packet', () => {
  let db: TestDatabase;
  let max: number;
  beforeEach(async () => {
    db = await createMysqlDatabase('mt_messages');
    max = await maxAllowedPacket(db.url);
  });
  afterEach(async () => {
    await db.drop();
  });

  test('is named with its size and the limit, and is never sent', async () => {
    const bytes = max + 1000;
    const { report } = await runOnFiles(db.url, {
      'V1__t.sql': 'CREATE TABLE t (v LONGTEXT);\n',
      'V2__big.sql': `${insertOf(bytes)};\n`,
    });
    const big = report.migrations.find((m) => m.id === '2_big');
    expect(big).toMatchObject({ status: 'failed' });
    expect(big?.error).toEqual({
      message: `statement of ${bytes} bytes exceeds the server's max_allowed_packet (${max} bytes)`,
      code: '1153',
      line: 1,
      statementIndex: 0,
    });
    // Not sent: the session was not dropped, so nothing after the migration broke.
    expect(report.findings.filter((f) => f.rule === 'run')).toEqual([]);
  }, 60000);

  test('one the server refuses at the edge is named likewise', async () => {
    // A packet of exactly max_allowed_packet bytes (the command byte and the text): MariaDB
    // refuses it (1153) and closes the connection; a server that takes it passes.
    const bytes = max - 1;
    const { report } = await runOnFiles(db.url, {
      'V1__t.sql': 'CREATE TABLE t (v LONGTEXT);\n',
      'V2__edge.sql': `${insertOf(bytes)};\n`,
    });
    const edge = report.migrations.find((m) => m.id === '2_edge');
    if (edge?.status === 'failed') {
      expect(edge.error?.message).toBe(
        `statement of ${bytes} bytes exceeds the server's max_allowed_packet (${max} bytes)`,
      );
    } else {
      expect(edge?.status).toBe('succeeded');
    }
  }, 60000);
});

describe('postgres: a NUL byte in a statement', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createPostgresDatabase('mt_messages');
  });
  afterEach(async () => {
    await db.drop();
  });

  test('is named, with the line it is on, and the session goes on', async () => {
    const { report } = await runOnFiles(db.url, {
      'V1__t.sql': 'CREATE TABLE t (v text);\n',
      'V2__nul.sql': "INSERT INTO t VALUES ('a');\nINSERT INTO t\n  VALUES ('b\0c');\n",
    });
    const nul = report.migrations.find((m) => m.id === '2_nul');
    expect(nul).toMatchObject({ status: 'failed' });
    expect(nul?.error).toEqual({
      message: 'the statement contains a NUL byte, which PostgreSQL cannot accept',
      code: null,
      line: 2,
      positionLine: 3,
      statementIndex: 1,
    });
    expect(report.findings.filter((f) => f.rule === 'run')).toEqual([]);
  });
});
