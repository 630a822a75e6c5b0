// The README's format tables, from each format's own description (src/migrations/formats/).
import { FORMATS } from '../migrations/formats/registry.js';
import { table } from './docs.js';

const formats = () => Object.values(FORMATS);

export function formatTable(): string {
  return table(
    ['format', 'files', 'up / down', 'versions', 'auto detection', "the tool's bookkeeping"],
    formats().map((f) => {
      const d = f.description;
      const bookkeeping = f.bookkeeping?.({}).summary;
      return [
        f.name === d.tool.toLowerCase() ? f.name : `${f.name} (${d.tool})`,
        d.files,
        d.upDown,
        d.versions,
        d.detection,
        bookkeeping ? `\`${bookkeeping}\`` : 'none',
      ];
    }),
  );
}

export function formatTransactionsTable(): string {
  return table(
    ['format', 'PostgreSQL', 'MySQL / MariaDB'],
    formats().map((f) => [f.name, f.description.transactions.postgres, f.description.transactions.mysql]),
  );
}
