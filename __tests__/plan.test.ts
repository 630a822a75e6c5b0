/**
 * planMigrations on migration sets discovered in real git repositories made in each test
 * (main, a feature branch, --base-ref main), in several formats, and on hand-made changes.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { discoverMigrations } from '../src/migrations/discover.js';
import { changesFromGit, gitChangesLabel, repositoryRoot, type FileChanges } from '../src/migrations/git-changes.js';
import { NO_BASE_LABEL, planMigrations, type MigrationPlan } from '../src/migrations/plan.js';
import type { Migration } from '../src/migrations/types.js';
import { FindingSchema } from '../src/report/model.js';
import { UsageError } from '../src/util/errors.js';

let tmp: string;
let repo: string;

const ceiling = process.env['GIT_CEILING_DIRECTORIES'];
beforeAll(() => {
  process.env['GIT_CEILING_DIRECTORIES'] = os.tmpdir();
});
afterAll(() => {
  if (ceiling === undefined) delete process.env['GIT_CEILING_DIRECTORIES'];
  else process.env['GIT_CEILING_DIRECTORIES'] = ceiling;
});

beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'mt-plan-'));
  repo = path.join(tmp, 'repo');
  await mkdir(repo);
  git('-c', 'init.defaultBranch=main', 'init', '-q');
  git('config', 'user.name', 'Test');
  git('config', 'user.email', 'test@example.com');
  git('config', 'commit.gpgsign', 'false');
});

afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

async function write(files: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(repo, name)), { recursive: true });
    await writeFile(path.join(repo, name), content);
  }
}

async function commit(message: string, files: Record<string, string> = {}, remove: string[] = []): Promise<void> {
  await write(files);
  for (const file of remove) await rm(path.join(repo, file));
  git('add', '-A');
  git('commit', '-q', '--allow-empty', '-m', message);
}

function mv(from: string, to: string): void {
  execFileSync('mkdir', ['-p', path.dirname(path.join(repo, to))]);
  git('mv', from, to);
}

/** Distinct content per file, so git's rename detection pairs only what was really renamed. */
const sql = (what: string) =>
  `-- ${what}\ncreate table ${what.replace(/\W/g, '_')} (id bigint primary key, name text not null);\n`;
const dbmateSql = (what: string) =>
  `-- migrate:up\n${sql(what)}\n-- migrate:down\ndrop table ${what.replace(/\W/g, '_')};\n`;

interface PlanAt {
  dir?: string;
  cwd?: string;
  baseRef?: string | null;
  newFrom?: string | null;
}

/** What the CLI does: discover at HEAD, diff against the base ref, plan. */
async function planAt(opts: PlanAt = {}): Promise<MigrationPlan> {
  const dir = opts.dir ?? 'db/migrations';
  const cwd = opts.cwd ?? repo;
  const baseRef = opts.baseRef === undefined ? 'main' : opts.baseRef;
  const set = await discoverMigrations({ dir, format: 'auto', dialect: 'postgres', cwd });
  const changes = baseRef === null ? null : await changesFromGit({ cwd, baseRef, dir });
  const plan = planMigrations(set, {
    changes,
    newFrom: opts.newFrom ?? null,
    repoRoot: await repositoryRoot(cwd),
    ...(baseRef === null ? {} : { changesLabel: gitChangesLabel(baseRef) }),
  });
  for (const finding of plan.findings) expect(FindingSchema.parse(finding)).toEqual(finding);
  return plan;
}

const ids = (ms: readonly Migration[]) => ms.map((m) => m.id);
const brief = (plan: MigrationPlan) => plan.findings.map((f) => [f.severity, f.rule, f.migration]);

describe('flyway (V, U and R files)', () => {
  async function flywayMain(): Promise<void> {
    await commit('init', {
      'db/migrations/V1__init.sql': sql('init'),
      'db/migrations/V2__users.sql': sql('users'),
      'db/migrations/U2__users.sql': 'drop table users;\n',
      'db/migrations/R__views.sql': 'create or replace view v as select 1;\n',
      'db/migrations/R__functions.sql': 'create or replace function f() returns int as $$ select 1 $$ language sql;\n',
      'db/migrations/afterMigrate.sql': 'analyze;\n',
    });
    git('checkout', '-q', '-b', 'feature');
  }

  test('added migrations and changed repeatables are new; main moving on after the branch point changes nothing', async () => {
    await flywayMain();
    await commit('feature', {
      'db/migrations/V3__orders.sql': sql('orders'),
      'db/migrations/U3__orders.sql': 'drop table orders;\n',
      'db/migrations/R__views.sql': 'create or replace view v as select 2;\n',
    });
    git('checkout', '-q', 'main');
    await commit('main moves on', {
      'db/migrations/V4__main_only.sql': sql('main_only'),
      'db/migrations/R__functions.sql': '-- changed on main\n',
      'db/migrations/V1__init.sql': sql('init') + '-- edited on main\n',
    });
    git('checkout', '-q', 'feature');

    const plan = await planAt();
    expect(ids(plan.base)).toEqual(['1_init', '2_users', 'R_functions']);
    expect(ids(plan.new)).toEqual(['3_orders', 'R_views']);
    expect(plan.findings).toEqual([]);
    expect(plan.baseLabel).toBe('git diff main...HEAD');
  });

  test('landed migrations modified or deleted, and a new version below the newest base one', async () => {
    await flywayMain();
    await commit(
      'feature',
      {
        'db/migrations/V1__init.sql': sql('init') + 'create index on init (name);\n',
        'db/migrations/U2__users.sql': 'drop table if exists users;\n',
        'db/migrations/V1_5__late.sql': sql('late'),
      },
      ['db/migrations/R__functions.sql'],
    );

    const plan = await planAt();
    expect(ids(plan.base)).toEqual(['1_init', '2_users', 'R_views']);
    expect(ids(plan.new)).toEqual(['1_5_late']);
    expect(plan.findings).toEqual([
      {
        severity: 'error',
        rule: 'modified-migration',
        migration: '1_init',
        message: 'migrations cannot be changed once landed: db/migrations/V1__init.sql',
      },
      {
        severity: 'warning',
        rule: 'modified-migration',
        migration: '2_users',
        message:
          'migrations cannot be changed once landed: db/migrations/U2__users.sql (the down script only: databases that ran the migration run the changed one on rollback)',
      },
      {
        severity: 'warning',
        rule: 'deleted-migration',
        migration: null,
        message:
          'a migration already on the base branch was deleted: db/migrations/R__functions.sql; databases that ran it keep what it did',
      },
      {
        severity: 'warning',
        rule: 'out-of-order',
        migration: '1_5_late',
        message:
          'db/migrations/V1_5__late.sql sorts before db/migrations/V2__users.sql, already on the base branch: it will not run where the base is already deployed (Flyway reports it as ignored unless outOfOrder is enabled); give it a version above the newest one',
        value: '1_5',
        limit: '2',
      },
    ]);
  });

  test('renamed to another version: deleted + added (one finding for V and U); moved to a subdirectory: the same migration', async () => {
    await flywayMain();
    mv('db/migrations/V2__users.sql', 'db/migrations/V5__users.sql');
    mv('db/migrations/U2__users.sql', 'db/migrations/U5__users.sql');
    mv('db/migrations/V1__init.sql', 'db/migrations/release-1/V1__init.sql');
    mv('db/migrations/R__views.sql', 'db/migrations/views/R__views.sql');
    await commit('reorganise');

    const plan = await planAt();
    expect(ids(plan.base)).toEqual(['1_init', 'R_functions', 'R_views']);
    expect(ids(plan.new)).toEqual(['5_users']);
    expect(plan.findings).toEqual([
      {
        severity: 'warning',
        rule: 'deleted-migration',
        migration: '5_users',
        message:
          'a migration already on the base branch was renamed: db/migrations/V2__users.sql -> db/migrations/V5__users.sql; migration tools see the new name as a new migration, which runs again where the old one already ran',
      },
    ]);
  });

  test('a migration moved to a subdirectory and edited is modified', async () => {
    await flywayMain();
    mv('db/migrations/V1__init.sql', 'db/migrations/release-1/V1__init.sql');
    await commit('move and edit', { 'db/migrations/release-1/V1__init.sql': sql('init') + '-- one more line\n' });
    const plan = await planAt();
    expect(ids(plan.new)).toEqual([]);
    expect(brief(plan)).toEqual([['error', 'modified-migration', '1_init']]);
    expect(plan.findings[0]?.message).toBe(
      'migrations cannot be changed once landed: db/migrations/release-1/V1__init.sql',
    );
  });
});

describe('golang-migrate (up/down pairs)', () => {
  async function golangMain(dir = 'db/migrations'): Promise<void> {
    await commit('init', {
      [`${dir}/000001_init.up.sql`]: sql('init'),
      [`${dir}/000001_init.down.sql`]: 'drop table init;\n',
      [`${dir}/000002_users.up.sql`]: sql('users'),
      [`${dir}/000002_users.down.sql`]: 'drop table users;\n',
      [`${dir}/000003_orders.up.sql`]: sql('orders'),
    });
    git('checkout', '-q', '-b', 'feature');
  }

  test('a new pair is new; down files added, modified or deleted on landed migrations are said', async () => {
    await golangMain();
    await commit(
      'feature',
      {
        'db/migrations/000004_items.up.sql': sql('items'),
        'db/migrations/000004_items.down.sql': 'drop table items;\n',
        'db/migrations/000003_orders.down.sql': 'drop table orders;\n',
        'db/migrations/000002_users.down.sql': 'drop table users cascade;\n',
      },
      ['db/migrations/000001_init.down.sql'],
    );
    const plan = await planAt();
    expect(ids(plan.base)).toEqual(['000001_init', '000002_users', '000003_orders']);
    expect(ids(plan.new)).toEqual(['000004_items']);
    expect(plan.findings).toEqual([
      {
        severity: 'warning',
        rule: 'modified-migration',
        migration: '000002_users',
        message:
          'migrations cannot be changed once landed: db/migrations/000002_users.down.sql (the down script only: databases that ran the migration run the changed one on rollback)',
      },
      {
        severity: 'notice',
        rule: 'added-down-migration',
        migration: '000003_orders',
        message: 'down script added to a migration already on the base branch: db/migrations/000003_orders.down.sql',
      },
      {
        severity: 'warning',
        rule: 'deleted-migration',
        migration: '000001_init',
        message: 'a script of a migration already on the base branch was deleted: db/migrations/000001_init.down.sql',
      },
    ]);
  });

  test('a modified up is an error; a deleted pair and a renamed pair each give one warning', async () => {
    await golangMain();
    mv('db/migrations/000002_users.up.sql', 'db/migrations/000007_users.up.sql');
    mv('db/migrations/000002_users.down.sql', 'db/migrations/000007_users.down.sql');
    await commit(
      'feature',
      { 'db/migrations/000003_orders.up.sql': sql('orders') + 'alter table orders add column total int;\n' },
      ['db/migrations/000001_init.up.sql', 'db/migrations/000001_init.down.sql'],
    );
    const plan = await planAt();
    expect(ids(plan.base)).toEqual(['000003_orders']);
    expect(ids(plan.new)).toEqual(['000007_users']);
    expect(brief(plan)).toEqual([
      ['error', 'modified-migration', '000003_orders'],
      ['warning', 'deleted-migration', null],
      ['warning', 'deleted-migration', '000007_users'],
    ]);
    expect(plan.findings[1]?.message).toBe(
      'a migration already on the base branch was deleted: db/migrations/000001_init.up.sql; databases that ran it keep what it did',
    );
  });

  test('main got a newer migration and was merged into the branch: the branch one is out of order', async () => {
    await golangMain();
    await commit('feature', { 'db/migrations/000004_feature.up.sql': sql('feature') });
    git('checkout', '-q', 'main');
    await commit('main', { 'db/migrations/000005_main.up.sql': sql('main') });
    git('checkout', '-q', 'feature');

    // Before the merge, main's migration is not in the branch at all.
    const before = await planAt();
    expect(ids(before.base)).toEqual(['000001_init', '000002_users', '000003_orders']);
    expect(ids(before.new)).toEqual(['000004_feature']);
    expect(before.findings).toEqual([]);

    git('merge', '-q', '--no-edit', 'main');
    const after = await planAt();
    expect(ids(after.base)).toEqual(['000001_init', '000002_users', '000003_orders', '000005_main']);
    expect(ids(after.new)).toEqual(['000004_feature']);
    expect(after.findings).toEqual([
      {
        severity: 'warning',
        rule: 'out-of-order',
        migration: '000004_feature',
        message:
          'db/migrations/000004_feature.up.sql sorts before db/migrations/000005_main.up.sql, already on the base branch: it will not run where the base is already deployed (golang-migrate only applies versions above the current one); give it a version above the newest one',
        value: '000004',
        limit: '000005',
      },
    ]);
  });

  test('the migrations directory moved: its files are the same migrations, not new ones', async () => {
    await golangMain('migrations');
    for (const name of [
      '000001_init.up.sql',
      '000001_init.down.sql',
      '000002_users.up.sql',
      '000002_users.down.sql',
      '000003_orders.up.sql',
    ]) {
      mv(`migrations/${name}`, `db/migrations/${name}`);
    }
    await commit('move', { 'db/migrations/000004_items.up.sql': sql('items') });
    const plan = await planAt();
    expect(ids(plan.base)).toEqual(['000001_init', '000002_users', '000003_orders']);
    expect(ids(plan.new)).toEqual(['000004_items']);
    expect(plan.findings).toEqual([]);
  });

  test('a migration moved out of the migrations directory is deleted for the migration tool', async () => {
    await golangMain();
    mv('db/migrations/000002_users.up.sql', 'archive/000002_users.up.sql');
    mv('db/migrations/000002_users.down.sql', 'archive/000002_users.down.sql');
    await commit('archive');
    const plan = await planAt();
    expect(ids(plan.base)).toEqual(['000001_init', '000003_orders']);
    expect(plan.findings).toEqual([
      {
        severity: 'warning',
        rule: 'deleted-migration',
        migration: null,
        message:
          'a migration already on the base branch was deleted: db/migrations/000002_users.up.sql; databases that ran it keep what it did',
      },
    ]);
  });
});

describe('dbmate (single files)', () => {
  async function dbmateMain(): Promise<void> {
    await commit('init', {
      'db/migrations/20240101000000_init.sql': dbmateSql('init'),
      'db/migrations/20240201000000_users.sql': dbmateSql('users'),
    });
    git('checkout', '-q', '-b', 'feature');
  }

  test('added files are new; a modified file is one error; an older timestamp is out of order', async () => {
    await dbmateMain();
    await commit('feature', {
      'db/migrations/20240301000000_orders.sql': dbmateSql('orders'),
      'db/migrations/20240115000000_early.sql': dbmateSql('early'),
      'db/migrations/20240101000000_init.sql': dbmateSql('init') + '-- edited\n',
      'db/migrations/README.md': 'not a migration\n',
    });
    const plan = await planAt();
    expect(ids(plan.base)).toEqual(['20240101000000_init', '20240201000000_users']);
    expect(ids(plan.new)).toEqual(['20240115000000_early', '20240301000000_orders']);
    expect(plan.findings).toEqual([
      {
        severity: 'error',
        rule: 'modified-migration',
        migration: '20240101000000_init',
        message: 'migrations cannot be changed once landed: db/migrations/20240101000000_init.sql',
      },
      {
        severity: 'warning',
        rule: 'out-of-order',
        migration: '20240115000000_early',
        message:
          'db/migrations/20240115000000_early.sql sorts before db/migrations/20240201000000_users.sql, already on the base branch: where the base is already deployed it runs after the newer migrations (as tested here), but on a fresh database before them; give it a version above the newest one',
        value: '20240115000000',
        limit: '20240201000000',
      },
    ]);
  });

  test('newFrom: versions from it on are new, compared as integers; no git needed', async () => {
    await dbmateMain();
    await commit('feature', { 'db/migrations/20240301000000_orders.sql': dbmateSql('orders') });
    const plan = await planAt({ baseRef: null, newFrom: '20240201000000' });
    expect(ids(plan.base)).toEqual(['20240101000000_init']);
    expect(ids(plan.new)).toEqual(['20240201000000_users', '20240301000000_orders']);
    expect(plan.findings).toEqual([]);
    expect(plan.baseLabel).toBe('--new-from 20240201000000');

    // A value between versions, and one with fewer digits (integers, not strings).
    expect(ids((await planAt({ baseRef: null, newFrom: '20240200000000' })).new)).toEqual([
      '20240201000000_users',
      '20240301000000_orders',
    ]);
    expect(ids((await planAt({ baseRef: null, newFrom: '999' })).base)).toEqual([]);
  });
});

describe('newFrom, no base, and errors', () => {
  test('flyway newFrom: versions compared as Flyway does; repeatables are base; changes still give findings', async () => {
    await commit('init', {
      'db/migrations/V1__a.sql': sql('a'),
      'db/migrations/V1_9__b.sql': sql('b'),
      'db/migrations/V1_10__c.sql': sql('c'),
      'db/migrations/V2__d.sql': sql('d'),
      'db/migrations/R__views.sql': 'select 1;\n',
    });
    git('checkout', '-q', '-b', 'feature');
    await commit('edit a', {
      'db/migrations/V1__a.sql': sql('a') + '-- edit\n',
      'db/migrations/R__views.sql': 'select 2;\n',
    });

    const plan = await planAt({ baseRef: null, newFrom: '1.10' });
    expect(ids(plan.base)).toEqual(['1_a', '1_9_b', 'R_views']);
    expect(ids(plan.new)).toEqual(['1_10_c', '2_d']);
    expect(ids((await planAt({ baseRef: null, newFrom: 'V2' })).new)).toEqual(['2_d']);

    const both = await planAt({ newFrom: '1.10' });
    expect(both.baseLabel).toBe('--new-from 1.10');
    expect(ids(both.new)).toEqual(['1_10_c', '2_d']);
    expect(brief(both)).toEqual([['error', 'modified-migration', '1_a']]);
  });

  test('a newFrom that is not a version of the format is a usage error', async () => {
    await commit('init', { 'db/migrations/000001_a.up.sql': sql('a') });
    const set = await discoverMigrations({ dir: 'db/migrations', format: 'auto', dialect: 'postgres', cwd: repo });
    const plan = (newFrom: string) => () => planMigrations(set, { changes: null, newFrom, repoRoot: repo });
    expect(plan('v1.2')).toThrow(
      new UsageError('--new-from v1.2: not a golang-migrate version (expected digits, e.g. 20240101120000)'),
    );
    expect(plan('1')).not.toThrow();
    const flywaySet = { ...set, format: 'flyway' as const };
    expect(() => planMigrations(flywaySet, { changes: null, newFrom: '1.x', repoRoot: repo })).toThrow(
      new UsageError('--new-from 1.x: not a Flyway version (expected e.g. 3, 1.2 or 2024.01.15)'),
    );
  });

  test('plain files: newFrom and out-of-order follow the natural order of the names', async () => {
    await commit('init', {
      'sql/1_a.sql': 'select 1;\n',
      'sql/2_b.sql': 'select 2;\n',
      'sql/10_c.sql': 'select 10;\n',
    });
    git('checkout', '-q', '-b', 'feature');
    await commit('feature', { 'sql/3_d.sql': 'select 3;\n', 'sql/11_e.sql': 'select 11;\n' });
    const plan = await planAt({ dir: 'sql' });
    expect(ids(plan.base)).toEqual(['1_a', '2_b', '10_c']);
    expect(ids(plan.new)).toEqual(['3_d', '11_e']);
    expect(brief(plan)).toEqual([['warning', 'out-of-order', '3_d']]);
    expect(ids((await planAt({ dir: 'sql', baseRef: null, newFrom: '3' })).new)).toEqual(['3_d', '10_c', '11_e']);
  });

  test('no base: every migration is new, no findings', async () => {
    await commit('init', { 'db/migrations/000001_a.up.sql': sql('a'), 'db/migrations/000002_b.up.sql': sql('b') });
    const plan = await planAt({ baseRef: null });
    expect(plan).toEqual({ base: [], new: plan.new, findings: [], baseLabel: NO_BASE_LABEL });
    expect(ids(plan.new)).toEqual(['000001_a', '000002_b']);
    expect(NO_BASE_LABEL).toBe('all migrations (no base)');
  });

  test('the migrations directory outside the repository cannot be compared with the change', async () => {
    await mkdir(path.join(tmp, 'outside'));
    await writeFile(path.join(tmp, 'outside/000001_a.up.sql'), sql('a'));
    const set = await discoverMigrations({ dir: '../outside', format: 'auto', dialect: 'postgres', cwd: repo });
    const empty: FileChanges = { added: [], modified: [], deleted: [], renamed: [] };
    expect(() => planMigrations(set, { changes: empty, newFrom: null, repoRoot: repo })).toThrow(
      new UsageError(
        `migrations directory ${path.join(tmp, 'outside')} is outside the repository at ${repo}: cannot tell the change's migrations from the base branch's`,
      ),
    );
    // Without changes there is nothing to compare, and no error.
    expect(ids(planMigrations(set, { changes: null, newFrom: null, repoRoot: repo }).new)).toEqual(['000001_a']);
  });
});

describe('paths', () => {
  test('cwd below the repository root: changes, files and messages are all root-relative', async () => {
    await commit('init', {
      'services/api/db/migrations/000001_a.up.sql': sql('a'),
      'services/api/db/migrations/000002_b.up.sql': sql('b'),
    });
    git('checkout', '-q', '-b', 'feature');
    await commit('feature', {
      'services/api/db/migrations/000003_c.up.sql': sql('c'),
      'services/api/db/migrations/000001_a.up.sql': sql('a') + '-- edit\n',
    });
    const cwd = path.join(repo, 'services/api');
    const plan = await planAt({ cwd });
    expect(ids(plan.base)).toEqual(['000001_a', '000002_b']);
    expect(ids(plan.new)).toEqual(['000003_c']);
    expect(plan.findings.map((f) => f.message)).toEqual([
      'migrations cannot be changed once landed: services/api/db/migrations/000001_a.up.sql',
    ]);
  });

  test('cwd through a symbolic link to the repository: the root is spelled the same way, mapping still works', async () => {
    await commit('init', { 'db/migrations/000001_a.up.sql': sql('a') });
    git('checkout', '-q', '-b', 'feature');
    await commit('feature', { 'db/migrations/000002_b.up.sql': sql('b') });
    const link = path.join(tmp, 'link');
    await symlink(repo, link);
    expect(await repositoryRoot(path.join(link, 'db'))).toBe(link);
    const plan = await planAt({ cwd: link });
    expect(ids(plan.base)).toEqual(['000001_a']);
    expect(ids(plan.new)).toEqual(['000002_b']);
  });

  test('hand-made changes (as from a pull request) with ./ prefixes and deletions of non-migration files', async () => {
    await commit('init', {
      'db/migrations/000001_a.up.sql': sql('a'),
      'db/migrations/000002_b.up.sql': sql('b'),
    });
    const set = await discoverMigrations({ dir: 'db/migrations', format: 'auto', dialect: 'postgres', cwd: repo });
    const changes: FileChanges = {
      added: ['./db/migrations/000002_b.up.sql', 'db/migrations/notes.txt'],
      modified: [],
      deleted: ['db/migrations/README.md', 'db/migrations/sub/000000_x.up.sql', 'other/000009_z.up.sql'],
      renamed: [],
    };
    const plan = planMigrations(set, {
      changes,
      newFrom: null,
      repoRoot: repo,
      changesLabel: 'pull request #12 files',
    });
    expect(ids(plan.base)).toEqual(['000001_a']);
    expect(ids(plan.new)).toEqual(['000002_b']);
    // golang-migrate reads no subdirectories, and README.md is no migration: nothing to say.
    expect(plan.findings).toEqual([]);
    expect(plan.baseLabel).toBe('pull request #12 files');
    expect(planMigrations(set, { changes, newFrom: null, repoRoot: repo }).baseLabel).toBe('changed files');
  });
});
