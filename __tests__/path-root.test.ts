/** Where reported paths start: the repository holding the migrations, or the workspace that holds them. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isWithin, pathRoot, rootLabel } from '../src/migrations/root.js';

describe('pathRoot', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-root-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('the nearest .git upward, from any depth', async () => {
    fs.mkdirSync(path.join(tmp, 'repo', '.git'), { recursive: true });
    const dir = path.join(tmp, 'repo', 'db', 'migrations');
    fs.mkdirSync(dir, { recursive: true });
    expect(await pathRoot(dir)).toEqual({ root: path.join(tmp, 'repo'), inRepository: true });
    expect(rootLabel(path.join(tmp, 'repo'), path.join(dir, 'V1__a.sql'))).toBe('db/migrations/V1__a.sql');
  });

  test('a submodule inside the workspace: paths stay the workspace repository’s, as the diff shows them', async () => {
    fs.mkdirSync(path.join(tmp, 'ws', '.git'), { recursive: true });
    fs.mkdirSync(path.join(tmp, 'ws', 'vendor', 'schema', 'migrations'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'ws', 'vendor', 'schema', '.git'), 'gitdir: ../../.git/modules/schema\n');
    const dir = path.join(tmp, 'ws', 'vendor', 'schema', 'migrations');
    expect((await pathRoot(dir, path.join(tmp, 'ws'))).root).toBe(path.join(tmp, 'ws'));
    expect((await pathRoot(dir)).root).toBe(path.join(tmp, 'ws', 'vendor', 'schema'));
  });

  test('outside any repository and workspace: the directory itself', async () => {
    const dir = path.join(tmp, 'plain');
    fs.mkdirSync(dir);
    expect(await pathRoot(dir, path.join(tmp, 'elsewhere'))).toEqual({ root: dir, inRepository: false });
  });
});

describe('isWithin', () => {
  test('a directory whose name starts with two dots is inside', () => {
    expect(isWithin('/w', '/w/..cache/m')).toBe(true);
    expect(isWithin('/w', '/w')).toBe(true);
    expect(isWithin('/w', '/x/m')).toBe(false);
    expect(isWithin('/w/a', '/w')).toBe(false);
  });
});
