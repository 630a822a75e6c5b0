import type { Engine } from '../engines/engine.js';
import { errorMessage } from '../util/errors.js';

/** The part of an engine that opens and ends transactions on its migration session. */
export type TransactionSession = Pick<Engine, 'begin' | 'commit' | 'rollback'>;

export interface TransactionOptions<T> {
  /**
   * For work that reports its failure in its result instead of throwing (a migration's failed
   * statement is data for the report): true rolls the transaction back instead of committing.
   */
  failed?: (result: T) => boolean;
}

/** COMMIT was refused: the work ran, but nothing of it was kept. `cause` is the engine's error. */
export class CommitFailed extends Error {
  constructor(cause: unknown) {
    super(`COMMIT failed: ${errorMessage(cause)}`, { cause });
    this.name = 'CommitFailed';
  }
}

/**
 * Runs `work` in one transaction, as dbmate's doTransaction does: begin, work, commit. When
 * the work throws, or its result says it failed, the transaction is rolled back; the work's
 * own error is what the caller sees, even when the rollback fails too. A refused COMMIT is
 * thrown as CommitFailed, so that it can be told from a failure to begin or to work.
 */
export async function inTransaction<T>(
  session: TransactionSession,
  work: () => Promise<T>,
  opts: TransactionOptions<T> = {},
): Promise<T> {
  await session.begin();
  let result: T;
  try {
    result = await work();
  } catch (err) {
    await session.rollback().catch(() => {});
    throw err;
  }
  if (opts.failed?.(result)) {
    await session.rollback().catch(() => {});
    return result;
  }
  try {
    await session.commit();
  } catch (err) {
    throw new CommitFailed(err);
  }
  return result;
}
