import type { Statement, TransactionMode } from '../migrations/types.js';
import type { DialectTools } from './dialect-tools.js';

export type TransactionPlan =
  | { wrap: boolean; transactional: boolean; refuse: null }
  | { wrap: false; transactional: false; refuse: { message: string; line: number; statementIndex: number } };

/**
 * Decides, as the format's own tool would, whether a script runs in one transaction, so that
 * what fails natively fails here with the same error and what passes here passes there.
 *
 * `statements` is read as a stream and may be iterated more than once, each time from the
 * start (an array, or `statementsOf(...)`, which splits again): the plan never holds them.
 * It reads as little as the decision needs: nothing for most formats, two statements for
 * golang-migrate on PostgreSQL, up to the first implicit commit on MySQL, and for Flyway on
 * PostgreSQL nothing when `script` (the whole text) cannot hold a non-transactional
 * statement, else until a mix is seen.
 */
export function planTransaction(
  mode: TransactionMode,
  statements: Iterable<Statement>,
  tools: DialectTools,
  script?: string,
): TransactionPlan {
  let wrap: boolean;
  if (tools.dialect === 'postgres') {
    switch (mode) {
      case 'transaction':
        wrap = true;
        break;
      case 'multiStatement':
        // The simple-query protocol runs a multi-statement string as one implicit transaction.
        wrap = hasMoreThanOne(statements);
        break;
      case 'none':
        wrap = false;
        break;
      case 'transactionUnlessNonTransactional': {
        if (script !== undefined && !tools.mayHoldNonTransactional(script)) {
          wrap = true;
          break;
        }
        const mix = findMix(statements, tools);
        if (!mix.nonTx) {
          wrap = true;
          break;
        }
        if (mix.sawTx) {
          const offender = mix.nonTx;
          return {
            wrap: false,
            transactional: false,
            refuse: {
              message:
                'Detected both transactional and non-transactional statements within the same migration (even though mixed is false), ' +
                `as Flyway refuses them: move the statement at line ${offender.line} into a migration of its own`,
              line: offender.line,
              statementIndex: offender.index,
            },
          };
        }
        wrap = false;
        break;
      }
    }
  } else {
    // MySQL: golang-migrate sends the file as it is; the others open a transaction.
    wrap = mode === 'transaction' || mode === 'transactionUnlessNonTransactional';
  }
  const transactional = wrap && !someCommitsImplicitly(statements, tools);
  return { wrap, transactional, refuse: null };
}

function hasMoreThanOne(statements: Iterable<Statement>): boolean {
  let n = 0;
  for (const _ of statements) if (++n > 1) return true;
  return false;
}

/** The first non-transactional statement, and whether a transactional one exists; stops once both are known. */
function findMix(
  statements: Iterable<Statement>,
  tools: DialectTools,
): { nonTx: { line: number; index: number } | null; sawTx: boolean } {
  let nonTx: { line: number; index: number } | null = null;
  let sawTx = false;
  let index = 0;
  for (const s of statements) {
    if (tools.isNonTransactional(s.sql)) nonTx ??= { line: s.line, index };
    else sawTx = true;
    if (nonTx && sawTx) break;
    index++;
  }
  return { nonTx, sawTx };
}

function someCommitsImplicitly(statements: Iterable<Statement>, tools: DialectTools): boolean {
  if (tools.dialect === 'postgres') return false;
  for (const s of statements) if (tools.commitsImplicitly(s.sql)) return true;
  return false;
}
