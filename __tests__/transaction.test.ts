import { CommitFailed, inTransaction, type TransactionSession } from '../src/runner/transaction.js';

/** A session that records what it is asked; `refuse` names the steps that fail. */
function session(events: string[], refuse: ReadonlySet<string> = new Set()): TransactionSession {
  const step = (name: string) => (): Promise<void> => {
    events.push(name);
    return refuse.has(name) ? Promise.reject(new Error(`${name} refused`)) : Promise.resolve();
  };
  return { begin: step('BEGIN'), commit: step('COMMIT'), rollback: step('ROLLBACK') };
}

/** Work that records that it ran and then gives `result`, or throws `failure`. */
function work<T>(events: string[], result: T, failure?: Error): () => Promise<T> {
  return () => {
    events.push('work');
    return failure ? Promise.reject(failure) : Promise.resolve(result);
  };
}

describe('inTransaction', () => {
  test("begin, work, commit; the work's result is returned", async () => {
    const events: string[] = [];
    expect(await inTransaction(session(events), work(events, 42))).toBe(42);
    expect(events).toEqual(['BEGIN', 'work', 'COMMIT']);
  });

  test('work that throws is rolled back, and its own error is thrown even when the rollback fails', async () => {
    const events: string[] = [];
    const failing = work(events, null, new Error('work failed'));
    await expect(inTransaction(session(events), failing)).rejects.toThrow('work failed');
    await expect(inTransaction(session(events, new Set(['ROLLBACK'])), failing)).rejects.toThrow('work failed');
    expect(events).toEqual(['BEGIN', 'work', 'ROLLBACK', 'BEGIN', 'work', 'ROLLBACK']);
  });

  test('work whose result says it failed is rolled back, and its result returned', async () => {
    const events: string[] = [];
    const result = await inTransaction(session(events, new Set(['ROLLBACK'])), work(events, 'bad'), {
      failed: (r) => r === 'bad',
    });
    expect(result).toBe('bad');
    expect(events).toEqual(['BEGIN', 'work', 'ROLLBACK']);
  });

  test("a refused COMMIT is thrown as CommitFailed with the engine's error as its cause", async () => {
    const events: string[] = [];
    const err = await inTransaction(session(events, new Set(['COMMIT'])), work(events, 1)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommitFailed);
    expect((err as CommitFailed).message).toBe('COMMIT failed: COMMIT refused');
    expect((err as CommitFailed).cause).toEqual(new Error('COMMIT refused'));
    expect(events).toEqual(['BEGIN', 'work', 'COMMIT']);
  });

  test('a refused BEGIN runs nothing', async () => {
    const events: string[] = [];
    await expect(inTransaction(session(events, new Set(['BEGIN'])), work(events, 1))).rejects.toThrow('BEGIN refused');
    expect(events).toEqual(['BEGIN']);
  });
});
