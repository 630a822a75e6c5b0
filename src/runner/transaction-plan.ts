import type { Statement, TransactionMode } from '../migrations/types.js';
import type { DialectTools } from './dialect-tools.js';

export type TransactionPlan =
  | { wrap: boolean; transactional: boolean; refuse: null }
  | { wrap: false; transactional: false; refuse: { message: string; line: number; statementIndex: number } };

/**
 * Decides, as the format's own tool would, whether a script runs in one transaction, so that
 * what fails natively fails here with the same error and what passes here passes there.
 */
export function planTransaction(mode: TransactionMode, statements: Statement[], tools: DialectTools): TransactionPlan {
  let wrap: boolean;
  if (tools.dialect === 'postgres') {
    switch (mode) {
      case 'transaction':
        wrap = true;
        break;
      case 'multiStatement':
        // The simple-query protocol runs a multi-statement string as one implicit transaction.
        wrap = statements.length > 1;
        break;
      case 'none':
        wrap = false;
        break;
      case 'transactionUnlessNonTransactional': {
        const nonTx = statements.findIndex((s) => tools.isNonTransactional(s.sql));
        if (nonTx < 0) {
          wrap = true;
          break;
        }
        const txIdx = statements.findIndex((s) => !tools.isNonTransactional(s.sql));
        if (txIdx >= 0) {
          const offender = statements[nonTx]!;
          return {
            wrap: false,
            transactional: false,
            refuse: {
              message:
                'Detected both transactional and non-transactional statements within the same migration (even though mixed is false), ' +
                `as Flyway refuses them: move the statement at line ${offender.line} into a migration of its own`,
              line: offender.line,
              statementIndex: nonTx,
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
  const transactional = wrap && !statements.some((s) => tools.commitsImplicitly(s.sql));
  return { wrap, transactional, refuse: null };
}
