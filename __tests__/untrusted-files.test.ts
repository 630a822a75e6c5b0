import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { discoverMigrations } from '../src/migrations/discover.js';
import { ConfinementError, confinementRoot, readConfinedFile } from '../src/util/confined-file.js';
import { MigrationSourceError, UsageError } from '../src/util/errors.js';
import { REPORT_DIR_MARKER, prepareReportDir } from '../src/report/report-dir.js';

let tmp: string;
let repo: string;
let outside: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'mt-untrusted-'));
  repo = path.join(tmp, 'repo');
  outside = path.join(tmp, 'outside');
  await mkdir(path.join(repo, '.git'), { recursive: true });
  await mkdir(path.join(repo, 'db/migrations'), { recursive: true });
  await mkdir(outside);
  await writeFile(path.join(outside, 'secret.txt'), 'GITHUB_TOKEN=ghs_abcdefghijklmnopqrstuvwxyz0123\n');
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Error);
  return err as Error;
}

const discover = () => discoverMigrations({ dir: 'db/migrations', format: 'flyway', dialect: 'postgres', cwd: repo });

describe('migration files are confined to their repository', () => {
  test('the repository is the nearest directory holding .git, else the directory itself', async () => {
    expect(await confinementRoot(path.join(repo, 'db/migrations'))).toBe(path.join(tmp, 'repo'));
    expect(await confinementRoot(outside)).toBe(outside);
  });

  test('a symbolic link to a file outside the repository is refused, naming link and target, never read', async () => {
    await writeFile(path.join(repo, 'db/migrations/V1__init.sql'), 'CREATE TABLE t (id int);');
    await symlink(path.join(outside, 'secret.txt'), path.join(repo, 'db/migrations/V2__env.sql'));
    const err = await rejection(discover());
    expect(err).toBeInstanceOf(MigrationSourceError);
    expect(err.message).toBe(
      `db/migrations/V2__env.sql is a symbolic link to ${path.join(outside, 'secret.txt')}, outside ${repo}: refused, not read`,
    );
    expect(err.message).not.toContain('ghs_');
  });

  test('a link to /proc/self/environ is refused and nothing of the environment shows', async () => {
    await symlink('/proc/self/environ', path.join(repo, 'db/migrations/V1__env.sql'));
    const err = await rejection(discover());
    expect(err).toBeInstanceOf(MigrationSourceError);
    expect(err.message).toMatch(
      /^db\/migrations\/V1__env\.sql is a symbolic link to \/proc\/\d+\/environ, outside .*: refused, not read$/,
    );
    expect(err.message).not.toContain('PATH=');
  });

  test('a link inside the repository is followed', async () => {
    await writeFile(path.join(repo, 'shared.sql'), 'CREATE TABLE shared (id int);');
    await symlink(path.join(repo, 'shared.sql'), path.join(repo, 'db/migrations/V1__shared.sql'));
    const set = await discover();
    expect(set.migrations.map((m) => m.up.sql)).toEqual(['CREATE TABLE shared (id int);']);
  });

  test('a migrations directory linked out of the repository is refused', async () => {
    await rm(path.join(repo, 'db/migrations'), { recursive: true });
    await mkdir(path.join(outside, 'migrations'));
    await writeFile(path.join(outside, 'migrations/V1__x.sql'), 'SELECT 1;');
    await symlink(path.join(outside, 'migrations'), path.join(repo, 'db/migrations'));
    const err = await rejection(discover());
    expect(err.message).toMatch(
      /^db\/migrations\/V1__x\.sql is inside a linked directory, at .*outside.*: refused, not read$/,
    );
  });

  test('a named pipe is refused without blocking, a device likewise', async () => {
    const fifo = path.join(repo, 'db/migrations/V1__pipe.sql');
    execFileSync('mkfifo', [fifo]);
    const root = await confinementRoot(repo);
    const err = await rejection(readConfinedFile(fifo, 'V1__pipe.sql', root));
    expect(err).toBeInstanceOf(ConfinementError);
    expect(err.message).toBe('V1__pipe.sql is not a regular file (a named pipe): refused, not read');
    await symlink('/dev/zero', path.join(repo, 'zero.sql'));
    expect((await rejection(readConfinedFile(path.join(repo, 'zero.sql'), 'zero.sql', '/'))).message).toBe(
      'zero.sql is not a regular file (a device): refused, not read',
    );
  });
});

describe('the report directory is ours only', () => {
  test('a new directory is created with its marker', async () => {
    const dir = path.join(tmp, 'report');
    await prepareReportDir(dir);
    expect((await readdir(dir)).sort()).toEqual([REPORT_DIR_MARKER, 'logs']);
  });

  test('a directory holding foreign files is refused and nothing is deleted', async () => {
    await mkdir(path.join(repo, 'logs'));
    await writeFile(path.join(repo, 'logs/app.log'), 'keep me');
    await writeFile(path.join(repo, 'report.json'), '{"mine": true}');
    const err = await rejection(prepareReportDir(repo));
    expect(err.message).toBe(
      `report directory ${repo} already holds files that migration-test did not write (".git", "db", "logs", … 4 in all): choose a new or empty directory; migration-test only clears directories it created`,
    );
    expect(await readFile(path.join(repo, 'logs/app.log'), 'utf8')).toBe('keep me');
    expect(await readFile(path.join(repo, 'report.json'), 'utf8')).toBe('{"mine": true}');
  });

  test('a marked directory is cleared of the previous run only; an empty one is adopted', async () => {
    const dir = path.join(tmp, 'report');
    await prepareReportDir(dir);
    await writeFile(path.join(dir, 'report.json'), '{}');
    await writeFile(path.join(dir, 'logs/1_a.up.log'), 'old');
    await writeFile(path.join(dir, 'notes.txt'), 'user file beside ours');
    await prepareReportDir(dir);
    expect((await readdir(dir)).sort()).toEqual([REPORT_DIR_MARKER, 'logs', 'notes.txt']);
    expect(await readdir(path.join(dir, 'logs'))).toEqual([]);
    const empty = path.join(tmp, 'empty');
    await mkdir(empty);
    await prepareReportDir(empty);
    expect((await readdir(empty)).sort()).toEqual([REPORT_DIR_MARKER, 'logs']);
  });

  test('a file in place of the directory is refused', async () => {
    await writeFile(path.join(tmp, 'afile'), 'x');
    expect((await rejection(prepareReportDir(path.join(tmp, 'afile')))).message).toBe(
      `report directory ${path.join(tmp, 'afile')} is not a directory`,
    );
  });
});

describe('seed dumps and config files are confined likewise', () => {
  test('a seed dump linked to /proc/self/environ is refused unread', async () => {
    const { openDump } = await import('../src/data/seed/source.js');
    const link = path.join(repo, 'db/seed.sql');
    await symlink('/proc/self/environ', link);
    const err = await rejection(openDump(link));
    expect(err.name).toBe('SeedError');
    expect(err.message).toMatch(
      /^.*db\/seed\.sql is a symbolic link to \/proc\/\d+\/environ, outside .*: refused, not read$/,
    );
  });

  test('a config file linked out of the repository is refused unread, exit 2', async () => {
    const { readConfigFile } = await import('../src/config/load.js');
    const link = path.join(repo, 'migration-test.yml');
    await symlink(path.join(outside, 'secret.txt'), link);
    const err = await rejection(readConfigFile(link));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe(
      `--config ${link} is a symbolic link to ${path.join(outside, 'secret.txt')}, outside ${repo}: refused, not read`,
    );
    expect(err.message).not.toContain('ghs_');
  });
});
