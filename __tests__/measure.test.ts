import fs from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Snapshot } from '../src/engines/engine.js';
import { HistogramBuilder } from '../src/runner/histogram.js';
import { OTHER_QUERIES, QueryStatsBuilder } from '../src/runner/query-stats.js';
import { diffCounters, diffTableSizes } from '../src/runner/snapshot-diff.js';
import { StatementLog } from '../src/runner/statement-log.js';
import { tempDir } from './helpers/tree.js';

describe('histogram', () => {
  test("GitLab's buckets, bounds inclusive below", () => {
    const h = new HistogramBuilder();
    for (const ms of [0, 10, 10.01, 100, 999, 1000.5, 300_000, 300_001]) h.observe(ms);
    expect(h.toJSON()).toEqual({ bucketsMs: [10, 100, 1000, 300_000], counts: [2, 2, 1, 2, 1] });
  });
  test('configurable buckets', () => {
    const h = new HistogramBuilder([1]);
    h.observe(0.5);
    h.observe(2);
    expect(h.toJSON()).toEqual({ bucketsMs: [1], counts: [1, 1] });
  });
});

describe('query statistics', () => {
  test('group by normalized text; slowest first; rows summed', () => {
    const q = new QueryStatsBuilder();
    q.add('INSERT INTO t VALUES ($1)', 1, 1);
    q.add('INSERT INTO t VALUES ($1)', 3, 1);
    q.add('CREATE TABLE t (id int)', 2, null);
    expect(q.toJSON()).toEqual([
      { sql: 'INSERT INTO t VALUES ($1)', calls: 2, totalMs: 4, meanMs: 2, maxMs: 3, rows: 2 },
      { sql: 'CREATE TABLE t (id int)', calls: 1, totalMs: 2, meanMs: 2, maxMs: 2, rows: 0 },
    ]);
  });
  test('server times are the delta between snapshots, matched by normalized text', () => {
    const q = new QueryStatsBuilder();
    q.add('select $1', 1, 1);
    const before = new Map([['42', { query: 'SELECT 1', calls: 5, planningMs: 1, executionMs: 10 }]]);
    const after = new Map([
      ['42', { query: 'SELECT 1', calls: 6, planningMs: 1.5, executionMs: 12 }],
      ['43', { query: 'SELECT other', calls: 1, planningMs: 1, executionMs: 1 }],
    ]);
    q.addServerTimes(before, after, (s) => (s === 'SELECT 1' ? 'select $1' : s));
    expect(q.toJSON()[0]).toMatchObject({ planningMs: 0.5, executionMs: 2 });
  });
  test('distinct queries are capped: past the cap they share one group, and every statement still counts once', () => {
    const q = new QueryStatsBuilder(3);
    for (let i = 0; i < 10; i++) q.add(`CREATE TABLE t${i} (a int)`, 1, null);
    q.add('CREATE TABLE t0 (a int)', 1, null);
    const stats = q.toJSON();
    expect(stats).toHaveLength(4);
    expect(stats.find((s) => s.sql === OTHER_QUERIES)).toMatchObject({ calls: 7, totalMs: 7 });
    expect(stats.find((s) => s.sql === 'CREATE TABLE t0 (a int)')).toMatchObject({ calls: 2 });
    expect(stats.reduce((n, s) => n + s.calls, 0)).toBe(11);
  });
});

function snap(p: Partial<Snapshot>): Snapshot {
  return { sizeBytes: 0, tableSizes: new Map(), tableCounters: new Map(), raw: {}, serverQueries: null, ...p };
}

describe('counter deltas', () => {
  test('per table, new tables count from zero, dropped tables are not guessed', () => {
    const before = snap({
      tableCounters: new Map([
        ['1', { read: 10, inserted: 5, updated: 0, deleted: 0 }],
        ['2', { read: 100, inserted: 100, updated: 100, deleted: 100 }],
      ]),
      raw: { tup_inserted: 50, Handler_write: 3 },
    });
    const after = snap({
      tableCounters: new Map([
        ['1', { read: 20, inserted: 1005, updated: 250, deleted: 1 }],
        ['3', { read: 0, inserted: 7, updated: 0, deleted: 0 }],
      ]),
      raw: { tup_inserted: 1057, Handler_write: 10, only_after: 1 },
    });
    const c = diffCounters(before, after);
    expect(c).toEqual({
      rowsRead: 10,
      rowsInserted: 1007,
      rowsUpdated: 250,
      rowsDeleted: 1,
      rowsChanged: 1258,
      raw: { tup_inserted: 1007, Handler_write: 7 },
    });
  });
  test('table size changes, largest first, unchanged omitted', () => {
    const before = snap({ tableSizes: new Map([['a', 100], ['b', 5], ['gone', 50]]) });
    const after = snap({ tableSizes: new Map([['a', 100], ['b', 1000], ['new', 8]]) });
    expect(diffTableSizes(before, after)).toEqual([
      { table: 'b', beforeBytes: 5, afterBytes: 1000, deltaBytes: 995 },
      { table: 'gone', beforeBytes: 50, afterBytes: null, deltaBytes: -50 },
      { table: 'new', beforeBytes: null, afterBytes: 8, deltaBytes: 8 },
    ]);
  });
});

test('the statement log is streamed as SQL with a header per statement', async () => {
  const dir = await tempDir();
  const file = path.join(dir, 'logs', 'x.up.log');
  const log = await StatementLog.open(file, 'x up');
  const at = new Date('2026-01-02T03:04:05.000Z');
  await log.statement({ at, line: 3, durationMs: 1.23456, rows: 5, error: null, sql: 'SELECT 1' });
  await log.statement({ at, line: 4, durationMs: 0.5, rows: null, error: { code: '42P01', message: 'relation "x"\ndoes not exist' }, sql: 'SELECT * FROM x' });
  await log.close();
  expect(await fs.readFile(file, 'utf8')).toBe(
    '-- x up\n\n' +
      '-- 2026-01-02T03:04:05.000Z  line 3  1.235 ms  rows 5  ok\nSELECT 1;\n\n' +
      '-- 2026-01-02T03:04:05.000Z  line 4  0.500 ms ERROR 42P01 relation "x" does not exist\nSELECT * FROM x;\n\n',
  );
});

describe('the statement log under load', () => {
  test('a writer faster than the disk waits for it: the buffered text stays bounded, nothing is lost, order kept', async () => {
    let maxBuffered = 0;
    let received = '';
    const slow = new Writable({
      highWaterMark: 64 * 1024,
      decodeStrings: false,
      write(chunk: string, _enc, done) {
        received += chunk;
        setTimeout(done, 2);
      },
    });
    const log = await StatementLog.onStream('slow.log', slow, 'slow');
    const at = new Date('2026-01-02T03:04:05.000Z');
    const sql = 'INSERT INTO t VALUES (1, ' + "'x'".repeat(100) + ')';
    for (let i = 0; i < 20_000; i++) {
      await log.statement({ at, line: i + 1, durationMs: 0.1, rows: 1, error: null, sql });
      maxBuffered = Math.max(maxBuffered, slow.writableLength);
    }
    await log.close();
    expect(maxBuffered).toBeLessThan(200 * 1024);
    const entries = received.split('\n\n').filter((e) => e.startsWith('-- 2026'));
    expect(entries).toHaveLength(20_000);
    expect(entries[19_999]).toMatch(/^-- 2026-01-02T03:04:05.000Z {2}line 20000 /);
  });

  test('entries reach the file within a fraction of a second even when few are written', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'logs', 'y.up.log');
    const log = await StatementLog.open(file, 'y up');
    await log.statement({ at: new Date(), line: 1, durationMs: 1, rows: null, error: null, sql: 'SELECT 1' });
    await new Promise((r) => setTimeout(r, 600));
    expect(await fs.readFile(file, 'utf8')).toContain('SELECT 1;');
    await log.close();
  });

  test('a log that cannot be written does not fail the run', async () => {
    const broken = new Writable({
      write(_chunk, _enc, done) {
        done(new Error('disk full'));
      },
    });
    const log = await StatementLog.onStream('broken.log', broken, 'broken');
    for (let i = 0; i < 5000; i++) await log.statement({ at: new Date(), line: i, durationMs: 1, rows: null, error: null, sql: 'SELECT ' + 'x'.repeat(100) });
    await expect(log.close()).resolves.toBeUndefined();
  });
});
