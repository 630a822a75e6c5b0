/**
 * changesFromGit against real git repositories made in each test: a main branch, a feature
 * branch, and the merge base between them.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  changesFromGit,
  gitChangesLabel,
  parseNameStatus,
  repositoryRoot,
  restrictChanges,
  type FileChanges,
} from '../src/migrations/git-changes.js';
import { UsageError } from '../src/util/errors.js';

let tmp: string;
let repo: string;

const ceiling = process.env['GIT_CEILING_DIRECTORIES'];
beforeAll(() => {
  // Keep git from finding a repository above the temporary directories.
  process.env['GIT_CEILING_DIRECTORIES'] = os.tmpdir();
});
afterAll(() => {
  if (ceiling === undefined) delete process.env['GIT_CEILING_DIRECTORIES'];
  else process.env['GIT_CEILING_DIRECTORIES'] = ceiling;
});

beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'mt-git-changes-'));
  repo = path.join(tmp, 'repo');
  await mkdir(repo);
  git(repo, '-c', 'init.defaultBranch=main', 'init', '-q');
  git(repo, 'config', 'user.name', 'Test');
  git(repo, 'config', 'user.email', 'test@example.com');
  git(repo, 'config', 'commit.gpgsign', 'false');
});

afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

async function write(files: Record<string, string>, root = repo): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), content);
  }
}

async function commit(message: string, files: Record<string, string> = {}): Promise<void> {
  await write(files);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '--allow-empty', '-m', message);
}

const SQL = (n: number) => `create table t${n} (id int primary key, a text, b text, c text);\n`;

/** main with two migrations, then a feature branch checked out. */
async function mainAndFeature(): Promise<void> {
  await commit('init', {
    'README.md': 'hello\n',
    'db/migrations/1_init.up.sql': SQL(1),
    'db/migrations/1_init.down.sql': 'drop table t1;\n',
    'db/migrations/2_users.up.sql': SQL(2),
    'db/migrations/2_users.down.sql': 'drop table t2;\n',
  });
  git(repo, 'checkout', '-q', '-b', 'feature');
}

async function usageError(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UsageError);
  return (err as Error).message;
}

function sorted(c: FileChanges): FileChanges {
  return {
    added: [...c.added].sort(),
    modified: [...c.modified].sort(),
    deleted: [...c.deleted].sort(),
    renamed: [...c.renamed].sort((a, b) => (a.from < b.from ? -1 : 1)),
  };
}

describe('the change is what the branch did since its merge base', () => {
  test('added, modified, deleted; files outside dir left out', async () => {
    await mainAndFeature();
    await commit('feature work', {
      'db/migrations/3_orders.up.sql': SQL(3),
      'db/migrations/3_orders.down.sql': 'drop table t3;\n',
      'db/migrations/2_users.up.sql': SQL(2) + 'create index on t2 (a);\n',
      'README.md': 'changed\n',
    });
    await rm(path.join(repo, 'db/migrations/1_init.down.sql'));
    await commit('drop a down');

    const changes = await changesFromGit({ cwd: repo, baseRef: 'main', dir: 'db/migrations' });
    expect(sorted(changes)).toEqual({
      added: ['db/migrations/3_orders.down.sql', 'db/migrations/3_orders.up.sql'],
      modified: ['db/migrations/2_users.up.sql'],
      deleted: ['db/migrations/1_init.down.sql'],
      renamed: [],
    });
    // The whole repository with dir "" or ".".
    for (const dir of ['', '.']) {
      expect((await changesFromGit({ cwd: repo, baseRef: 'main', dir })).modified.sort()).toEqual([
        'README.md',
        'db/migrations/2_users.up.sql',
      ]);
    }
  });

  test('commits on main after the branch point do not count as the change', async () => {
    await mainAndFeature();
    await commit('feature adds 3', { 'db/migrations/3_orders.up.sql': SQL(3) });
    git(repo, 'checkout', '-q', 'main');
    await commit('main moves on', {
      'db/migrations/4_main_only.up.sql': SQL(4),
      'db/migrations/1_init.up.sql': SQL(1) + '-- fixed on main\n',
    });
    await rm(path.join(repo, 'db/migrations/2_users.down.sql'));
    await commit('main deletes a down');
    git(repo, 'checkout', '-q', 'feature');

    const changes = await changesFromGit({ cwd: repo, baseRef: 'main', dir: 'db/migrations' });
    expect(changes).toEqual({ added: ['db/migrations/3_orders.up.sql'], modified: [], deleted: [], renamed: [] });

    // Two-dot (main..HEAD) would have shown main's work reversed; three-dot agrees with us.
    const threeDot = git(repo, 'diff', '--name-only', 'main...HEAD').trim().split('\n');
    expect(threeDot).toEqual(['db/migrations/3_orders.up.sql']);

    // After merging main into the branch, main's work still is not the change's.
    git(repo, 'merge', '-q', '--no-edit', 'main');
    const merged = await changesFromGit({ cwd: repo, baseRef: 'main', dir: 'db/migrations' });
    expect(merged).toEqual({ added: ['db/migrations/3_orders.up.sql'], modified: [], deleted: [], renamed: [] });
  });

  test('a commit id, a tag and HEAD~n work as base refs; the label says three-dot', async () => {
    await mainAndFeature();
    git(repo, 'tag', 'v1');
    const sha = git(repo, 'rev-parse', 'HEAD').trim();
    await commit('a', { 'db/migrations/3_a.up.sql': SQL(3) });
    await commit('b', { 'db/migrations/4_b.up.sql': SQL(4) });
    for (const ref of ['v1', sha, sha.slice(0, 10)]) {
      expect((await changesFromGit({ cwd: repo, baseRef: ref, dir: 'db/migrations' })).added).toEqual([
        'db/migrations/3_a.up.sql',
        'db/migrations/4_b.up.sql',
      ]);
    }
    expect((await changesFromGit({ cwd: repo, baseRef: 'HEAD~1', dir: 'db/migrations' })).added).toEqual([
      'db/migrations/4_b.up.sql',
    ]);
    expect(gitChangesLabel('origin/main')).toBe('git diff origin/main...HEAD');
  });

  test('only committed changes count: uncommitted and untracked files are not the change', async () => {
    await mainAndFeature();
    await write({
      'db/migrations/3_untracked.up.sql': SQL(3),
      'db/migrations/1_init.up.sql': 'edited, not committed\n',
    });
    const changes = await changesFromGit({ cwd: repo, baseRef: 'main', dir: 'db/migrations' });
    expect(changes).toEqual({ added: [], modified: [], deleted: [], renamed: [] });
  });
});

describe('renames', () => {
  test('pure renames, renames with edits (also listed as modified), and across the dir boundary', async () => {
    await mainAndFeature();
    git(repo, 'checkout', '-q', 'main');
    await commit('more on main', {
      'migrations-old/5_moved.up.sql': SQL(5),
      'db/migrations/6_leaving.up.sql': SQL(6),
    });
    git(repo, 'checkout', '-q', '-B', 'feature', 'main');
    git(repo, 'mv', 'db/migrations/2_users.up.sql', 'db/migrations/7_users.up.sql');
    git(repo, 'mv', 'db/migrations/1_init.up.sql', 'db/migrations/8_init.up.sql');
    await write({ 'db/migrations/8_init.up.sql': SQL(1) + 'create index on t1 (a);\n' });
    git(repo, 'mv', 'migrations-old/5_moved.up.sql', 'db/migrations/5_moved.up.sql');
    await mkdir(path.join(repo, 'elsewhere'));
    git(repo, 'mv', 'db/migrations/6_leaving.up.sql', 'elsewhere/6_leaving.up.sql');
    await commit('renames');

    const changes = await changesFromGit({ cwd: repo, baseRef: 'main', dir: 'db/migrations' });
    expect(sorted(changes)).toEqual({
      added: [],
      modified: ['db/migrations/8_init.up.sql'],
      deleted: [],
      renamed: [
        { from: 'db/migrations/1_init.up.sql', to: 'db/migrations/8_init.up.sql' },
        { from: 'db/migrations/2_users.up.sql', to: 'db/migrations/7_users.up.sql' },
        { from: 'db/migrations/6_leaving.up.sql', to: 'elsewhere/6_leaving.up.sql' },
        { from: 'migrations-old/5_moved.up.sql', to: 'db/migrations/5_moved.up.sql' },
      ],
    });
  });
});

describe('paths', () => {
  test('file names with spaces, quotes and non-ASCII characters come back verbatim', async () => {
    await mainAndFeature();
    const names = [
      'db/migrations/3_with space.up.sql',
      'db/migrations/4_"quoted".up.sql',
      'db/migrations/5_café.up.sql',
    ];
    await commit('odd names', Object.fromEntries(names.map((n, i) => [n, SQL(i + 3)])));
    const changes = await changesFromGit({ cwd: repo, baseRef: 'main', dir: 'db/migrations' });
    expect(changes.added.sort()).toEqual([...names].sort());
  });

  test('dir is relative to cwd (which may be a subdirectory) or absolute; changes stay repository-relative', async () => {
    await mainAndFeature();
    await commit('service', {
      'service/db/migrations/1_a.up.sql': SQL(1),
      'db/migrations/3_orders.up.sql': SQL(3),
    });
    const cwd = path.join(repo, 'service');
    const expected = { added: ['service/db/migrations/1_a.up.sql'], modified: [], deleted: [], renamed: [] };
    expect(await changesFromGit({ cwd, baseRef: 'main', dir: 'db/migrations' })).toEqual(expected);
    expect(await changesFromGit({ cwd, baseRef: 'main', dir: './db/migrations/' })).toEqual(expected);
    expect(await changesFromGit({ cwd: repo, baseRef: 'main', dir: path.join(cwd, 'db/migrations') })).toEqual(
      expected,
    );
    expect((await changesFromGit({ cwd, baseRef: 'main', dir: '../db/migrations' })).added).toEqual([
      'db/migrations/3_orders.up.sql',
    ]);
    expect(await repositoryRoot(cwd)).toBe(repo);
  });

  test('a dir outside the repository is a usage error', async () => {
    await mainAndFeature();
    expect(await usageError(changesFromGit({ cwd: repo, baseRef: 'main', dir: '../elsewhere' }))).toBe(
      `migrations directory ../elsewhere is outside the git repository at ${repo}`,
    );
  });

  test('a directory prefix is not a path prefix: db/migrations does not take db/migrations-old', async () => {
    await mainAndFeature();
    await commit('x', { 'db/migrations-old/9_x.up.sql': SQL(9), 'db/migrations/3_y.up.sql': SQL(3) });
    expect((await changesFromGit({ cwd: repo, baseRef: 'main', dir: 'db/migrations' })).added).toEqual([
      'db/migrations/3_y.up.sql',
    ]);
  });
});

describe('errors', () => {
  test('unknown ref: names the ref and the repository and says to fetch it', async () => {
    await mainAndFeature();
    for (const ref of ['nope', 'origin/main', '-p', '--output=/tmp/x']) {
      expect(await usageError(changesFromGit({ cwd: repo, baseRef: ref, dir: 'db/migrations' }))).toBe(
        `--base-ref ${ref}: not a known commit, branch or tag in ${repo}; fetch it first (actions/checkout fetch-depth: 0)`,
      );
    }
  });

  test('not a git repository', async () => {
    const plainDir = path.join(tmp, 'not-a-repo');
    await mkdir(plainDir);
    expect(await usageError(changesFromGit({ cwd: plainDir, baseRef: 'main', dir: '.' }))).toBe(
      `${plainDir} is not in a git repository: telling new migrations from the base branch's needs its history (actions/checkout with fetch-depth: 0)`,
    );
  });

  test('a directory that does not exist', async () => {
    const missing = path.join(tmp, 'missing');
    expect(await usageError(changesFromGit({ cwd: missing, baseRef: 'main', dir: '.' }))).toContain(
      `cannot run git in ${missing}`,
    );
  });

  test('git that cannot be found', async () => {
    const pathBefore = process.env['PATH'];
    process.env['PATH'] = path.join(tmp, 'no-bin');
    try {
      expect(await usageError(changesFromGit({ cwd: repo, baseRef: 'main', dir: '.' }))).toMatch(
        new RegExp(`^cannot run git in ${repo}: .*\\bgit\\b`),
      );
    } finally {
      if (pathBefore === undefined) delete process.env['PATH'];
      else process.env['PATH'] = pathBefore;
    }
  });

  test('a repository without commits', async () => {
    expect(await usageError(changesFromGit({ cwd: repo, baseRef: 'main', dir: '.' }))).toBe(
      `the git repository at ${repo} has no commit checked out (HEAD)`,
    );
  });

  test('unrelated histories: no common ancestor', async () => {
    await mainAndFeature();
    git(repo, 'checkout', '-q', '--orphan', 'other');
    await commit('unrelated', { 'x.sql': 'select 1;\n' });
    expect(await usageError(changesFromGit({ cwd: repo, baseRef: 'main', dir: '.' }))).toBe(
      `--base-ref main: HEAD and main have no common ancestor in ${repo}`,
    );
  });
});

describe('clones', () => {
  async function originWithFeature(): Promise<void> {
    await mainAndFeature();
    await commit('feature', { 'db/migrations/3_orders.up.sql': SQL(3) });
    git(repo, 'checkout', '-q', 'main');
    await commit('main moves on', { 'db/migrations/4_main.up.sql': SQL(4) });
    git(repo, 'checkout', '-q', 'feature');
  }

  test('a full clone: --base-ref main finds origin/main (what actions/checkout with fetch-depth: 0 leaves)', async () => {
    await originWithFeature();
    const clone = path.join(tmp, 'clone');
    git(tmp, 'clone', '-q', '--branch', 'feature', `file://${repo}`, clone);
    expect(() => git(clone, 'rev-parse', '--verify', '--quiet', 'main')).toThrow();
    const expected = { added: ['db/migrations/3_orders.up.sql'], modified: [], deleted: [], renamed: [] };
    expect(await changesFromGit({ cwd: clone, baseRef: 'main', dir: 'db/migrations' })).toEqual(expected);
    expect(await changesFromGit({ cwd: clone, baseRef: 'origin/main', dir: 'db/migrations' })).toEqual(expected);
  });

  test('a depth-1 clone of one branch (the actions/checkout default): the base ref is unknown, fetch-depth: 0 is the fix', async () => {
    await originWithFeature();
    const clone = path.join(tmp, 'shallow');
    git(tmp, 'clone', '-q', '--depth', '1', '--branch', 'feature', `file://${repo}`, clone);
    expect(await usageError(changesFromGit({ cwd: clone, baseRef: 'main', dir: 'db/migrations' }))).toBe(
      `--base-ref main: not a known commit, branch or tag in ${clone}; fetch it first (actions/checkout fetch-depth: 0)`,
    );
  });

  test('a depth-1 clone holding both branch tips: git merge-base finds nothing, the error says to fetch the history', async () => {
    await originWithFeature();
    const clone = path.join(tmp, 'shallow');
    git(tmp, 'clone', '-q', '--depth', '1', '--no-single-branch', '--branch', 'feature', `file://${repo}`, clone);
    expect(git(clone, 'rev-parse', '--is-shallow-repository').trim()).toBe('true');
    expect(await usageError(changesFromGit({ cwd: clone, baseRef: 'origin/main', dir: 'db/migrations' }))).toBe(
      `--base-ref origin/main: no merge base with HEAD in ${clone}, a shallow clone: the commit where the change branched off was not fetched; fetch the whole history (actions/checkout fetch-depth: 0, or git fetch --unshallow)`,
    );

    // Once the history is there, the answer is the same as in a full clone.
    git(clone, 'fetch', '-q', '--unshallow');
    expect(await changesFromGit({ cwd: clone, baseRef: 'origin/main', dir: 'db/migrations' })).toEqual({
      added: ['db/migrations/3_orders.up.sql'],
      modified: [],
      deleted: [],
      renamed: [],
    });
  });
});

describe('parsing and restricting (no git)', () => {
  test('parseNameStatus reads -z output, copies count as added, T as modified', () => {
    const out = [
      'A',
      'a.sql',
      'M',
      'm.sql',
      'D',
      'd.sql',
      'T',
      't.sql',
      'R100',
      'r1.sql',
      'r2.sql',
      'R075',
      'e1.sql',
      'e2.sql',
      'C090',
      'c1.sql',
      'c2.sql',
      '',
    ].join('\0');
    expect(parseNameStatus(out)).toEqual({
      added: ['a.sql', 'c2.sql'],
      modified: ['m.sql', 't.sql', 'e2.sql'],
      deleted: ['d.sql'],
      renamed: [
        { from: 'r1.sql', to: 'r2.sql' },
        { from: 'e1.sql', to: 'e2.sql' },
      ],
    });
    expect(parseNameStatus('')).toEqual({ added: [], modified: [], deleted: [], renamed: [] });
  });

  test('restrictChanges keeps renames with either side under dir', () => {
    const all: FileChanges = {
      added: ['m/1.sql', 'mx/2.sql', 'other.sql'],
      modified: ['m/sub/3.sql'],
      deleted: ['n/4.sql'],
      renamed: [
        { from: 'old/5.sql', to: 'm/5.sql' },
        { from: 'm/6.sql', to: 'old/6.sql' },
        { from: 'a/7.sql', to: 'b/7.sql' },
      ],
    };
    expect(restrictChanges(all, './m/')).toEqual({
      added: ['m/1.sql'],
      modified: ['m/sub/3.sql'],
      deleted: [],
      renamed: [
        { from: 'old/5.sql', to: 'm/5.sql' },
        { from: 'm/6.sql', to: 'old/6.sql' },
      ],
    });
    expect(restrictChanges(all, '')).toEqual(all);
  });
});
