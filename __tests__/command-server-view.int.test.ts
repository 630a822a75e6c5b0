// What the recording proxy records against what the server itself saw: MariaDB/MySQL's general
// log lists every statement each connection sent (Query and Execute entries).
import mysql from 'mysql2/promise';
import { MysqlRecordingProxy } from '../src/proxy/mysql/proxy.js';
import type { RecordedStatement } from '../src/proxy/recorded.js';
import { createMysqlDatabase, mysqlServerUrl, type TestDatabase } from './helpers/databases.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createMysqlDatabase('mt_server_view');
});
afterEach(async () => {
  await db.drop();
});

test('every statement the server logged for the proxied connections is recorded, once, in order', async () => {
  const admin = await mysql.createConnection(mysqlServerUrl());
  const [[settings]] = (await admin.query('SELECT @@global.general_log AS on_, @@global.log_output AS output')) as [
    { on_: number; output: string }[],
    unknown,
  ];
  const recorded: RecordedStatement[] = [];
  const url = new URL(db.url);
  const proxy = await MysqlRecordingProxy.start(
    { host: url.hostname, port: Number(url.port || 3306) },
    { onStatement: (s) => recorded.push(s) },
  );
  try {
    await admin.query("SET GLOBAL log_output = 'TABLE'");
    await admin.query('SET GLOBAL general_log = 1');
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    const c = await mysql.createConnection({ uri: url.toString(), multipleStatements: true });
    let threadId: number;
    try {
      threadId = c.threadId;
      await c.query('CREATE TABLE t (id int primary key, v int)');
      for (let i = 1; i <= 20; i++) await c.execute('INSERT INTO t VALUES (?, ?)', [i, i * 2]);
      await c.query('UPDATE t SET v = v + 1 WHERE id <= 5; DELETE FROM t WHERE id > 15');
      await c.query('SELECT * FROM t').catch(() => undefined);
      await c.query('SELECT * FROM no_such_table').catch(() => undefined);
    } finally {
      await c.end();
    }
    await admin.query('SET GLOBAL general_log = 0');
    const [logged] = (await admin.query(
      "SELECT command_type AS type, CONVERT(argument USING utf8mb4) AS sql_text FROM mysql.general_log WHERE thread_id = ? AND command_type IN ('Query', 'Execute') ORDER BY event_time",
      [threadId],
    )) as [{ type: string; sql_text: string }[], unknown];
    // The server logs an executed statement with its parameters filled in; the proxy keeps the text and the values.
    const fill = (s: RecordedStatement) =>
      s.params
        ? s.params.reduce<string>((sql, p) => sql.replace('?', /^\d+$/.test(String(p)) ? String(p) : `'${p}'`), s.sql)
        : s.sql;
    expect(recorded.map(fill)).toEqual(logged.map((l) => l.sql_text));
    expect(recorded.filter((s) => s.protocol === 'extended')).toHaveLength(
      logged.filter((l) => l.type === 'Execute').length,
    );
  } finally {
    await admin.query(`SET GLOBAL general_log = ${Number(settings?.on_ ?? 0)}`).catch(() => undefined);
    await admin.query(`SET GLOBAL log_output = '${settings?.output ?? 'FILE'}'`).catch(() => undefined);
    await admin.query('TRUNCATE mysql.general_log').catch(() => undefined);
    await admin.end();
    await proxy.close();
  }
});
