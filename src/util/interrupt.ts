/**
 * SIGINT and SIGTERM (what a cancelled GitHub job sends) stop the run gracefully: the running
 * statement is cancelled on the server, the partial report is written and the connections are
 * closed. A second signal, or a run that has not finished within the grace period, exits at once.
 */
export const GRACE_MS = 5000;

const SIGNAL_NUMBERS: Readonly<Record<'SIGINT' | 'SIGTERM', number>> = { SIGINT: 2, SIGTERM: 15 };

export class Interrupted extends Error {
  constructor(readonly signalName: 'SIGINT' | 'SIGTERM') {
    super(`cancelled by ${signalName}`);
    this.name = 'Interrupted';
  }
}

export interface Interrupts {
  /** Aborted on the first signal, with an Interrupted as its reason. */
  signal: AbortSignal;
  /** 128 + the signal's number once one arrived (130 for SIGINT, 143 for SIGTERM), else null. */
  exitCode(): number | null;
  dispose(): void;
}

export function watchInterrupts(graceMs: number = GRACE_MS): Interrupts {
  const controller = new AbortController();
  let code: number | null = null;
  const onSignal = (name: 'SIGINT' | 'SIGTERM') => {
    const exit = 128 + SIGNAL_NUMBERS[name];
    if (code !== null) process.exit(exit);
    code = exit;
    controller.abort(new Interrupted(name));
    // The last resort: whatever still runs after the grace period is abandoned.
    setTimeout(() => process.exit(exit), graceMs).unref();
  };
  const onInt = () => onSignal('SIGINT');
  const onTerm = () => onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    signal: controller.signal,
    exitCode: () => code,
    dispose() {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}

/**
 * Settles as `work` does, unless `signal` aborts first: then it rejects with the signal's reason
 * at once, and whatever `work` yields later is handed to `discard` (a connection that answers
 * after the cancel is closed, so no session is left behind). Waiting for a database that does not
 * answer must not outlast a cancelled job's grace period.
 */
export function untilAborted<T>(
  work: Promise<T>,
  signal: AbortSignal | undefined,
  discard: (value: T) => unknown,
): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      reject(signal.reason instanceof Error ? signal.reason : new Error('cancelled'));
      work.then(discard, () => undefined);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}
