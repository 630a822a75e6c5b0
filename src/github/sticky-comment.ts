/**
 * The one pull-request comment per comment key, kept up to date across runs.
 *
 * A job finds its comment by the key's hidden marker (see report/render/marker.ts) among all
 * the pull request's issue comments. Nothing on GitHub's side can lock a create, so two runs
 * of one key (a quick second push, a re-run) may each create one; every write therefore
 * settles the key's comments:
 *   - the oldest comment (lowest id) is the one kept; the others are deleted;
 *   - it gets the newest run's text: each comment carries its run's stamp (comment-stamp.ts),
 *     and a run never overwrites the text of a run that started after it (it leaves a one-line
 *     note instead), so an older run finishing late cannot hide a newer push's result;
 *   - after creating, the listing is repeated, and a duplicate made meanwhile is settled then.
 * A stale "Running…" (a run killed without a chance to finish) is replaced by the next run.
 * Rate limits and 5xx answers are waited out and tried again by the client (octokit.ts); a
 * create tried again after a 5xx may have been carried out twice, which the settling undoes.
 */
import { findsMarker, commentMarker } from '../report/render/index.js';
import { type CommentStamp, compareStamps, parseStamp, sameRun, withNote, withStamp } from './comment-stamp.js';
import { type AuthorMatch, authorOf, ourAuthor, rememberAuthor } from './comment-author.js';
import { createOctokit, gitHubMessageOf, type GitHubClient, httpStatusOf } from './octokit.js';

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
  /** The run writing: compared with the stamps of the key's comments (null: always writes). */
  stamp?: CommentStamp | null;
  /** The line left on a newer run's comment instead of this run's text. */
  supersededNote?: string | null;
}

export interface StickyCommentResult {
  id: number;
  url: string;
  created: boolean;
  /** A run that started later owns the comment: this run's text was not written. */
  superseded: boolean;
}

interface Listed {
  id: number;
  url: string;
  body: string;
  stamp: CommentStamp | null;
}

type Operation = 'list' | 'create' | 'update' | 'delete' | 'delete-job';

/** The pull request whose comments are worked on. */
type Where = Pick<StickyCommentOptions, 'token' | 'apiUrl' | 'owner' | 'repo' | 'issueNumber'>;

function describe(op: Operation, o: Where): string {
  const where = `${o.owner}/${o.repo}#${o.issueNumber}`;
  if (op === 'list') return `list the comments of ${where}`;
  if (op === 'create') return `create a comment on ${where}`;
  if (op === 'delete') return `delete a duplicate comment on ${where}`;
  if (op === 'delete-job') return `delete a matrix job's comment on ${where}`;
  return `update its comment on ${where}`;
}

function isRateLimit(err: unknown): boolean {
  return /rate limit/i.test(gitHubMessageOf(err));
}

/** Errors of the GitHub API, as errors that say what was being done. */
function explain(err: unknown, op: Operation, o: Where): Error {
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

/**
 * The keys' comments across all pages, oldest first: those that start with one of their markers
 * and were written by the token's identity. A human's comment quoting a marker is never ours.
 */
async function listOurs(
  octokit: GitHubClient,
  o: Where,
  keys: readonly string[],
  ours: AuthorMatch,
): Promise<Listed[]> {
  const out: Listed[] = [];
  const markers = keys.map(commentMarker);
  try {
    const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
      owner: o.owner,
      repo: o.repo,
      issue_number: o.issueNumber,
      per_page: 100,
    });
    for await (const page of pages) {
      for (const c of page.data) {
        const body = c.body;
        if (typeof body === 'string' && markers.some((m) => body.startsWith(m)) && ours(authorOf(c.user))) {
          out.push({ id: c.id, url: c.html_url, body, stamp: parseStamp(body) });
        }
      }
    }
  } catch (err) {
    throw explain(err, 'list', o);
  }
  return out.sort((a, b) => a.id - b.id);
}

/** The updated comment, or null when it no longer exists (deleted since it was listed). */
async function update(
  octokit: GitHubClient,
  o: StickyCommentOptions,
  id: number,
  body: string,
): Promise<Listed | null> {
  try {
    const { data } = await octokit.rest.issues.updateComment({ owner: o.owner, repo: o.repo, comment_id: id, body });
    rememberAuthor(o.token, authorOf(data.user));
    return { id: data.id, url: data.html_url, body, stamp: parseStamp(body) };
  } catch (err) {
    // The listing just showed it: it was deleted meanwhile (by a run settling duplicates).
    if (httpStatusOf(err) === 404) return null;
    throw explain(err, 'update', o);
  }
}

async function remove(octokit: GitHubClient, o: Where, id: number, op: Operation = 'delete'): Promise<void> {
  try {
    await octokit.rest.issues.deleteComment({ owner: o.owner, repo: o.repo, comment_id: id });
  } catch (err) {
    // Another run settling the same duplicates deleted it first.
    if (httpStatusOf(err) !== 404) throw explain(err, op, o);
  }
}

async function create(octokit: GitHubClient, o: StickyCommentOptions, body: string): Promise<Listed> {
  try {
    const { data } = await octokit.rest.issues.createComment({
      owner: o.owner,
      repo: o.repo,
      issue_number: o.issueNumber,
      body,
    });
    rememberAuthor(o.token, authorOf(data.user));
    return { id: data.id, url: data.html_url, body, stamp: parseStamp(body) };
  } catch (err) {
    throw explain(err, 'create', o);
  }
}

/** The comment of the run that started last (of equal stamps, the one made last). */
function newest(found: readonly Listed[]): Listed {
  return found.reduce((best, c) => (compareStamps(c.stamp, best.stamp) >= 0 ? c : best));
}

interface Settlement {
  keep: Listed;
  /** The comment whose text the kept one should hold; null: this run's own text. */
  from: Listed | null;
  duplicates: Listed[];
  superseded: boolean;
}

/** A run that started after this one (another run, not an attempt of this one's) owns the text. */
function supersedes(other: CommentStamp | null, mine: CommentStamp | null): boolean {
  return other !== null && mine !== null && !sameRun(other, mine) && compareStamps(other, mine) > 0;
}

/** What the key's comments become: the oldest kept, with this run's text unless a later run owns it. */
function settle(found: readonly Listed[], mine: CommentStamp | null, ownText: boolean): Settlement {
  const keep = found[0]!;
  const duplicates = found.slice(1);
  const latest = newest(found);
  const superseded = supersedes(latest.stamp, mine);
  return { keep, from: ownText && !superseded ? null : latest, duplicates, superseded };
}

/**
 * Writes the settlement: the kept comment's text, then the duplicates deleted. Another run's
 * text is moved only while the kept comment, read again first, still holds an older run's,
 * so a late mover cannot undo that run's own final write; the note of a superseded run goes
 * only under a newer run's result, not under its "Running…".
 */
async function apply(
  octokit: GitHubClient,
  o: StickyCommentOptions,
  s: Settlement,
  mine: string,
  note: string | null,
): Promise<Listed | null> {
  let kept: Listed | null = s.keep;
  if (s.from === null) {
    if (s.keep.body !== mine) kept = await update(octokit, o, s.keep.id, mine);
  } else {
    const current = s.from.id === s.keep.id ? s.keep : await reread(octokit, o, s.keep.id);
    if (current === null) return null;
    const base = compareStamps(current.stamp, s.from.stamp) < 0 ? s.from.body : current.body;
    const wanted = s.superseded && note && parseStamp(base)?.state === 'done' ? withNote(base, note) : base;
    if (wanted !== current.body) kept = await update(octokit, o, s.keep.id, wanted);
  }
  for (const d of s.duplicates) await remove(octokit, o, d.id);
  return kept;
}

async function reread(octokit: GitHubClient, o: StickyCommentOptions, id: number): Promise<Listed | null> {
  try {
    const { data } = await octokit.rest.issues.getComment({ owner: o.owner, repo: o.repo, comment_id: id });
    const body = data.body ?? '';
    return { id: data.id, url: data.html_url, body, stamp: parseStamp(body) };
  } catch (err) {
    if (httpStatusOf(err) === 404) return null;
    throw explain(err, 'update', o);
  }
}

/**
 * Writes this run's text into the key's one comment (found across all pages of the pull
 * request's issue comments, else created), settling duplicates on the way. The body gets the
 * key's marker as its first line when the renderer has not put it in already, and the stamp
 * under it. Returns the kept comment's id and html_url.
 */
export async function upsertStickyComment(opts: StickyCommentOptions): Promise<StickyCommentResult> {
  if (!Number.isInteger(opts.issueNumber) || opts.issueNumber <= 0) {
    throw new Error(`upsertStickyComment: not a pull request number: ${opts.issueNumber}`);
  }
  const marked = findsMarker(opts.body, opts.commentKey)
    ? opts.body
    : `${commentMarker(opts.commentKey)}\n${opts.body}`;
  const stamp = opts.stamp ?? null;
  const body = withStamp(marked, stamp);
  const note = opts.supersededNote ?? null;
  const octokit = createOctokit({ token: opts.token, apiUrl: opts.apiUrl });

  for (let round = 0; round < 3; round++) {
    // Twice when there is none: the second look, right before creating, catches a comment
    // another run of the key made meanwhile.
    let found = await listOurs(octokit, opts, [opts.commentKey], await ourAuthor(octokit, opts.token));
    if (found.length === 0)
      found = await listOurs(octokit, opts, [opts.commentKey], await ourAuthor(octokit, opts.token));
    if (found.length > 0) {
      const s = settle(found, stamp, true);
      const kept = await apply(octokit, opts, s, body, note);
      if (kept !== null) return { id: kept.id, url: kept.url, created: false, superseded: s.superseded };
      continue;
    }
    const made = await create(octokit, opts, body);
    // Another run may have created one too (or a retried create made two): settle now.
    const after = await listOurs(octokit, opts, [opts.commentKey], await ourAuthor(octokit, opts.token));
    if (after.length <= 1) return { id: made.id, url: made.url, created: true, superseded: false };
    const s = settle(after, stamp, false);
    const kept = await apply(octokit, opts, s, body, note);
    if (kept !== null) return { id: kept.id, url: kept.url, created: true, superseded: s.superseded };
  }
  throw new Error(`Could not ${describe('update', opts)}: its comment kept being deleted by another run`);
}

export interface JobCommentsOptions extends Where {
  /** The comment keys of the matrix jobs whose reports were merged. */
  commentKeys: readonly string[];
  /** The run that tested them: only comments it wrote (its stamp) are deleted. */
  runId: string;
}

/**
 * Deletes the matrix jobs' own comments once their merged comment is published: those of the
 * given keys that the token's identity wrote and whose stamp names the tested run (a newer
 * run's comments under the same keys are that run's to settle). Returns the ids deleted.
 */
export async function deleteJobComments(opts: JobCommentsOptions): Promise<number[]> {
  if (opts.commentKeys.length === 0) return [];
  const octokit = createOctokit({ token: opts.token, apiUrl: opts.apiUrl });
  const found = await listOurs(octokit, opts, opts.commentKeys, await ourAuthor(octokit, opts.token));
  const theirs = found.filter((c) => c.stamp?.runId === opts.runId);
  for (const c of theirs) await remove(octokit, opts, c.id, 'delete-job');
  return theirs.map((c) => c.id);
}
