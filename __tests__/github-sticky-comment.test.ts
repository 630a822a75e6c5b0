/**
 * The sticky pull-request comment, through the real octokit client (@actions/github) against
 * a loopback fake of GitHub's REST API.
 */
import { compareStamps, withStamp } from '../src/github/comment-stamp.js';
import { commentMarker } from '../src/report/render/index.js';
import { CommentForbiddenError, deleteJobComments, upsertStickyComment } from '../src/github/sticky-comment.js';
import { GITHUB_ACTIONS_BOT, type GitHubApiFake, startGitHubApiFake } from './fakes/github-api.js';

const OWNER = 'acme';
const REPO = 'shop';
const PR = 42;
const TOKEN = 'ghs_faketoken123';
const KEY = 'ci.yml/migrations/pg16';

let gh: GitHubApiFake;

beforeAll(() => {
  process.env['MIGRATION_TEST_GITHUB_RETRY_DELAY_MS'] = '10';
});

afterAll(() => {
  delete process.env['MIGRATION_TEST_GITHUB_RETRY_DELAY_MS'];
});

beforeEach(async () => {
  gh = await startGitHubApiFake();
});

afterEach(async () => {
  await gh.close();
});

function opts(body: string, over: Partial<Parameters<typeof upsertStickyComment>[0]> = {}) {
  return { token: TOKEN, apiUrl: gh.url, owner: OWNER, repo: REPO, issueNumber: PR, commentKey: KEY, body, ...over };
}

function ours(): ReturnType<GitHubApiFake['commentsOn']> {
  return gh.commentsOn(OWNER, REPO, PR).filter((c) => c.body.includes(commentMarker(KEY)));
}

test('creates the comment, then updates the same one; exactly one exists', async () => {
  const first = await upsertStickyComment(opts(`${commentMarker(KEY)}\n## Migrations: 3 passed`));
  expect(first.created).toBe(true);
  expect(first.url).toBe(`https://github.com/${OWNER}/${REPO}/pull/${PR}#issuecomment-${first.id}`);
  expect(ours()).toHaveLength(1);

  const second = await upsertStickyComment(opts(`${commentMarker(KEY)}\n## Migrations: 1 failed`));
  expect(second).toEqual({ id: first.id, url: first.url, created: false, superseded: false });
  const comments = gh.commentsOn(OWNER, REPO, PR);
  expect(comments).toHaveLength(1);
  expect(comments[0]!.body).toBe(`${commentMarker(KEY)}\n## Migrations: 1 failed`);
  expect(comments[0]!.user.login).toBe('github-actions[bot]');

  // The second run wrote with PATCH, never POST.
  expect(gh.requestsTo('POST', /\/comments$/)).toHaveLength(1);
  expect(gh.requestsTo('PATCH', /\/issues\/comments\/\d+$/)).toHaveLength(1);
  // Every request carried the token.
  expect(gh.state.requests.every((r) => r.token === TOKEN)).toBe(true);
});

test('finds its comment after 150 others, across pages, and asks for 100 a page', async () => {
  gh.seedComments({ owner: OWNER, repo: REPO, issueNumber: PR, count: 150 });
  const mine = gh.addComment({
    user: GITHUB_ACTIONS_BOT,
    owner: OWNER,
    repo: REPO,
    issueNumber: PR,
    body: `${commentMarker(KEY)}\nold report`,
  });
  gh.seedComments({ owner: OWNER, repo: REPO, issueNumber: PR, count: 60 });

  const result = await upsertStickyComment(opts(`${commentMarker(KEY)}\nnew report`));
  expect(result).toMatchObject({ id: mine.id, created: false });
  expect(gh.commentsOn(OWNER, REPO, PR)).toHaveLength(211);
  expect(ours().map((c) => c.body)).toEqual([`${commentMarker(KEY)}\nnew report`]);

  const lists = gh.requestsTo('GET', /\/issues\/42\/comments$/);
  expect(lists.map((r) => r.query['page'] ?? '1')).toEqual(['1', '2', '3']);
  expect(lists.every((r) => r.query['per_page'] === '100')).toBe(true);
  // Pages after the first were fetched from the Link header's URL, as GitHub writes it.
  expect(lists[1]!.url).toMatch(/^\/repositories\/\d+\/issues\/42\/comments\?/);
  expect(gh.requestsTo('POST', /.*/)).toHaveLength(0);
});

test('a comment with another key is not ours: a second comment is created beside it', async () => {
  gh.seedComments({ owner: OWNER, repo: REPO, issueNumber: PR, count: 5 });
  const other = gh.addComment({
    user: GITHUB_ACTIONS_BOT,
    owner: OWNER,
    repo: REPO,
    issueNumber: PR,
    body: `${commentMarker('ci.yml/migrations/mysql8')}\nmysql report`,
  });
  // A key that merely starts like ours is another key.
  const prefix = gh.addComment({
    user: GITHUB_ACTIONS_BOT,
    owner: OWNER,
    repo: REPO,
    issueNumber: PR,
    body: `${commentMarker('ci.yml/migrations/pg16-extra')}\nother`,
  });
  const result = await upsertStickyComment(opts(`${commentMarker(KEY)}\npg report`));
  expect(result.created).toBe(true);
  expect(gh.state.comments.find((c) => c.id === other.id)!.body).toBe(
    `${commentMarker('ci.yml/migrations/mysql8')}\nmysql report`,
  );
  expect(gh.state.comments.find((c) => c.id === prefix.id)!.body).toContain('other');
  expect(ours()).toHaveLength(1);
});

test('the marker is added when the body lacks it, so the next run finds the comment', async () => {
  const first = await upsertStickyComment(opts('plain body'));
  expect(gh.commentsOn(OWNER, REPO, PR)[0]!.body).toBe(`${commentMarker(KEY)}\nplain body`);
  const second = await upsertStickyComment(opts('plain body, again'));
  expect(second).toMatchObject({ id: first.id, created: false });
  expect(gh.commentsOn(OWNER, REPO, PR)).toHaveLength(1);
});

test('with two marked comments (an earlier race), the one with the lowest id is updated and the other deleted', async () => {
  const a = gh.addComment({
    user: GITHUB_ACTIONS_BOT,
    owner: OWNER,
    repo: REPO,
    issueNumber: PR,
    body: `${commentMarker(KEY)}\nA`,
  });
  gh.seedComments({ owner: OWNER, repo: REPO, issueNumber: PR, count: 3 });
  const b = gh.addComment({
    user: GITHUB_ACTIONS_BOT,
    owner: OWNER,
    repo: REPO,
    issueNumber: PR,
    body: `${commentMarker(KEY)}\nB`,
  });
  const result = await upsertStickyComment(opts(`${commentMarker(KEY)}\nC`));
  expect(result).toMatchObject({ id: a.id, created: false });
  expect(gh.state.comments.find((c) => c.id === a.id)!.body).toBe(`${commentMarker(KEY)}\nC`);
  expect(gh.state.comments.find((c) => c.id === b.id)).toBeUndefined();
  expect(gh.requestsTo('DELETE', /.*/).map((r) => r.route)).toEqual([
    `/repos/${OWNER}/${REPO}/issues/comments/${b.id}`,
  ]);
});

test('looks again right before creating: a comment another run made meanwhile is updated, not duplicated', async () => {
  let lists = 0;
  gh.state.onRequest = (req) => {
    if (req.method === 'GET' && /\/issues\/42\/comments$/.test(req.route) && (req.query['page'] ?? '1') === '1') {
      lists += 1;
      // The other run's create lands between this run's first listing and its second.
      if (lists === 2)
        gh.addComment({
          user: GITHUB_ACTIONS_BOT,
          owner: OWNER,
          repo: REPO,
          issueNumber: PR,
          body: `${commentMarker(KEY)}\nother run`,
        });
    }
  };
  const result = await upsertStickyComment(opts(`${commentMarker(KEY)}\nthis run`));
  expect(result.created).toBe(false);
  expect(ours().map((c) => c.body)).toEqual([`${commentMarker(KEY)}\nthis run`]);
  expect(gh.requestsTo('POST', /.*/)).toHaveLength(0);
});

test('a comment deleted between listing and updating is created anew', async () => {
  const old = gh.addComment({
    user: GITHUB_ACTIONS_BOT,
    owner: OWNER,
    repo: REPO,
    issueNumber: PR,
    body: `${commentMarker(KEY)}\nold`,
  });
  gh.state.onRequest = (req, state) => {
    if (req.method === 'PATCH') state.comments = state.comments.filter((c) => c.id !== old.id);
  };
  const result = await upsertStickyComment(opts(`${commentMarker(KEY)}\nnew`));
  expect(result.created).toBe(true);
  expect(result.id).not.toBe(old.id);
  expect(ours().map((c) => c.body)).toEqual([`${commentMarker(KEY)}\nnew`]);
});

test('403 on writing (a fork’s read-only token) gives CommentForbiddenError', async () => {
  gh.state.forbidCommentWrites = true;
  const err = await upsertStickyComment(opts('report')).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(CommentForbiddenError);
  expect((err as CommentForbiddenError).status).toBe(403);
  expect((err as Error).message).toContain('Resource not accessible by integration');
  expect((err as Error).message).toContain(`${OWNER}/${REPO}#${PR}`);

  // Updating an existing comment is refused the same way.
  gh.addComment({
    user: GITHUB_ACTIONS_BOT,
    owner: OWNER,
    repo: REPO,
    issueNumber: PR,
    body: `${commentMarker(KEY)}\nold`,
  });
  await expect(upsertStickyComment(opts('report'))).rejects.toBeInstanceOf(CommentForbiddenError);
  expect(gh.requestsTo('PATCH', /.*/)).toHaveLength(1);
});

test('404 on the listing (pull request not visible) gives CommentForbiddenError', async () => {
  gh.failNext('GET', /\/issues\/42\/comments$/, 404);
  const err = await upsertStickyComment(opts('report')).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(CommentForbiddenError);
  expect((err as CommentForbiddenError).status).toBe(404);
});

test('a missing or wrong token gets 401, which is not taken for a fork', async () => {
  gh.state.tokens = new Set(['ghs_right']);
  const err = await upsertStickyComment(opts('report', { token: 'ghs_wrong' })).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(Error);
  expect(err).not.toBeInstanceOf(CommentForbiddenError);
  expect((err as Error).message).toMatch(/401 Bad credentials/);
});

test('a secondary rate limit (403) is waited out for its Retry-After, then the call goes through', async () => {
  gh.fault({
    method: 'GET',
    path: /\/issues\/42\/comments$/,
    status: 403,
    message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
    headers: { 'retry-after': '1' },
  });
  const result = await upsertStickyComment(opts('report'));
  expect(result.created).toBe(true);
  expect(gh.requestsTo('GET', /\/issues\/42\/comments$/)[0]!.status).toBe(403);
  expect(ours()).toHaveLength(1);
});

test('a rate limit past the wait budget fails naming the call, and is not taken for a fork', async () => {
  process.env['MIGRATION_TEST_GITHUB_WAIT_BUDGET_MS'] = '0';
  try {
    gh.fault({
      method: 'GET',
      path: /\/issues\/42\/comments$/,
      status: 429,
      message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      headers: { 'retry-after': '30' },
    });
    const err = await upsertStickyComment(opts('report')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(CommentForbiddenError);
    expect((err as Error).message).toMatch(
      /list the comments of acme\/shop#42: GitHub answered 429 You have exceeded a secondary rate limit/,
    );
  } finally {
    delete process.env['MIGRATION_TEST_GITHUB_WAIT_BUDGET_MS'];
  }
});

/** The next request answers 429 with only a Retry-After (no rate-limit text or headers). */
function tooManyRequests(method: string, path: RegExp, retryAfter: string): void {
  gh.fault({ method, path, status: 429, message: 'Too Many Requests', headers: { 'retry-after': retryAfter } });
}

test('a plain 429 with Retry-After (no rate-limit text or headers) on creating and on updating is waited out and tried again', async () => {
  tooManyRequests('POST', /\/comments$/, '1');
  const made = await upsertStickyComment(opts(`${commentMarker(KEY)}\nfirst`));
  expect(gh.requestsTo('POST', /\/comments$/).map((r) => r.status)).toEqual([429, 201]);
  tooManyRequests('PATCH', /\/issues\/comments\/\d+$/, '1');
  const updated = await upsertStickyComment(opts(`${commentMarker(KEY)}\nsecond`));
  expect(updated).toMatchObject({ id: made.id, created: false });
  expect(gh.requestsTo('PATCH', /.*/).map((r) => r.status)).toEqual([429, 200]);
  expect(ours().map((c) => c.body)).toEqual([`${commentMarker(KEY)}\nsecond`]);
});

test('a plain 429 asking for more than the wait budget fails naming the call', async () => {
  process.env['MIGRATION_TEST_GITHUB_WAIT_BUDGET_MS'] = '0';
  try {
    tooManyRequests('POST', /\/comments$/, '30');
    const err = await upsertStickyComment(opts('report')).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/create a comment on acme\/shop#42: GitHub answered 429 Too Many Requests/);
    expect(gh.requestsTo('POST', /\/comments$/)).toHaveLength(1);
  } finally {
    delete process.env['MIGRATION_TEST_GITHUB_WAIT_BUDGET_MS'];
  }
});

test('a primary rate limit (x-ratelimit-remaining: 0) is waited out until x-ratelimit-reset', async () => {
  gh.fault({
    method: 'PATCH',
    path: /\/issues\/comments\/\d+$/,
    status: 403,
    message: 'API rate limit exceeded for installation ID 1.',
    headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000)) },
  });
  const mine = gh.addComment({
    user: GITHUB_ACTIONS_BOT,
    owner: OWNER,
    repo: REPO,
    issueNumber: PR,
    body: `${commentMarker(KEY)}\nold`,
  });
  const result = await upsertStickyComment(opts(`${commentMarker(KEY)}\nnew`));
  expect(result).toMatchObject({ id: mine.id, created: false });
  expect(gh.requestsTo('PATCH', /.*/).map((r) => r.status)).toEqual([403, 200]);
});

test('a retry after a 5xx on listing and on updating', async () => {
  gh.seedComments({ owner: OWNER, repo: REPO, issueNumber: PR, count: 120 });
  const mine = gh.addComment({
    user: GITHUB_ACTIONS_BOT,
    owner: OWNER,
    repo: REPO,
    issueNumber: PR,
    body: `${commentMarker(KEY)}\nold`,
  });
  gh.failNext('GET', /\/issues\/42\/comments$/, 502);
  gh.failNext('PATCH', /\/issues\/comments\/\d+$/, 503);
  const result = await upsertStickyComment(opts(`${commentMarker(KEY)}\nnew`));
  expect(result).toMatchObject({ id: mine.id, created: false });
  expect(gh.requestsTo('GET', /\/issues\/42\/comments$/).map((r) => r.status)).toEqual([502, 200, 200]);
  expect(gh.requestsTo('PATCH', /.*/).map((r) => r.status)).toEqual([503, 200]);
});

test('a dropped connection counts as a 5xx and is retried once', async () => {
  gh.failNext('GET', /\/issues\/42\/comments$/, 0);
  const result = await upsertStickyComment(opts('report'));
  expect(result.created).toBe(true);
});

test('two 502s in a row are tried through', async () => {
  gh.failNext('GET', /\/issues\/42\/comments$/, 502, 2);
  const result = await upsertStickyComment(opts('report'));
  expect(result.created).toBe(true);
});

test('four 5xx in a row fail, with the status in the message', async () => {
  gh.failNext('GET', /\/issues\/42\/comments$/, 500, 4);
  await expect(upsertStickyComment(opts('report'))).rejects.toThrow(
    /list the comments of acme\/shop#42: GitHub answered 500/,
  );
});

test('a create that failed with a 500 but was carried out leaves one comment: the duplicate is deleted', async () => {
  // GitHub stored the comment, then the answer was lost; the client posts again.
  gh.fault({ method: 'POST', path: /\/comments$/, status: 500, carryOut: true });
  const result = await upsertStickyComment(opts('report'));
  expect(result.created).toBe(true);
  expect(ours()).toHaveLength(1);
  expect(ours()[0]!.id).toBe(result.id);
  expect(gh.requestsTo('POST', /.*/).map((r) => r.status)).toEqual([500, 201]);
  expect(gh.requestsTo('DELETE', /.*/)).toHaveLength(1);
});

test('a create that failed with a 5xx and was not carried out is tried once more', async () => {
  gh.failNext('POST', /\/comments$/, 500);
  const result = await upsertStickyComment(opts('report'));
  expect(result.created).toBe(true);
  expect(ours()).toHaveLength(1);
  expect(gh.requestsTo('POST', /.*/).map((r) => r.status)).toEqual([500, 201]);
});

test('works with a GitHub Enterprise Server API URL (/api/v3)', async () => {
  const result = await upsertStickyComment(opts('report', { apiUrl: `${gh.url}/api/v3/` }));
  expect(result.created).toBe(true);
  expect(gh.state.requests.every((r) => r.url.startsWith('/api/v3/'))).toBe(true);
});

describe('runs of one key, told apart by their stamps', () => {
  const stamp = (run: string, startedAt: string, state: 'running' | 'done' = 'done') => ({
    head: run === '1' ? 'a'.repeat(40) : 'b'.repeat(40),
    runId: run,
    runAttempt: '1',
    startedAt,
    state,
  });
  const older = stamp('1', '2026-12-04T10:00:00.000Z');
  const newer = stamp('2', '2026-12-04T10:00:05.000Z');

  test('an older run finishing late leaves the newer run’s result and a one-line note', async () => {
    await upsertStickyComment(opts(`${commentMarker(KEY)}\nnewer result`, { stamp: newer }));
    const late = await upsertStickyComment(
      opts(`${commentMarker(KEY)}\nolder result`, { stamp: older, supersededNote: 'older run finished late' }),
    );
    expect(late.superseded).toBe(true);
    expect(ours()).toHaveLength(1);
    expect(ours()[0]!.body).toContain('newer result');
    expect(ours()[0]!.body).not.toContain('older result');
    expect(ours()[0]!.body).toMatch(/older run finished late\n$/);
  });

  test('a newer run replaces an older one’s text, a stale "running" included', async () => {
    await upsertStickyComment(opts(`${commentMarker(KEY)}\nRunning…`, { stamp: { ...older, state: 'running' } }));
    const r = await upsertStickyComment(opts(`${commentMarker(KEY)}\nnewer result`, { stamp: newer }));
    expect(r.superseded).toBe(false);
    expect(ours().map((c) => c.body.split('\n').at(-1))).toEqual(['newer result']);
  });

  test('duplicates from a race: the oldest is kept with the newest run’s text, the others deleted', async () => {
    const first = gh.addComment({
      user: GITHUB_ACTIONS_BOT,
      owner: OWNER,
      repo: REPO,
      issueNumber: PR,
      body: `${commentMarker(KEY)}\n<!-- migration-test:run head=${'a'.repeat(40)} run=1 attempt=1 started=2026-12-04T10:00:00.000Z state=running -->\nolder running`,
    });
    gh.addComment({
      user: GITHUB_ACTIONS_BOT,
      owner: OWNER,
      repo: REPO,
      issueNumber: PR,
      body: `${commentMarker(KEY)}\n<!-- migration-test:run head=${'b'.repeat(40)} run=2 attempt=1 started=2026-12-04T10:00:05.000Z state=done -->\nnewer result`,
    });
    const r = await upsertStickyComment(
      opts(`${commentMarker(KEY)}\nolder result`, { stamp: older, supersededNote: 'late' }),
    );
    expect(r).toMatchObject({ id: first.id, superseded: true });
    expect(ours()).toHaveLength(1);
    expect(ours()[0]!.body).toContain('newer result');
  });
});

test("a human's comment that quotes or starts with the marker is never updated nor deleted", async () => {
  const human = { login: 'mallory', id: 7, type: 'User' as const };
  const first = gh.addComment({
    user: human,
    owner: OWNER,
    repo: REPO,
    issueNumber: PR,
    body: `${commentMarker(KEY)}\nfake ✅ Passed`,
  });
  const bot = gh.addComment({
    user: GITHUB_ACTIONS_BOT,
    owner: OWNER,
    repo: REPO,
    issueNumber: PR,
    body: `${commentMarker(KEY)}\nold`,
  });
  const quote = gh.addComment({
    user: human,
    owner: OWNER,
    repo: REPO,
    issueNumber: PR,
    body: `why does the bot write \`${commentMarker(KEY)}\`?`,
  });
  const result = await upsertStickyComment(opts(`${commentMarker(KEY)}\nnew`));
  expect(result).toMatchObject({ id: bot.id, created: false });
  expect(gh.state.comments.find((c) => c.id === first.id)?.body).toBe(`${commentMarker(KEY)}\nfake ✅ Passed`);
  expect(gh.state.comments.find((c) => c.id === quote.id)).toBeDefined();
  expect(gh.requestsTo('DELETE', /.*/)).toHaveLength(0);
});

test('runs are ordered by run id, not by the start time each runner reports', () => {
  const stamp = (runId: string, startedAt: string) =>
    ({ head: 'a'.repeat(40), runId, runAttempt: '1', startedAt, state: 'done' }) as const;
  // Push A (run 1001) started its step after push B (run 1002), behind a slower `needs:` job.
  const a = stamp('1001', '2026-12-04T10:00:09.000Z');
  const b = stamp('1002', '2026-12-04T10:00:05.000Z');
  expect(compareStamps(b, a)).toBeGreaterThan(0);
  expect(compareStamps({ ...a, runAttempt: '2' }, a)).toBeGreaterThan(0);
});

test("a merged comment's job comments: only ours, of the keys given, written by the tested run, are deleted", async () => {
  const stamped = (key: string, runId: string) =>
    withStamp(`${commentMarker(key)}\nresult`, {
      head: 'c'.repeat(40),
      runId,
      runAttempt: '1',
      startedAt: new Date().toISOString(),
      state: 'done',
    });
  const add = (body: string, user = GITHUB_ACTIONS_BOT) =>
    gh.addComment({ owner: OWNER, repo: REPO, issueNumber: PR, body, user });
  const pg = add(stamped('wf/job/pg', '7'));
  const maria = add(stamped('wf/job/maria', '7'));
  const kept = [
    add(stamped('wf/job/pg', '7'), { login: 'someone', id: 5, type: 'User' }),
    add(stamped('wf/job/pg16', '8')),
    add(stamped('wf/job/other', '7')),
    add(stamped('wf/job', '7')),
  ];
  const deleted = await deleteJobComments({
    token: TOKEN,
    apiUrl: gh.url,
    owner: OWNER,
    repo: REPO,
    issueNumber: PR,
    commentKeys: ['wf/job/pg', 'wf/job/maria', 'wf/job/pg16'],
    runId: '7',
  });
  expect(deleted).toEqual([pg.id, maria.id]);
  expect(gh.commentsOn(OWNER, REPO, PR).map((c) => c.id)).toEqual(kept.map((c) => c.id));
});
