import type { Dialect } from '../types.js';

/** An identifier quoted as the dialect quotes it ("x" on PostgreSQL, `x` on MySQL/MariaDB). */
export function quoteIdent(name: string, dialect: Dialect): string {
  return dialect === 'postgres' ? `"${name.replace(/"/g, '""')}"` : `\`${name.replace(/`/g, '``')}\``;
}

/** A table name as the tools write it (`schema.table` or `table`), each part quoted. */
export function quoteTable(name: string, dialect: Dialect): string {
  return name
    .split('.')
    .map((part) => quoteIdent(part, dialect))
    .join('.');
}
