/** The run context from the runner's environment and event payloads shaped like GitHub's. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { defaultCommentKey, readRunContext, type RunContext } from '../src/github/context.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mt-github-context-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let n = 0;
async function eventFile(payload: unknown): Promise<string> {
  const file = path.join(dir, `event-${++n}.json`);
  await writeFile(file, typeof payload === 'string' ? payload : JSON.stringify(payload, null, 2));
  return file;
}

function runnerEnv(over: Record<string, string | undefined>): Record<string, string | undefined> {
  return {
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_RUN_ID: '9876543210',
    GITHUB_RUN_ATTEMPT: '2',
    GITHUB_WORKFLOW: 'CI',
    GITHUB_JOB: 'migrations',
    ...over,
  };
}

const user = (login: string, id: number) => ({
  login,
  id,
  node_id: 'MDQ6VXNlcjE=',
  avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
  url: `https://api.github.com/users/${login}`,
  html_url: `https://github.com/${login}`,
  type: 'User',
  site_admin: false,
});

const repository = (fullName: string, id: number, fork = false) => {
  const [login] = fullName.split('/') as [string];
  return {
    id,
    node_id: 'R_kgDOAbc',
    name: fullName.split('/')[1],
    full_name: fullName,
    private: false,
    owner: user(login, id + 1),
    html_url: `https://github.com/${fullName}`,
    fork,
    url: `https://api.github.com/repos/${fullName}`,
    default_branch: 'main',
  };
};

/** Trimmed from a real pull_request "labeled" payload: the fields kept are GitHub's, with their types. */
function pullRequestPayload(o: { action: string; headRepo: ReturnType<typeof repository> | null; labels: string[] }) {
  const base = repository('acme/shop', 101);
  return {
    action: o.action,
    number: 42,
    pull_request: {
      url: 'https://api.github.com/repos/acme/shop/pulls/42',
      id: 1_234_567_890,
      node_id: 'PR_kwDOAbc',
      html_url: 'https://github.com/acme/shop/pull/42',
      number: 42,
      state: 'open',
      locked: false,
      title: 'Add orders.archived_at',
      user: user('dev', 7),
      body: null,
      created_at: '2025-01-10T09:00:00Z',
      updated_at: '2025-01-10T09:05:00Z',
      closed_at: null,
      merged_at: null,
      merge_commit_sha: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4',
      assignees: [],
      requested_reviewers: [],
      labels: o.labels.map((name, i) => ({
        id: 5_000_000 + i,
        node_id: 'LA_kwDOAbc',
        url: `https://api.github.com/repos/acme/shop/labels/${encodeURIComponent(name)}`,
        name,
        color: 'ededed',
        default: false,
        description: null,
      })),
      draft: false,
      head: {
        label: o.headRepo ? `${o.headRepo.owner.login}:feature` : 'dev:feature',
        ref: 'feature',
        sha: '1111111111111111111111111111111111111111',
        user: user('dev', 7),
        repo: o.headRepo,
      },
      base: {
        label: 'acme:main',
        ref: 'main',
        sha: '2222222222222222222222222222222222222222',
        user: user('acme', 102),
        repo: base,
      },
      author_association: 'CONTRIBUTOR',
      merged: false,
      mergeable: null,
      commits: 3,
      additions: 40,
      deletions: 2,
      changed_files: 2,
    },
    label: o.labels.length > 0 ? { name: o.labels[o.labels.length - 1] } : undefined,
    repository: base,
    sender: user('dev', 7),
  };
}

test('pull_request with labels, from a branch of the same repository', async () => {
  const file = await eventFile(
    pullRequestPayload({
      action: 'labeled',
      headRepo: repository('acme/shop', 101),
      labels: ['db', 'migration:slow-ok'],
    }),
  );
  const ctx = await readRunContext(runnerEnv({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: file }), null);
  expect(ctx).toEqual<RunContext>({
    eventName: 'pull_request',
    owner: 'acme',
    repo: 'shop',
    serverUrl: 'https://github.com',
    apiUrl: 'https://api.github.com',
    runId: '9876543210',
    runAttempt: '2',
    runUrl: 'https://github.com/acme/shop/actions/runs/9876543210',
    workflow: 'CI',
    job: 'migrations',
    pullRequest: {
      number: 42,
      baseSha: '2222222222222222222222222222222222222222',
      headSha: '1111111111111111111111111111111111111111',
      baseRef: 'main',
      labels: ['db', 'migration:slow-ok'],
      fromFork: false,
    },
    triggeringRun: null,
  });
});

test('pull_request_target from a fork; the payload wins over a pr-number input', async () => {
  const file = await eventFile(
    pullRequestPayload({ action: 'synchronize', headRepo: repository('contributor/shop', 301, true), labels: [] }),
  );
  const ctx = await readRunContext(runnerEnv({ GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_EVENT_PATH: file }), 7);
  expect(ctx.pullRequest).toEqual({
    number: 42,
    baseSha: '2222222222222222222222222222222222222222',
    headSha: '1111111111111111111111111111111111111111',
    baseRef: 'main',
    labels: [],
    fromFork: true,
  });
});

test('a pull request whose fork was deleted (head.repo null) counts as from a fork', async () => {
  const file = await eventFile(pullRequestPayload({ action: 'reopened', headRepo: null, labels: [] }));
  const ctx = await readRunContext(runnerEnv({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: file }), null);
  expect(ctx.pullRequest?.fromFork).toBe(true);
});

test('workflow_dispatch with a pr-number input: the number only, labels unknown', async () => {
  const file = await eventFile({
    inputs: { 'pr-number': '42' },
    ref: 'refs/heads/main',
    repository: repository('acme/shop', 101),
    sender: user('dev', 7),
    workflow: '.github/workflows/migrations.yml',
  });
  const ctx = await readRunContext(runnerEnv({ GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_EVENT_PATH: file }), 42);
  expect(ctx.eventName).toBe('workflow_dispatch');
  expect(ctx.pullRequest).toEqual({
    number: 42,
    baseSha: null,
    headSha: null,
    baseRef: null,
    labels: [],
    fromFork: false,
  });
});

test('workflow_dispatch without a pr-number, and push: no pull request', async () => {
  const dispatch = await eventFile({ inputs: {}, ref: 'refs/heads/main', repository: repository('acme/shop', 101) });
  expect(
    (await readRunContext(runnerEnv({ GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_EVENT_PATH: dispatch }), null))
      .pullRequest,
  ).toBeNull();
  const push = await eventFile({
    ref: 'refs/heads/main',
    before: '0000000000000000000000000000000000000000',
    after: '3333333333333333333333333333333333333333',
    repository: repository('acme/shop', 101),
    pusher: { name: 'dev', email: 'dev@example.com' },
    commits: [],
  });
  const ctx = await readRunContext(runnerEnv({ GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: push }), null);
  expect(ctx.pullRequest).toBeNull();
  expect(ctx.runUrl).toBe('https://github.com/acme/shop/actions/runs/9876543210');
});

test('workflow_run: the pr-number input, else the run’s first pull request', async () => {
  const payload = {
    action: 'completed',
    workflow_run: {
      id: 9876543000,
      name: 'CI',
      head_branch: 'feature',
      head_sha: '1111111111111111111111111111111111111111',
      event: 'pull_request',
      status: 'completed',
      conclusion: 'success',
      pull_requests: [
        {
          url: 'https://api.github.com/repos/acme/shop/pulls/42',
          id: 1_234_567_890,
          number: 42,
          head: {
            ref: 'feature',
            sha: '1111111111111111111111111111111111111111',
            repo: { id: 101, url: '', name: 'shop' },
          },
          base: {
            ref: 'main',
            sha: '2222222222222222222222222222222222222222',
            repo: { id: 101, url: '', name: 'shop' },
          },
        },
      ],
      repository: repository('acme/shop', 101),
      head_repository: repository('acme/shop', 101),
    },
    repository: repository('acme/shop', 101),
  };
  const file = await eventFile(payload);
  const fromPayload = await readRunContext(
    runnerEnv({ GITHUB_EVENT_NAME: 'workflow_run', GITHUB_EVENT_PATH: file }),
    null,
  );
  expect(fromPayload.pullRequest).toEqual({
    number: 42,
    baseSha: '2222222222222222222222222222222222222222',
    headSha: '1111111111111111111111111111111111111111',
    baseRef: 'main',
    labels: [],
    fromFork: false,
  });

  // From a fork GitHub lists no pull requests; the number comes from the input.
  const forkFile = await eventFile({
    ...payload,
    workflow_run: {
      ...payload.workflow_run,
      pull_requests: [],
      head_repository: repository('contributor/shop', 301, true),
    },
  });
  const fromInput = await readRunContext(
    runnerEnv({ GITHUB_EVENT_NAME: 'workflow_run', GITHUB_EVENT_PATH: forkFile }),
    42,
  );
  expect(fromInput.pullRequest).toEqual({
    number: 42,
    baseSha: null,
    headSha: '1111111111111111111111111111111111111111',
    baseRef: null,
    labels: [],
    fromFork: true,
  });
  expect(
    (await readRunContext(runnerEnv({ GITHUB_EVENT_NAME: 'workflow_run', GITHUB_EVENT_PATH: forkFile }), null))
      .pullRequest,
  ).toBeNull();
});

test('a malformed payload names GITHUB_EVENT_PATH and the field', async () => {
  const good = pullRequestPayload({ action: 'opened', headRepo: repository('acme/shop', 101), labels: [] });
  const file = await eventFile({ ...good, pull_request: { ...good.pull_request, number: '42' } });
  await expect(
    readRunContext(runnerEnv({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: file }), null),
  ).rejects.toThrow(
    new RegExp(
      `^GITHUB_EVENT_PATH \\(${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\): not a pull_request event payload: pull_request\\.number: `,
    ),
  );

  const badLabels = await eventFile({ ...good, pull_request: { ...good.pull_request, labels: [{ id: 1 }] } });
  await expect(
    readRunContext(runnerEnv({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: badLabels }), null),
  ).rejects.toThrow(/GITHUB_EVENT_PATH .*pull_request\.labels\[0\]\.name/);

  const notJson = await eventFile('{"pull_request": ');
  await expect(
    readRunContext(runnerEnv({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: notJson }), null),
  ).rejects.toThrow(/GITHUB_EVENT_PATH .*not valid JSON/);

  await expect(
    readRunContext(
      runnerEnv({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path.join(dir, 'missing.json') }),
      null,
    ),
  ).rejects.toThrow(/GITHUB_EVENT_PATH .*missing\.json.*cannot read/);

  await expect(readRunContext(runnerEnv({ GITHUB_EVENT_NAME: 'pull_request' }), null)).rejects.toThrow(
    /GITHUB_EVENT_PATH is not set/,
  );
});

test('defaults, and what is missing from the environment', async () => {
  const ctx = await readRunContext({ GITHUB_REPOSITORY: 'acme/shop', GITHUB_EVENT_NAME: 'push' }, null);
  expect(ctx).toMatchObject({
    serverUrl: 'https://github.com',
    apiUrl: 'https://api.github.com',
    runId: null,
    runAttempt: null,
    runUrl: null,
    workflow: null,
    job: null,
  });
  const ghes = await readRunContext(
    runnerEnv({
      GITHUB_EVENT_NAME: 'push',
      GITHUB_SERVER_URL: 'https://ghe.example.com/',
      GITHUB_API_URL: 'https://ghe.example.com/api/v3',
    }),
    null,
  );
  expect(ghes.runUrl).toBe('https://ghe.example.com/acme/shop/actions/runs/9876543210');
  expect(ghes.apiUrl).toBe('https://ghe.example.com/api/v3');
  await expect(readRunContext({}, null)).rejects.toThrow(/GITHUB_REPOSITORY is not set/);
  await expect(readRunContext({ GITHUB_REPOSITORY: 'shop' }, null)).rejects.toThrow(
    /GITHUB_REPOSITORY: expected "owner\/repo"/,
  );
  await expect(readRunContext(runnerEnv({ GITHUB_EVENT_NAME: 'workflow_dispatch' }), 0)).rejects.toThrow(/pr-number/);
});

describe('defaultCommentKey', () => {
  const ctx = (workflow: string | null, job: string | null): RunContext => ({
    eventName: 'pull_request',
    owner: 'acme',
    repo: 'shop',
    serverUrl: 'https://github.com',
    apiUrl: 'https://api.github.com',
    runId: '1',
    runAttempt: '1',
    runUrl: null,
    workflow,
    job,
    pullRequest: null,
    triggeringRun: null,
  });

  test('workflow / job / matrix values', () => {
    expect(defaultCommentKey(ctx('.github/workflows/ci.yml', 'migrations'), '{"db":"pg16"}')).toBe(
      'ci.yml/migrations/pg16',
    );
    expect(defaultCommentKey(ctx('CI', 'migrations'), '{"engine":"postgres","version":16}')).toBe(
      'CI/migrations/postgres-16',
    );
  });

  test('no matrix: "", "null", "{}" or nothing', () => {
    for (const m of [null, '', 'null', '{}', '  ']) {
      expect(defaultCommentKey(ctx('CI', 'migrations'), m)).toBe('CI/migrations');
    }
  });

  test('stable: key order of the matrix JSON does not matter, and attempts do not change it', () => {
    const a = defaultCommentKey(ctx('CI', 'migrations'), '{"version":16,"engine":"postgres"}');
    const b = defaultCommentKey(
      { ...ctx('CI', 'migrations'), runId: '2', runAttempt: '3' },
      '{"engine":"postgres","version":16}',
    );
    expect(a).toBe(b);
  });

  test('distinct between the jobs of a matrix, even with nested values', () => {
    const keys = [
      '{"db":{"image":"postgres:16","port":5432},"os":"ubuntu-latest"}',
      '{"db":{"image":"postgres:17","port":5432},"os":"ubuntu-latest"}',
      '{"db":{"image":"mysql:8.4","port":3306},"os":"ubuntu-latest"}',
    ].map((m) => defaultCommentKey(ctx('CI', 'migrations'), m));
    expect(new Set(keys).size).toBe(3);
    expect(keys[0]).toBe('CI/migrations/postgres:16-5432-ubuntu-latest');
  });

  test('short: a long matrix is cut and ends in a hash of the whole', () => {
    const long = JSON.stringify({ a: 'x'.repeat(200), b: 'y' });
    const other = JSON.stringify({ a: 'x'.repeat(200), b: 'z' });
    const k1 = defaultCommentKey(ctx('CI', 'migrations'), long);
    const k2 = defaultCommentKey(ctx('CI', 'migrations'), other);
    expect(k1.length).toBeLessThanOrEqual('CI/migrations/'.length + 60);
    expect(k1).not.toBe(k2);
    expect(k1).toMatch(/~[0-9a-f]{8}$/);
    const reordered = JSON.stringify({ b: 'y', a: 'x'.repeat(200) });
    expect(defaultCommentKey(ctx('CI', 'migrations'), reordered)).toBe(k1);
  });

  test('a matrix value given by hand (not JSON) is used as it is; outside Actions there is a fallback', () => {
    expect(defaultCommentKey(ctx('CI', 'migrations'), 'pg16')).toBe('CI/migrations/pg16');
    expect(defaultCommentKey(ctx(null, null), null)).toBe('migration-test');
  });
});
