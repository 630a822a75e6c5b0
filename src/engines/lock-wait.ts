/** A migration statement waiting this long on a lock gets its blockers recorded. */
const LOCK_WAIT_REPORT_MS = 1000;
const LOCK_WAIT_POLL_MS = 2000;

export interface LockWaitWatch {
  /** Stops watching; who blocked the statement, if it waited on a lock for a second or more. */
  stop(): Promise<string | null>;
}

/**
 * Watches a running statement: past a second, and every two seconds after, `describeBlockers`
 * (an observer's query) says who holds what it waits for; the last answer is kept.
 */
export function watchLockWait(describeBlockers: () => Promise<string | null>): LockWaitWatch {
  let latest: string | null = null;
  let reading: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | null = setTimeout(function poll() {
    reading = describeBlockers().then(
      (found) => {
        if (found) latest = found;
      },
      () => undefined,
    );
    timer = setTimeout(poll, LOCK_WAIT_POLL_MS);
  }, LOCK_WAIT_REPORT_MS);
  return {
    async stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      await reading;
      return latest;
    },
  };
}
