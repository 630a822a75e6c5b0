/**
 * Unpacks a downloaded npm package (a gzipped tar) into a directory, treating it as untrusted:
 * absolute paths, `..`, hard links, devices and links leading outside the directory are refused,
 * nothing is written through an existing file or link, and no file is setuid or writable by others.
 */
import { mkdir, open, readFile, realpath, symlink } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';

/** The largest unpacked package accepted (the PostgreSQL packages unpack to about 60 MB). */
const MAX_UNPACKED_BYTES = 1024 * 1024 * 1024;

export class UnsafeTarball extends Error {
  constructor(entry: string, why: string) {
    super(`refused package entry "${entry.slice(0, 120)}": ${why}`);
    this.name = 'UnsafeTarball';
  }
}

interface Entry {
  name: string;
  type: string;
  mode: number;
  linkName: string;
  data: Buffer;
}

const cString = (b: Buffer, from: number, to: number): string => {
  const end = b.indexOf(0, from);
  return b.toString('utf8', from, end >= 0 && end < to ? end : to);
};

const octal = (b: Buffer, from: number, to: number): number => {
  const digits = cString(b, from, to).trim();
  if (!/^[0-7]*$/.test(digits)) throw new UnsafeTarball('?', 'not a tar archive (bad number field)');
  return digits === '' ? 0 : Number.parseInt(digits, 8);
};

function checksumOk(header: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : header[i]!;
  return sum === octal(header, 148, 156);
}

/** pax extended header records: "<length> <key>=<value>\n". */
function paxRecords(data: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    const length = Number.parseInt(data.toString('utf8', at, space), 10);
    if (space < 0 || !(length > 0)) break;
    const record = data.toString('utf8', space + 1, at + length - 1);
    const eq = record.indexOf('=');
    if (eq > 0) out.set(record.slice(0, eq), record.slice(eq + 1));
    at += length;
  }
  return out;
}

/** The entries of a tar archive, with pax and GNU long names applied. */
function* entries(tar: Buffer): Generator<Entry> {
  let next: { name?: string; linkName?: string; size?: number } = {};
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) return;
    if (!checksumOk(header)) throw new UnsafeTarball('?', 'not a tar archive (bad header checksum)');
    const type = String.fromCharCode(header[156]!);
    const size = next.size ?? octal(header, 124, 136);
    const data = tar.subarray(at + 512, at + 512 + size);
    if (data.length < size) throw new UnsafeTarball('?', 'the archive is truncated');
    at += 512 + Math.ceil(size / 512) * 512;
    if (type === 'x') {
      const pax = paxRecords(data);
      next = {
        ...(pax.has('path') ? { name: pax.get('path')! } : {}),
        ...(pax.has('linkpath') ? { linkName: pax.get('linkpath')! } : {}),
        ...(pax.has('size') ? { size: Number(pax.get('size')) } : {}),
      };
      continue;
    }
    if (type === 'g') continue;
    if (type === 'L' || type === 'K') {
      next = { ...next, [type === 'L' ? 'name' : 'linkName']: cString(data, 0, data.length) };
      continue;
    }
    const ustar = header.toString('latin1', 257, 262) === 'ustar';
    const prefix = ustar ? cString(header, 345, 500) : '';
    const shortName = cString(header, 0, 100);
    yield {
      name: next.name ?? (prefix ? `${prefix}/${shortName}` : shortName),
      type,
      mode: octal(header, 100, 108),
      linkName: next.linkName ?? cString(header, 157, 257),
      data,
    };
    next = {};
  }
}

/** The path under `target` an entry names (npm packs everything under package/), or a refusal. */
function destination(target: string, name: string): string | null {
  if (name.includes('\0') || name.includes('\\') || path.posix.isAbsolute(name) || /^[A-Za-z]:/.test(name))
    throw new UnsafeTarball(name, 'absolute path');
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw new UnsafeTarball(name, 'path with ".."');
  const rel = parts.slice(1).join('/');
  return rel === '' ? null : path.join(target, rel);
}

function inside(target: string, p: string): boolean {
  const rel = path.relative(target, p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * Makes dest's directory, which must be reached through no link: a link checked where it stands
 * could otherwise lead elsewhere when a path passes through another link (`a/b/d` -> `..`).
 */
async function realDir(target: string, dir: string, entry: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  if ((await realpath(dir)) !== path.join(await realpath(target), path.relative(target, dir)))
    throw new UnsafeTarball(entry, 'path through a link');
}

const realParent = (target: string, dest: string, entry: string) => realDir(target, path.dirname(dest), entry);

async function writeNewFile(target: string, dest: string, entry: Entry): Promise<void> {
  await realParent(target, dest, entry.name);
  const { data, mode } = entry;
  // wx: never through an existing file or link (an entry given twice, a link to elsewhere).
  const file = await open(dest, 'wx', mode & 0o111 ? 0o755 : 0o644);
  try {
    await file.writeFile(data);
  } finally {
    await file.close();
  }
}

async function writeEntry(target: string, entry: Entry): Promise<void> {
  const dest = destination(target, entry.name);
  if (dest === null) return;
  if (entry.type === '0' || entry.type === '\0' || entry.type === '7') return writeNewFile(target, dest, entry);
  if (entry.type === '5') return realDir(target, dest, entry.name);
  if (entry.type === '2') return makeLink(target, dest, entry.linkName, entry.name);
  throw new UnsafeTarball(entry.name, entry.type === '1' ? 'hard link' : `entry of type "${entry.type}"`);
}

async function makeLink(target: string, dest: string, linkName: string, entry: string): Promise<void> {
  if (path.isAbsolute(linkName) || !inside(target, path.resolve(path.dirname(dest), linkName)))
    throw new UnsafeTarball(entry, 'link leading outside the package');
  await realParent(target, dest, entry);
  await symlink(linkName, dest);
}

/** Unpacks the gzipped tar `gz` into the existing, empty directory `target`. */
export async function extractPackage(gz: Buffer, target: string): Promise<void> {
  let tar: Buffer;
  try {
    tar = gunzipSync(gz, { maxOutputLength: MAX_UNPACKED_BYTES });
  } catch (err) {
    throw new UnsafeTarball('?', `not a gzip archive of at most 1 GiB (${(err as Error).message})`);
  }
  for (const entry of entries(tar)) await writeEntry(target, entry);
  await hydrateSymlinks(target);
}

const SymlinkList = z.array(z.object({ source: z.string().min(1), target: z.string().min(1) }).strict());

/**
 * The packages ship their libraries' symlinks as a list (native/pg-symlinks.json), made by
 * their install script, which is not run here: they are made here, each inside the package.
 */
async function hydrateSymlinks(root: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(path.join(root, 'native', 'pg-symlinks.json'), 'utf8');
  } catch {
    return;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  const parsed = SymlinkList.safeParse(json);
  if (!parsed.success) throw new UnsafeTarball('native/pg-symlinks.json', 'not a list of {source, target}');
  for (const { source, target } of parsed.data) {
    const from = path.resolve(root, source);
    const at = path.resolve(root, target);
    if (path.isAbsolute(source) || path.isAbsolute(target) || !inside(root, from) || !inside(root, at))
      throw new UnsafeTarball('native/pg-symlinks.json', `link ${target} -> ${source} leads outside the package`);
    await realParent(root, at, 'native/pg-symlinks.json');
    await symlink(path.relative(path.dirname(at), from), at).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
  }
}
