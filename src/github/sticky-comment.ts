/**
 * The one pull-request comment per comment key, kept up to date across runs.
 *
 * A job finds its comment by the key's hidden marker (see report/render/marker.ts) among all
 * the pull request's issue comments, updates it, or creates it when there is none. Two jobs of
 * the same key running at once (a re-run, a quick second push) could each see no comment and
 * both create one; nothing on GitHub's side can lock that, so:
 *   - the listing is repeated right before creating, which narrows the window to a moment;
 *   - when several marked comments exist, the one with the lowest id is updated, always, so
 *     every later run converges on the same comment and nothing is deleted;
 *   - workflows should give the job a `concurrency:` group per pull request and key, e.g.
 *       concurrency: { group: migration-test-${{ github.event.pull_request.number }}-${{ matrix.db }}, cancel-in-progress: true }
 *     which serialises runs, and the race cannot happen.
 * A 5xx answer is tried once more (the client does that for GET and PATCH); a create that
 * failed with a 5xx may still have been carried out, so it looks again before posting again.
 */
import { commentMarker, findsMarker } from '../report/render/index.js';
import { createOctokit, gitHubMessageOf, type GitHubClient, httpStatusOf, retryDelayMs } from './octokit.js';

/**
 * The token may not read or write the pull request's comments: 403 (the read-only
 * GITHUB_TOKEN of a pull request from a fork, or missing `pull-requests: write`) or 404 (the
 * pull request or repository is not visible to it).
 */
export class CommentForbiddenError extends Error {
  readonly status: number;
  constructor(message: string, status: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CommentForbiddenError';
    this.status = status;
  }
}

export interface StickyCommentOptions {
  token: string;
  apiUrl: string;
  owner: string;
  repo: string;
  issueNumber: number;
  commentKey: string;
  body: string;
}

export interface StickyCommentResult {
  id: number;
  url: string;
  created: boolean;
}

interface FoundComment {
  id: number;
  url: string;
}

type Operation = 'list' | 'create' | 'update';

function describe(op: Operation, o: StickyCommentOptions): string {
  const where = `${o.owner}/${o.repo}#${o.issueNumber}`;
  if (op === 'list') return `list the comments of ${where}`;
  if (op === 'create') return `create a comment on ${where}`;
  return `update its comment on ${where}`;
}

function isRateLimit(err: unknown): boolean {
  return /rate limit/i.test(gitHubMessageOf(err));
}

/** Errors of the GitHub API, as errors that say what was being done. */
function explain(err: unknown, op: Operation, o: StickyCommentOptions): Error {
  const status = httpStatusOf(err);
  const message = gitHubMessageOf(err);
  if ((status === 403 && !isRateLimit(err)) || status === 404) {
    const hint =
      status === 403
        ? ' A pull request from a fork gets a read-only GITHUB_TOKEN: publish from a workflow_run workflow instead (mode: comment), or give the job `permissions: pull-requests: write`.'
        : ' The pull request or the repository is not visible to this token.';
    return new CommentForbiddenError(
      `The token may not ${describe(op, o)}: GitHub answered ${status} ${message}.${hint}`,
      status,
      { cause: err },
    );
  }
  const answer = status === null ? message : `GitHub answered ${status} ${message}`;
  return new Error(`Could not ${describe(op, o)}: ${answer}`, { cause: err });
}

async function findFirst(octokit: GitHubClient, o: StickyCommentOptions): Promise<FoundComment | null> {
  let first: FoundComment | null = null;
  try {
    const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
      owner: o.owner,
      repo: o.repo,
      issue_number: o.issueNumber,
      per_page: 100,
    });
    for await (const page of pages) {
      for (const c of page.data) {
        if (typeof c.body === 'string' && findsMarker(c.body, o.commentKey) && (first === null || c.id < first.id)) {
          first = { id: c.id, url: c.html_url };
        }
      }
    }
  } catch (err) {
    throw explain(err, 'list', o);
  }
  return first;
}

/** The updated comment, or null when it no longer exists (deleted since it was listed). */
async function update(
  octokit: GitHubClient,
  o: StickyCommentOptions,
  id: number,
  body: string,
): Promise<FoundComment | null> {
  try {
    const { data } = await octokit.rest.issues.updateComment({ owner: o.owner, repo: o.repo, comment_id: id, body });
    return { id: data.id, url: data.html_url };
  } catch (err) {
    if (httpStatusOf(err) === 404) {
      // The listing just showed it: it was deleted meanwhile. A token that may not see the
      // pull request would have failed on the listing already.
      return null;
    }
    throw explain(err, 'update', o);
  }
}

async function create(octokit: GitHubClient, o: StickyCommentOptions, body: string): Promise<FoundComment> {
  const { data } = await octokit.rest.issues.createComment({
    owner: o.owner,
    repo: o.repo,
    issue_number: o.issueNumber,
    body,
  });
  return { id: data.id, url: data.html_url };
}

/**
 * Finds the comment carrying this key's marker across all pages of the pull request's issue
 * comments, updates it, else creates it. The body gets the marker as its first line when the
 * renderer has not put it in already. Returns the comment's id and html_url.
 */
export async function upsertStickyComment(opts: StickyCommentOptions): Promise<StickyCommentResult> {
  if (!Number.isInteger(opts.issueNumber) || opts.issueNumber <= 0) {
    throw new Error(`upsertStickyComment: not a pull request number: ${opts.issueNumber}`);
  }
  const body = findsMarker(opts.body, opts.commentKey) ? opts.body : `${commentMarker(opts.commentKey)}\n${opts.body}`;
  const octokit = createOctokit({ token: opts.token, apiUrl: opts.apiUrl });

  // Twice: the second look, right before creating, catches a comment another run of the same
  // key made while this one was listing (or ours, deleted meanwhile, being replaced).
  for (let look = 0; look < 2; look++) {
    const found = await findFirst(octokit, opts);
    if (found !== null) {
      const updated = await update(octokit, opts, found.id, body);
      if (updated !== null) return { ...updated, created: false };
    }
  }

  try {
    return { ...(await create(octokit, opts, body)), created: true };
  } catch (err) {
    const status = httpStatusOf(err);
    if (status === null || status < 500) throw explain(err, 'create', opts);
    // A create that failed with a 5xx may have been carried out all the same.
    await new Promise((resolve) => setTimeout(resolve, retryDelayMs()));
    const found = await findFirst(octokit, opts);
    if (found !== null) {
      const updated = await update(octokit, opts, found.id, body);
      if (updated !== null) return { ...updated, created: true };
    }
    try {
      return { ...(await create(octokit, opts, body)), created: true };
    } catch (again) {
      throw explain(again, 'create', opts);
    }
  }
}
