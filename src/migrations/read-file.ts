import path from 'node:path';
import { ConfinementError, confinementRoot, readConfinedFile } from '../util/confined-file.js';
import { MigrationSourceError } from '../util/errors.js';

/**
 * Reads a migration file as strict UTF-8, with a leading byte-order mark removed. A file of a
 * pull request is untrusted: one that links out of its repository (or of its directory, outside
 * any repository), or that is not a regular file, is refused without being read.
 * `label` is how messages name the file (its path relative to the working directory).
 * Invalid UTF-8 is refused rather than replaced: a silently substituted character would
 * change the SQL the server receives.
 */
export async function readMigrationFile(absPath: string, label: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await readConfinedFile(absPath, label, await confinementRoot(path.dirname(absPath)));
  } catch (err) {
    if (err instanceof ConfinementError) throw new MigrationSourceError(err.message);
    throw new MigrationSourceError(`cannot read migration file ${label}: ${describeReadError(err)}`);
  }
  return decodeUtf8(bytes, label);
}

/** Decodes strict UTF-8 (BOM removed); throws a MigrationSourceError naming the first bad byte. */
export function decodeUtf8(bytes: Uint8Array, label: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    if (offset < 0) throw new MigrationSourceError(`${label} is not valid UTF-8; save it as UTF-8`);
    const hex = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    throw new MigrationSourceError(
      `${label} is not valid UTF-8: byte 0x${hex} at byte offset ${offset} (line ${lineAt(bytes, offset)}); save it as UTF-8`,
    );
  }
}

/**
 * Byte offset where the first ill-formed sequence starts, or -1. Follows the same rules as
 * the WHATWG decoder (no overlongs, no surrogates, nothing above U+10FFFF), since
 * TextDecoder reports that the input is bad but not where.
 */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    let continuation: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) continuation = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      continuation = 2;
      if (lead === 0xe0) lower = 0xa0;
      if (lead === 0xed) upper = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      continuation = 3;
      if (lead === 0xf0) lower = 0x90;
      if (lead === 0xf4) upper = 0x8f;
    } else return i;
    for (let k = 1; k <= continuation; k++) {
      const byte = bytes[i + k];
      if (byte === undefined) return i;
      if (byte < (k === 1 ? lower : 0x80) || byte > (k === 1 ? upper : 0xbf)) return i;
    }
    i += continuation + 1;
  }
  return -1;
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function describeReadError(err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  switch (code) {
    case 'ENOENT':
      return 'it does not exist (a broken symbolic link?)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    default:
      return err instanceof Error ? (err.message.split('\n')[0] ?? code) : String(err);
  }
}
