import { connectWithRetry } from '../src/engines/connect.js';
import { parseDatabaseTarget } from '../src/engines/target.js';
import type { Statement, TransactionMode } from '../src/migrations/types.js';
import type { DialectTools } from '../src/runner/dialect-tools.js';
import { planTransaction } from '../src/runner/transaction-plan.js';
import { ConnectionError } from '../src/util/errors.js';

const target = parseDatabaseTarget('postgres://app:pw@db.internal:5432/app');
const coded = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('connecting with retry', () => {
  test('refused connections are retried with growing waits until the server answers', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await connectWithRetry(
      target,
      async () => {
        if (++calls < 4) throw coded(calls === 3 ? '57P03' : 'ECONNREFUSED');
        return 'connected';
      },
      { timeoutSec: 60, sleep: async (ms) => void waits.push(ms) },
    );
    expect(result).toBe('connected');
    expect(waits).toEqual([250, 500, 1000]);
  });
  test('gives up at the timeout naming host:port and the cause', async () => {
    const err = await connectWithRetry(
      target,
      async () => Promise.reject(coded('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.1:5432')),
      {
        timeoutSec: 0.05,
        initialDelayMs: 10,
      },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as Error).message).toBe(
      'cannot connect to db.internal:5432 within 0.05s (--connect-timeout): connect ECONNREFUSED 10.0.0.1:5432',
    );
  });
  test('a wrong password or a missing database fails at once', async () => {
    let calls = 0;
    const attempt = async () => {
      calls++;
      throw coded('28P01', 'password authentication failed for user "app"');
    };
    await expect(connectWithRetry(target, attempt, { timeoutSec: 60 })).rejects.toThrow(
      'authentication failed for user "app" at db.internal:5432',
    );
    expect(calls).toBe(1);
    await expect(
      connectWithRetry(target, async () => Promise.reject(coded('ER_BAD_DB_ERROR')), { timeoutSec: 60 }),
    ).rejects.toThrow('database "app" does not exist on db.internal:5432');
  });
});

describe('transaction plan per format', () => {
  const stmts = (...sql: string[]): Statement[] => sql.map((s, i) => ({ sql: s, line: i + 1 }));
  const pgTools: DialectTools = {
    dialect: 'postgres',
    split: () => [],
    iterate: () => [][Symbol.iterator](),
    normalize: (s) => s,
    isNonTransactional: (s) => /CONCURRENTLY/.test(s),
    mayHoldNonTransactional: (s) => /CONCURRENTLY/.test(s),
    commitsImplicitly: () => false,
  };
  const myTools: DialectTools = {
    ...pgTools,
    dialect: 'mysql',
    isNonTransactional: () => false,
    commitsImplicitly: (s) => /^(CREATE|ALTER)/.test(s),
  };
  const plan = (mode: TransactionMode, tools: DialectTools, ...sql: string[]) =>
    planTransaction(mode, stmts(...sql), tools);

  test('PostgreSQL', () => {
    expect(plan('transaction', pgTools, 'CREATE TABLE t()')).toEqual({ wrap: true, transactional: true, refuse: null });
    expect(plan('multiStatement', pgTools, 'CREATE INDEX CONCURRENTLY i ON t (a)')).toMatchObject({ wrap: false });
    expect(plan('multiStatement', pgTools, 'A', 'B')).toMatchObject({ wrap: true });
    expect(plan('none', pgTools, 'A', 'B')).toMatchObject({ wrap: false, transactional: false });
    expect(plan('transactionUnlessNonTransactional', pgTools, 'CREATE INDEX CONCURRENTLY i ON t (a)')).toMatchObject({
      wrap: false,
      refuse: null,
    });
    const mixed = plan(
      'transactionUnlessNonTransactional',
      pgTools,
      'ALTER TABLE t ADD c int',
      'CREATE INDEX CONCURRENTLY i ON t (c)',
    );
    expect(mixed.refuse).toMatchObject({ line: 2, statementIndex: 1 });
  });
  test('reads only as many statements as the decision needs, and skips the pass when the text rules it out', () => {
    let read = 0;
    const counted = (...sql: string[]): Iterable<Statement> => ({
      *[Symbol.iterator]() {
        for (const s of stmts(...sql)) {
          read++;
          yield s;
        }
      },
    });
    const many = Array.from({ length: 1000 }, (_, i) => `INSERT INTO t VALUES (${i})`);
    expect(planTransaction('multiStatement', counted(...many), pgTools)).toMatchObject({ wrap: true });
    expect(read).toBe(2);
    read = 0;
    expect(planTransaction('transaction', counted(...many), pgTools)).toMatchObject({
      wrap: true,
      transactional: true,
    });
    expect(read).toBe(0);
    expect(
      planTransaction('transactionUnlessNonTransactional', counted(...many), pgTools, many.join(';\n')),
    ).toMatchObject({ wrap: true, refuse: null });
    expect(read).toBe(0);
    // without the text, one pass; a mix is refused as soon as it is seen
    expect(planTransaction('transactionUnlessNonTransactional', counted(...many), pgTools)).toMatchObject({
      wrap: true,
      refuse: null,
    });
    expect(read).toBe(1000);
    read = 0;
    const mixed = ['CREATE INDEX CONCURRENTLY i ON t (a)', 'CREATE INDEX CONCURRENTLY j ON t (b)', ...many];
    const refused = planTransaction('transactionUnlessNonTransactional', counted(...mixed), pgTools, mixed.join(';\n'));
    expect(refused.refuse).toMatchObject({ line: 1, statementIndex: 0 });
    expect(read).toBe(3);
    read = 0;
    expect(planTransaction('transaction', counted('CREATE TABLE t (a int)', ...many), myTools)).toMatchObject({
      wrap: true,
      transactional: false,
    });
    expect(read).toBe(1);
  });
  test('MySQL: DDL makes a wrapped migration non-transactional', () => {
    expect(plan('transaction', myTools, 'INSERT INTO t VALUES (1)')).toEqual({
      wrap: true,
      transactional: true,
      refuse: null,
    });
    expect(plan('transaction', myTools, 'CREATE TABLE t (a int)', 'INSERT INTO t VALUES (1)')).toEqual({
      wrap: true,
      transactional: false,
      refuse: null,
    });
    expect(plan('multiStatement', myTools, 'INSERT INTO t VALUES (1)', 'INSERT INTO t VALUES (2)')).toMatchObject({
      wrap: false,
      transactional: false,
    });
  });
});
