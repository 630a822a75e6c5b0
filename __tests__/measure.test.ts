import fs from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Engine, Snapshot } from '../src/engines/engine.js';
import { StatementError } from '../src/engines/engine.js';
import type { Migration, Statement, TransactionMode } from '../src/migrations/types.js';
import type { DialectTools } from '../src/runner/dialect-tools.js';
import { runMigration } from '../src/runner/run-migration.js';
import { HistogramBuilder } from '../src/runner/histogram.js';
import { MigrationClock } from '../src/runner/migration-clock.js';
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

describe("the migration's clock", () => {
  /** A clock on a time that moves only when the test says. */
  function manual() {
    let t = 0;
    const clock = new MigrationClock(() => t);
    return { clock, at: (ms: number) => void (t = ms) };
  }
  test('first request to last answer, less own work between them', () => {
    const { clock, at } = manual();
    clock.own(() => at(7)); // before the first request: not the migration's
    at(10);
    clock.start();
    at(20);
    clock.answered();
    clock.own(() => at(25)); // cutting the next statement
    clock.start(); // a later start changes nothing
    clock.exclude(2); // the engine's own reads around the statement
    at(40);
    clock.answered();
    clock.own(() => at(100)); // booking the last statement, after the last answer
    expect(clock.ms).toBe(40 - 10 - 5 - 2);
  });
  test('own work after the last answer counts only if an answer follows (COMMIT)', () => {
    const { clock, at } = manual();
    clock.start();
    at(10);
    clock.answered();
    clock.own(() => at(13));
    at(15);
    clock.answered();
    expect(clock.ms).toBe(12);
  });
  test('nothing sent: 0', () => {
    const { clock, at } = manual();
    clock.own(() => at(5));
    expect(clock.ms).toBe(0);
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
    const before = snap({
      tableSizes: new Map([
        ['a', 100],
        ['b', 5],
        ['gone', 50],
      ]),
    });
    const after = snap({
      tableSizes: new Map([
        ['a', 100],
        ['b', 1000],
        ['new', 8],
      ]),
    });
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
  await log.statement({
    at,
    line: 4,
    durationMs: 0.5,
    rows: null,
    error: { code: '42P01', message: 'relation "x"\ndoes not exist' },
    sql: 'SELECT * FROM x',
  });
  await log.close();
  expect(await fs.readFile(file, 'utf8')).toBe(
    '-- x up\n\n' +
      '-- 2026-01-02T03:04:05.000Z  line 3  1.235 ms  rows 5  ok\nSELECT 1;\n\n' +
      '-- 2026-01-02T03:04:05.000Z  line 4  0.500 ms ERROR 42P01 relation "x" does not exist\nSELECT * FROM x;\n\n',
  );
});

test('line numbers and row counts are written digit by digit exactly as String() would', async () => {
  const dir = await tempDir();
  const file = path.join(dir, 'n.log');
  const log = await StatementLog.open(file, 'n');
  const at = new Date('2026-01-02T03:04:05.000Z');
  const numbers = [0, 1, 9, 10, 99, 100, 12345, 1_000_000, 2 ** 31, Number.MAX_SAFE_INTEGER, 2 ** 60, -3, 1.5];
  for (const n of numbers)
    await log.statement({
      at,
      line: Math.max(1, Math.abs(Math.round(n))),
      durationMs: 1,
      rows: n,
      error: null,
      sql: 'x',
    });
  await log.close();
  const text = await fs.readFile(file, 'utf8');
  const expected = numbers
    .map(
      (n) =>
        `-- 2026-01-02T03:04:05.000Z  line ${Math.max(1, Math.abs(Math.round(n)))}  1.000 ms  rows ${n}  ok\nx;\n\n`,
    )
    .join('');
  expect(text).toBe('-- n\n\n' + expected);
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
    for (let i = 0; i < 5000; i++)
      await log.statement({
        at: new Date(),
        line: i,
        durationMs: 1,
        rows: null,
        error: null,
        sql: 'SELECT ' + 'x'.repeat(100),
      });
    await expect(log.close()).resolves.toBeUndefined();
  });
});

describe('running a migration: statements streamed, bookkeeping overlapped, timing exact', () => {
  const script = (sql: string, transaction: TransactionMode = 'none'): Migration => ({
    id: '1_x',
    version: '1',
    name: 'x',
    kind: 'versioned',
    up: { absPath: '/x/1_x.sql', file: '1_x.sql', sql, startLine: 1, transaction },
    down: null,
  });

  /** A server that takes `ms` per statement and fails the ones matching `fails`; it records what happens when. */
  function fakeEngine(events: string[], ms: number, fails: RegExp | null = null): Engine {
    const unused = async (): Promise<never> => {
      throw new Error('not in this test');
    };
    return {
      name: 'postgres',
      dialect: 'postgres',
      serverVersion: 'fake',
      database: 'fake',
      listUserTables: async () => [],
      execute: async (sql: string) => {
        events.push(`start ${sql}`);
        await new Promise((r) => setTimeout(r, ms));
        events.push(`end ${sql}`);
        if (fails?.test(sql)) throw new StatementError('boom', '42000', null);
        return { rows: 1 };
      },
      query: unused,
      bookkeep: async (sql: string) => void events.push(`bookkeep ${sql}`),
      setBookkeepingTables: () => {},
      begin: async () => void events.push('BEGIN'),
      commit: async () => void events.push('COMMIT'),
      rollback: async () => void events.push('ROLLBACK'),
      snapshot: async () => ({
        sizeBytes: null,
        tableSizes: new Map(),
        tableCounters: new Map(),
        raw: {},
        serverQueries: null,
      }),
      schemaSnapshot: unused,
      acquireRunLock: unused,
      otherSessions: async () => [],
      cancel: unused,
      endSessions: async () => {},
      databaseSize: async () => null,
      close: async () => {},
    };
  }

  function tools(events: string[], iterate?: DialectTools['iterate']): DialectTools {
    const split = (sql: string, startLine: number): Statement[] =>
      sql
        .split(';')
        .map((s, i) => ({ sql: s.trim(), line: startLine + i }))
        .filter((s) => s.sql !== '');
    return {
      dialect: 'postgres',
      split,
      iterate: iterate ?? ((sql, startLine) => split(sql, startLine)[Symbol.iterator]()),
      normalize: (sql) => {
        events.push(`normalize ${sql}`);
        return sql.replace(/\d+/g, '?');
      },
      isNonTransactional: () => false,
      mayHoldNonTransactional: () => false,
      commitsImplicitly: () => false,
    };
  }

  async function run(m: Migration, engine: Engine, t: DialectTools) {
    const reportDir = await tempDir();
    const result = await runMigration(m, 'up', {
      engine,
      tools: t,
      reportDir,
      histogramBucketsMs: [10, 100],
      phase: 'new',
      typeOf: () => 'regular',
    });
    const log = await fs.readFile(path.join(reportDir, result.logFile!), 'utf8');
    return { result, log };
  }

  test("statements go back to back; grouping waits until the migration's time is taken; durations are the server's", async () => {
    const events: string[] = [];
    const { result, log } = await run(script('SELECT 1; SELECT 2; SELECT 3'), fakeEngine(events, 30), tools(events));
    expect(events).toEqual([
      'start SELECT 1',
      'end SELECT 1',
      'start SELECT 2',
      'end SELECT 2',
      'start SELECT 3',
      'end SELECT 3',
      'normalize SELECT 1',
      'normalize SELECT 2',
      'normalize SELECT 3',
    ]);
    expect(result).toMatchObject({
      status: 'succeeded',
      statements: 3,
      queries: [{ sql: 'SELECT ?', calls: 3, rows: 3 }],
      serverMs: null,
    });
    const durations = [...log.matchAll(/line (\d+) {2}([\d.]+) ms/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(durations.map(([line]) => line)).toEqual([1, 2, 3]);
    // a timer of 30 ms never fires early; no upper bound: a loaded machine may be late
    for (const [, ms] of durations) expect(ms).toBeGreaterThanOrEqual(25);
    // the migration's time holds its statements' round trips (the log rounds them to 3 decimals)
    const sum = durations.reduce((n, [, ms]) => n + ms!, 0);
    expect(result.durationMs).toBeGreaterThanOrEqual(sum - 0.01);
  });

  test('a long script is grouped in batches between statements, never while one runs', async () => {
    const events: string[] = [];
    const big = (n: number) => `SELECT '${String(n).repeat(130 * 1024)}'`;
    await run(script(`${big(1)}; ${big(2)}; ${big(3)}; SELECT 4`), fakeEngine(events, 1), tools(events));
    const short = events.map((e) => (e.length > 40 ? `${e.slice(0, 9)}…` : e));
    expect(short).toEqual([
      'start SEL…',
      'end SELEC…',
      'start SEL…',
      'end SELEC…',
      'start SEL…',
      'end SELEC…',
      // the first two (260 KiB) are held: grouped before the next statement is sent
      'normalize…',
      'normalize…',
      'start SELECT 4',
      'end SELECT 4',
      'normalize…',
      'normalize SELECT 4',
    ]);
  });

  test('a failure stops the run: logged last, in order, then rolled back; the rest is never split', async () => {
    const events: string[] = [];
    let pulled = 0;
    const statements = ['INSERT 1', 'INSERT 2', 'BAD 3', 'INSERT 4', 'INSERT 5'];
    const t = tools(events, () =>
      (function* () {
        for (const [i, sql] of statements.entries()) {
          pulled++;
          yield { sql, line: 10 + i };
        }
      })(),
    );
    const { result, log } = await run(script('ignored', 'transaction'), fakeEngine(events, 2, /^BAD/), t);
    expect(result).toMatchObject({
      status: 'failed',
      statements: 3,
      transactional: true,
      error: { code: '42000', line: 12, statementIndex: 2 },
    });
    expect(events.filter((e) => !e.startsWith('normalize'))).toEqual([
      'BEGIN',
      'start INSERT 1',
      'end INSERT 1',
      'start INSERT 2',
      'end INSERT 2',
      'start BAD 3',
      'end BAD 3',
      'ROLLBACK',
    ]);
    expect(pulled).toBe(3);
    expect([...log.matchAll(/^-- (?:\S+ {2}line (\d+).*|(rolled back))$/gm)].map((m) => m[1] ?? m[2])).toEqual([
      '10',
      '11',
      '12',
      'rolled back',
    ]);
    expect(log).toMatch(/line 12 .* ERROR 42000 boom\nBAD 3;/);
  });

  test("a refused COMMIT fails the migration with the server's code; a refused BEGIN aborts it before any statement", async () => {
    const events: string[] = [];
    const commitRefused = {
      ...fakeEngine(events, 1),
      commit: async () => Promise.reject(new StatementError('deferred check', '23514', null)),
    };
    const committed = await run(script('INSERT 1', 'transaction'), commitRefused, tools(events));
    expect(committed.result).toMatchObject({
      status: 'failed',
      statements: 1,
      error: { message: 'COMMIT failed: deferred check', code: '23514', line: null, statementIndex: null },
    });
    expect(committed.log).toContain('COMMIT failed: deferred check');
    expect(committed.log).not.toContain('rolled back');

    const beginRefused = { ...fakeEngine(events, 1), begin: async () => Promise.reject(new Error('connection lost')) };
    const begun = await run(script('INSERT 1', 'transaction'), beginRefused, tools(events));
    expect(begun.result).toMatchObject({
      status: 'failed',
      statements: 0,
      durationMs: 0,
      error: { message: 'connection lost', code: null, line: null, statementIndex: null },
    });
    expect(begun.log).toContain('aborted: connection lost');
  });

  test('a splitter that fails part-way fails the migration after what ran, with its reason', async () => {
    const events: string[] = [];
    const t = tools(events, () =>
      (function* () {
        yield { sql: 'SELECT 1', line: 1 };
        throw new Error('lexer lost');
      })(),
    );
    const { result, log } = await run(script('ignored'), fakeEngine(events, 1), t);
    expect(result).toMatchObject({
      status: 'failed',
      statements: 1,
      error: { message: 'cannot split 1_x.sql: lexer lost', line: null },
    });
    expect(log.indexOf('SELECT 1;')).toBeLessThan(log.indexOf('cannot split'));
  });
});
