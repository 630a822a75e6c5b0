/**
 * The sticky pull-request comment, through the real octokit client (@actions/github) against
 * a loopback fake of GitHub's REST API.
 */
import { commentMarker } from '../src/report/render/index.js';
import { CommentForbiddenError, upsertStickyComment } from '../src/github/sticky-comment.js';
import { type GitHubApiFake, startGitHubApiFake } from './fakes/github-api.js';

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
  expect(second).toEqual({ id: first.id, url: first.url, created: false });
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
    owner: OWNER,
    repo: REPO,
    issueNumber: PR,
    body: `${commentMarker(KEY)}\nold report`,
    user: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' },
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
    owner: OWNER,
    repo: REPO,
    issueNumber: PR,
    body: `${commentMarker('ci.yml/migrations/mysql8')}\nmysql report`,
  });
  // A key that merely starts like ours is another key.
  const prefix = gh.addComment({
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

test('with two marked comments (an earlier race), the one with the lowest id is updated and none deleted', async () => {
  const a = gh.addComment({ owner: OWNER, repo: REPO, issueNumber: PR, body: `${commentMarker(KEY)}\nA` });
  gh.seedComments({ owner: OWNER, repo: REPO, issueNumber: PR, count: 3 });
  const b = gh.addComment({ owner: OWNER, repo: REPO, issueNumber: PR, body: `${commentMarker(KEY)}\nB` });
  const result = await upsertStickyComment(opts(`${commentMarker(KEY)}\nC`));
  expect(result).toMatchObject({ id: a.id, created: false });
  expect(gh.state.comments.find((c) => c.id === a.id)!.body).toBe(`${commentMarker(KEY)}\nC`);
  expect(gh.state.comments.find((c) => c.id === b.id)!.body).toBe(`${commentMarker(KEY)}\nB`);
  expect(gh.requestsTo('DELETE', /.*/)).toHaveLength(0);
});

test('looks again right before creating: a comment another run made meanwhile is updated, not duplicated', async () => {
  let lists = 0;
  gh.state.onRequest = (req) => {
    if (req.method === 'GET' && /\/issues\/42\/comments$/.test(req.route) && (req.query['page'] ?? '1') === '1') {
      lists += 1;
      // The other run's create lands between this run's first listing and its second.
      if (lists === 2)
        gh.addComment({ owner: OWNER, repo: REPO, issueNumber: PR, body: `${commentMarker(KEY)}\nother run` });
    }
  };
  const result = await upsertStickyComment(opts(`${commentMarker(KEY)}\nthis run`));
  expect(result.created).toBe(false);
  expect(ours().map((c) => c.body)).toEqual([`${commentMarker(KEY)}\nthis run`]);
  expect(gh.requestsTo('POST', /.*/)).toHaveLength(0);
});

test('a comment deleted between listing and updating is created anew', async () => {
  const old = gh.addComment({ owner: OWNER, repo: REPO, issueNumber: PR, body: `${commentMarker(KEY)}\nold` });
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
  gh.addComment({ owner: OWNER, repo: REPO, issueNumber: PR, body: `${commentMarker(KEY)}\nold` });
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

test('a secondary rate limit (403) is not taken for a fork', async () => {
  gh.failNext(
    'GET',
    /\/issues\/42\/comments$/,
    403,
    1,
    'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
  );
  const err = await upsertStickyComment(opts('report')).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(Error);
  expect(err).not.toBeInstanceOf(CommentForbiddenError);
  expect((err as Error).message).toMatch(/GitHub answered 403 You have exceeded a secondary rate limit/);
});

test('one retry after a 5xx on listing and on updating', async () => {
  gh.seedComments({ owner: OWNER, repo: REPO, issueNumber: PR, count: 120 });
  const mine = gh.addComment({ owner: OWNER, repo: REPO, issueNumber: PR, body: `${commentMarker(KEY)}\nold` });
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

test('two 5xx in a row fail, with the status in the message', async () => {
  gh.failNext('GET', /\/issues\/42\/comments$/, 500, 2);
  await expect(upsertStickyComment(opts('report'))).rejects.toThrow(
    /list the comments of acme\/shop#42: GitHub answered 500/,
  );
});

test('a create that failed with a 5xx but was carried out is not repeated', async () => {
  // GitHub stored the comment, then the answer was lost (a 502 from the front end).
  gh.state.onRequest = (req, state) => {
    if (req.method === 'POST' && !state.comments.some((c) => c.body.includes(commentMarker(KEY)))) {
      gh.addComment({ owner: OWNER, repo: REPO, issueNumber: PR, body: JSON.parse(req.body).body });
    }
  };
  gh.failNext('POST', /\/comments$/, 502);
  const result = await upsertStickyComment(opts('report'));
  expect(result.created).toBe(true);
  expect(ours()).toHaveLength(1);
  expect(gh.requestsTo('POST', /.*/)).toHaveLength(1);
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
