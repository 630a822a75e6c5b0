import { oneLine } from '../../util/text.js';
/** A seed dump or seed command that could not be loaded; one line naming file:line and the cause. */
export class SeedError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line: number | null,
  ) {
    super(message);
    this.name = 'SeedError';
  }
}

/** Statement text for a one-line message: whitespace runs collapsed, at most `max` characters. */
export function shortenStatement(sql: string, max = 200): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** `file:line` (or `file` alone when the line is unknown). */
export function where(file: string, line: number | null): string {
  return line === null ? file : `${file}:${line}`;
}

/** The message of an error (also one from another realm, which `instanceof Error` misses). */
export function errorText(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'message' in err && typeof err.message === 'string')
    return err.message;
  return String(err);
}

export { oneLine } from '../../util/text.js';

/** The server's message of a driver error, on one line. */
export function serverMessage(err: unknown): string {
  return oneLine(errorText(err)) || 'unknown error';
}

/** Removes every occurrence of the password (and its URL-encoded form) from a text. */
export function redact(text: string, password: string): string {
  if (password === '') return text;
  let out = text;
  for (const secret of new Set([password, encodeURIComponent(password)])) {
    if (secret.length > 0) out = out.split(secret).join('***');
  }
  return out;
}
