import { constants } from 'node:fs';
import { lstat, open, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * A file of the pull request that cannot be read safely: a link out of the repository, or
 * something that is not a regular file. Either could put text from outside the repository
 * (a token in /proc/self/environ, a key file) into a report, a log or a public comment.
 */
export class ConfinementError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfinementError';
  }
}

const rootCache = new Map<string, Promise<string>>();

async function exists(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * The directory that files found under `dir` must stay in: the enclosing git repository
 * (the nearest ancestor holding `.git`), else `dir` itself. Returned as a real path.
 */
export function confinementRoot(dir: string): Promise<string> {
  const abs = path.resolve(dir);
  let cached = rootCache.get(abs);
  if (!cached) {
    cached = findRoot(abs);
    rootCache.set(abs, cached);
  }
  return cached;
}

async function findRoot(abs: string): Promise<string> {
  for (let d = abs; ; d = path.dirname(d)) {
    if (await exists(path.join(d, '.git'))) return realpath(d);
    if (path.dirname(d) === d) break;
  }
  return realpath(abs).catch(() => abs);
}

function isInside(file: string, root: string): boolean {
  const rel = path.relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Resolves `absPath` and refuses it when it leads outside `root`; returns the resolved path. */
export async function checkInside(absPath: string, label: string, root: string): Promise<string> {
  const real = await realpath(absPath);
  if (!isInside(real, root)) {
    const link = (await lstat(absPath)).isSymbolicLink() ? 'a symbolic link to' : 'inside a linked directory, at';
    throw new ConfinementError(`${label} is ${link} ${real}, outside ${root}: refused, not read`);
  }
  return real;
}

/**
 * Resolves `absPath` and refuses it, without reading a byte, when it leads outside `root` or
 * is not a regular file (device, FIFO, socket, directory). Returns the resolved path.
 */
export async function checkConfined(absPath: string, label: string, root: string): Promise<string> {
  const real = await checkInside(absPath, label, root);
  const info = await stat(real);
  if (!info.isFile()) {
    throw new ConfinementError(`${label} is not a regular file (${kindOf(info)}): refused, not read`);
  }
  return real;
}

function kindOf(info: import('node:fs').Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a named pipe';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'a special file';
}

/**
 * Reads a file that must stay inside `root` (see checkConfined). The resolved path is opened
 * without following links and checked again through the open handle, so a link swapped in
 * between the check and the read is not followed either.
 */
export async function readConfinedFile(absPath: string, label: string, root: string): Promise<Buffer> {
  const real = await checkConfined(absPath, label, root);
  const handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (!info.isFile())
      throw new ConfinementError(`${label} is not a regular file (${kindOf(info)}): refused, not read`);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}
