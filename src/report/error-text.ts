import type { MigrationError } from './model.js';

/** The error's further parts, labelled as psql prints them. */
export function errorExtras(e: MigrationError): [label: string, text: string][] {
  const out: [string, string][] = [];
  if (e.detail) out.push(['DETAIL', e.detail]);
  if (e.hint) out.push(['HINT', e.hint]);
  if (e.where) out.push(['CONTEXT', e.where]);
  return out;
}

/** The server's message, then DETAIL, HINT and CONTEXT each on lines of their own, as psql shows them. */
export function errorText(e: MigrationError): string {
  return [e.message, ...errorExtras(e).map(([label, text]) => `${label}: ${text}`)].join('\n');
}
