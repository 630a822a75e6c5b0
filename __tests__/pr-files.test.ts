/**
 * changesFromPullRequest through the real octokit client against a loopback HTTP server
 * written here, answering GET /repos/{owner}/{repo}/pulls/{n}/files the way api.github.com
 * does: per_page (at most 100), page, Link headers in the /repositories/{id}/ form, and no
 * more than 3000 files.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  changesFromPullRequest,
  mapPullRequestFiles,
  MAX_PULL_REQUEST_FILES,
  PullRequestTooLargeError,
  pullRequestChangesLabel,
  type PullRequestFilesOptions,
} from '../src/github/pr-files.js';
import { discoverMigrations } from '../src/migrations/discover.js';
import { planMigrations } from '../src/migrations/plan.js';
import { UsageError } from '../src/util/errors.js';

const OWNER = 'acme';
const REPO = 'shop';
const REPO_ID = 4242;
const PR = 12;
const TOKEN = 'ghs_pullfiles';

interface ServedFile {
  filename: string;
  status: string;
  additions: number;
  deletions: number;
  changes: number;
  previous_filename?: string;
}

interface Recorded {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
}

interface FakeGitHub {
  url: string;
  requests: Recorded[];
  /** The pull request's files, all of them (the server lists at most 3000, as GitHub does). */
  files: ServedFile[];
  /** changed_files of GET /pulls/{n}; default files.length. */
  changedFiles: number | null;
  /** Answer the next requests whose path matches with these statuses. */
  faults: Array<{ path: RegExp; status: number }>;
  close(): Promise<void>;
}

function file(filename: string, status: string, extra: Partial<ServedFile> = {}): ServedFile {
  const changes = status === 'renamed' ? 0 : 3;
  return { filename, status, additions: changes, deletions: 0, changes, ...extra };
}

async function startFakeGitHub(prefix = ''): Promise<FakeGitHub> {
  const fake: FakeGitHub = {
    url: '',
    requests: [],
    files: [],
    changedFiles: null,
    faults: [],
    close: async () => {},
  };
  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', fake.url);
    const query = Object.fromEntries(url.searchParams.entries());
    fake.requests.push({
      method: req.method ?? '',
      path: url.pathname,
      query,
      authorization: req.headers.authorization,
    });
    if (!url.pathname.startsWith(prefix)) return send(res, 404, { message: 'Not Found' });
    const route = url.pathname.slice(prefix.length);

    const fault = fake.faults.findIndex((f) => f.path.test(route));
    if (fault >= 0) {
      const [{ status }] = fake.faults.splice(fault, 1) as [{ path: RegExp; status: number }];
      return send(res, status, { message: 'Server Error' });
    }
    if (req.headers.authorization !== `token ${TOKEN}` && req.headers.authorization !== `Bearer ${TOKEN}`) {
      return send(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    }

    const files = new RegExp(`^/(?:repos/${OWNER}/${REPO}|repositories/${REPO_ID})/pulls/(\\d+)/files$`).exec(route);
    if (req.method === 'GET' && files) {
      if (Number(files[1]) !== PR) return send(res, 404, { message: 'Not Found' });
      const perPage = Math.min(100, Math.max(1, Number(query['per_page'] ?? 30)));
      const page = Math.max(1, Number(query['page'] ?? 1));
      const listed = fake.files.slice(0, MAX_PULL_REQUEST_FILES);
      const lastPage = Math.max(1, Math.ceil(listed.length / perPage));
      const link = (p: number, rel: string) =>
        `<${fake.url}${prefix}/repositories/${REPO_ID}/pulls/${PR}/files?per_page=${perPage}&page=${p}>; rel="${rel}"`;
      const links: string[] = [];
      if (page > 1) links.push(link(page - 1, 'prev'));
      if (page < lastPage) links.push(link(page + 1, 'next'), link(lastPage, 'last'));
      if (page > 1) links.push(link(1, 'first'));
      return send(
        res,
        200,
        listed.slice((page - 1) * perPage, page * perPage),
        links.length ? { link: links.join(', ') } : {},
      );
    }
    const pull = new RegExp(`^/repos/${OWNER}/${REPO}/pulls/(\\d+)$`).exec(route);
    if (req.method === 'GET' && pull && Number(pull[1]) === PR) {
      return send(res, 200, { number: PR, state: 'open', changed_files: fake.changedFiles ?? fake.files.length });
    }
    return send(res, 404, { message: 'Not Found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise((resolve) => server.close(() => resolve()));
  return fake;
}

let gh: FakeGitHub;

const retryDelay = process.env['MIGRATION_TEST_GITHUB_RETRY_DELAY_MS'];
beforeAll(() => {
  process.env['MIGRATION_TEST_GITHUB_RETRY_DELAY_MS'] = '10';
});
afterAll(() => {
  if (retryDelay === undefined) delete process.env['MIGRATION_TEST_GITHUB_RETRY_DELAY_MS'];
  else process.env['MIGRATION_TEST_GITHUB_RETRY_DELAY_MS'] = retryDelay;
});

beforeEach(async () => {
  gh = await startFakeGitHub();
});
afterEach(async () => {
  await gh.close();
});

function opts(over: Partial<PullRequestFilesOptions> = {}): PullRequestFilesOptions {
  return { token: TOKEN, apiUrl: gh.url, owner: OWNER, repo: REPO, number: PR, dir: 'db/migrations', ...over };
}

async function usageError(promise: Promise<unknown>): Promise<UsageError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UsageError);
  return err as UsageError;
}

/** 250 files: migration changes of every status spread over the three pages, the rest elsewhere. */
function twoHundredFifty(): ServedFile[] {
  const files: ServedFile[] = [];
  for (let i = 0; i < 250; i++) files.push(file(`src/module-${String(i).padStart(3, '0')}.ts`, 'modified'));
  const put = (index: number, f: ServedFile) => {
    files[index] = f;
  };
  put(0, file('db/migrations/000010_orders.up.sql', 'added'));
  put(1, file('db/migrations/000010_orders.down.sql', 'added'));
  put(99, file('db/migrations/000002_users.up.sql', 'modified'));
  put(100, file('db/migrations/000003_items.up.sql', 'removed'));
  put(
    150,
    file('db/migrations/000011_copy.up.sql', 'copied', { previous_filename: 'db/migrations/000010_orders.up.sql' }),
  );
  put(160, file('db/migrations/000001_init.up.sql', 'changed', { changes: 0, additions: 0 }));
  put(
    170,
    file('db/migrations/000004_pure.up.sql', 'renamed', { previous_filename: 'db/migrations/000044_pure.up.sql' }),
  );
  put(
    200,
    file('db/migrations/000005_edited.up.sql', 'renamed', {
      previous_filename: 'db/migrations/000055_edited.up.sql',
      changes: 2,
      additions: 1,
      deletions: 1,
    }),
  );
  put(210, file('db/migrations/000006_moved.up.sql', 'renamed', { previous_filename: 'old/000006_moved.up.sql' }));
  put(220, file('db/migrations/000007_same.up.sql', 'unchanged', { changes: 0 }));
  put(230, file('db/migrations-old/000008_other.up.sql', 'added'));
  put(249, file('db/migrations/000012_last.up.sql', 'added'));
  return files;
}

test('reads 250 files over 3 pages of 100, following the Link header, and maps every status', async () => {
  gh.files = twoHundredFifty();
  const changes = await changesFromPullRequest(opts());
  expect(changes).toEqual({
    added: [
      'db/migrations/000010_orders.up.sql',
      'db/migrations/000010_orders.down.sql',
      'db/migrations/000011_copy.up.sql',
      'db/migrations/000012_last.up.sql',
    ],
    modified: [
      'db/migrations/000002_users.up.sql',
      'db/migrations/000001_init.up.sql',
      'db/migrations/000005_edited.up.sql',
    ],
    deleted: ['db/migrations/000003_items.up.sql'],
    renamed: [
      { from: 'db/migrations/000044_pure.up.sql', to: 'db/migrations/000004_pure.up.sql' },
      { from: 'db/migrations/000055_edited.up.sql', to: 'db/migrations/000005_edited.up.sql' },
      { from: 'old/000006_moved.up.sql', to: 'db/migrations/000006_moved.up.sql' },
    ],
  });

  const lists = gh.requests.filter((r) => r.path.endsWith('/files'));
  expect(lists).toHaveLength(3);
  expect(lists.map((r) => r.query['page'] ?? '1')).toEqual(['1', '2', '3']);
  expect(lists.every((r) => r.query['per_page'] === '100')).toBe(true);
  expect(lists[0]?.path).toBe(`/repos/${OWNER}/${REPO}/pulls/${PR}/files`);
  // Pages 2 and 3 came from the Link header's URL, not from a URL the client made up.
  expect(lists.slice(1).map((r) => r.path)).toEqual([
    `/repositories/${REPO_ID}/pulls/${PR}/files`,
    `/repositories/${REPO_ID}/pulls/${PR}/files`,
  ]);
  expect(gh.requests.every((r) => r.authorization === `token ${TOKEN}`)).toBe(true);
  // Below the cap, the pull request itself is not asked for.
  expect(gh.requests.filter((r) => r.path.endsWith(`/pulls/${PR}`))).toHaveLength(0);
});

test('dir "" (or ".") is the whole repository; "./db/migrations/" is the same as db/migrations', async () => {
  gh.files = twoHundredFifty();
  const all = await changesFromPullRequest(opts({ dir: '' }));
  expect(all.modified).toHaveLength(238 + 3);
  expect(all.added).toHaveLength(5);
  expect(await changesFromPullRequest(opts({ dir: '.' }))).toEqual(all);
  expect(await changesFromPullRequest(opts({ dir: './db/migrations/' }))).toEqual(await changesFromPullRequest(opts()));
});

test('GitHub Enterprise Server: the API under /api/v3', async () => {
  await gh.close();
  gh = await startFakeGitHub('/api/v3');
  gh.files = twoHundredFifty();
  const changes = await changesFromPullRequest(opts({ apiUrl: `${gh.url}/api/v3/` }));
  expect(changes.added).toContain('db/migrations/000012_last.up.sql');
  expect(gh.requests.filter((r) => r.path.endsWith('/files'))).toHaveLength(3);
});

test('exactly 3000 files: the pull request says that is all of them', async () => {
  gh.files = Array.from({ length: 3000 }, (_, i) =>
    file(`db/migrations/${String(i + 1).padStart(6, '0')}_m.up.sql`, 'added'),
  );
  const changes = await changesFromPullRequest(opts());
  expect(changes.added).toHaveLength(3000);
  expect(gh.requests.filter((r) => r.path.endsWith('/files'))).toHaveLength(30);
  expect(gh.requests.filter((r) => r.path === `/repos/${OWNER}/${REPO}/pulls/${PR}`)).toHaveLength(1);
});

test('more than GitHub lists (3500 changed files, 3000 listed): an error that says to use the git diff', async () => {
  gh.files = Array.from({ length: 3500 }, (_, i) => file(`src/f${i}.ts`, 'modified'));
  const err = await usageError(changesFromPullRequest(opts()));
  expect(err).toBeInstanceOf(PullRequestTooLargeError);
  expect(err.message).toBe(
    'pull request #12 changes 3500 files, but GitHub lists at most 3000: new migrations could be missed; use --base-ref (git diff, with actions/checkout fetch-depth: 0) instead',
  );
  expect(err.exitCode).toBe(2);
  expect(gh.requests.filter((r) => r.path.endsWith('/files'))).toHaveLength(30);
});

test('a 5xx answer is tried once more (the shared octokit client), then the listing goes on', async () => {
  gh.files = twoHundredFifty();
  gh.faults.push({ path: /\/files$/, status: 502 });
  const changes = await changesFromPullRequest(opts());
  expect(changes.added).toHaveLength(4);
  expect(gh.requests.filter((r) => r.path.endsWith('/files'))).toHaveLength(4);
});

test('errors: unknown pull request, bad token, repeated 5xx, bad arguments', async () => {
  gh.files = twoHundredFifty();
  expect((await usageError(changesFromPullRequest(opts({ number: 13 })))).message).toBe(
    'could not list the files of pull request #13 in acme/shop: GitHub answered 404 Not Found (no such pull request, or the token cannot read it: it needs pull-requests: read)',
  );
  expect((await usageError(changesFromPullRequest(opts({ token: 'wrong' })))).message).toBe(
    'could not list the files of pull request #12 in acme/shop: GitHub answered 401 Bad credentials (check the token and its permissions: pull-requests: read)',
  );
  // The client tries three times more; the fourth 503 stands.
  for (let i = 0; i < 4; i++) gh.faults.push({ path: /\/files$/, status: 503 });
  expect((await usageError(changesFromPullRequest(opts()))).message).toBe(
    'could not list the files of pull request #12 in acme/shop: GitHub answered 503 Server Error',
  );
  for (const dir of ['/abs/db/migrations', '../db/migrations']) {
    expect((await usageError(changesFromPullRequest(opts({ dir })))).message).toBe(
      `migrations directory ${dir}: must be relative to the repository root to compare with the pull request's files`,
    );
  }
  expect((await usageError(changesFromPullRequest(opts({ number: 0 })))).message).toBe(
    'pull request number 0: expected a positive integer',
  );
});

test('mapPullRequestFiles: a rename without previous_filename is an addition; unknown statuses are left out', () => {
  expect(
    mapPullRequestFiles([
      { filename: 'a.sql', status: 'renamed' },
      { filename: 'b.sql', status: 'unchanged' },
      { filename: 'c.sql', status: 'someday-new' },
    ]),
  ).toEqual({ added: ['a.sql'], modified: [], deleted: [], renamed: [] });
  expect(pullRequestChangesLabel(12)).toBe('pull request #12 files');
});

test('end to end: the pull request decides which discovered migrations are new', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'mt-pr-files-'));
  try {
    await mkdir(path.join(root, 'db/migrations'), { recursive: true });
    for (const name of ['V1__init.sql', 'V2__users.sql', 'V3__orders.sql', 'R__views.sql']) {
      await writeFile(path.join(root, 'db/migrations', name), 'select 1;\n');
    }
    gh.files = [
      file('db/migrations/V3__orders.sql', 'added'),
      file('db/migrations/R__views.sql', 'modified'),
      file('db/migrations/V1__init.sql', 'modified'),
      file('README.md', 'modified'),
    ];
    const set = await discoverMigrations({ dir: 'db/migrations', format: 'auto', dialect: 'postgres', cwd: root });
    const changes = await changesFromPullRequest(opts());
    const plan = planMigrations(set, {
      changes,
      newFrom: null,
      repoRoot: root,
      changesLabel: pullRequestChangesLabel(PR),
    });
    expect(plan.base.map((m) => m.id)).toEqual(['1_init', '2_users']);
    expect(plan.new.map((m) => m.id)).toEqual(['3_orders', 'R_views']);
    expect(plan.findings.map((f) => [f.severity, f.rule, f.migration])).toEqual([
      ['error', 'modified-migration', '1_init'],
    ]);
    expect(plan.baseLabel).toBe('pull request #12 files');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
