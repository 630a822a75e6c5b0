/**
 * The files a pull request changes, from GitHub's REST API
 * (GET /repos/{owner}/{repo}/pulls/{pull_number}/files): what the pull request page shows,
 * that is the diff between the merge base and the head, without needing the git history in
 * the checkout (fetch-depth: 1 is enough).
 *
 * GitHub lists at most 3000 files for a pull request; when it has more, the list cannot be
 * trusted to hold every migration, and PullRequestTooLargeError says to use --base-ref
 * (git diff) instead.
 */
import { restrictChanges, type FileChanges } from '../migrations/git-changes.js';
import { UsageError } from '../util/errors.js';
import { createOctokit, gitHubMessageOf, httpStatusOf } from './octokit.js';

export interface PullRequestFilesOptions {
  token: string;
  /** GITHUB_API_URL, e.g. https://api.github.com */
  apiUrl: string;
  owner: string;
  repo: string;
  number: number;
  /** The migrations directory relative to the repository root; "" or "." for everything. */
  dir: string;
}

/** GitHub's cap on the files listed for one pull request. */
export const MAX_PULL_REQUEST_FILES = 3000;

/** The pull request changes more files than GitHub lists: use the git diff instead. */
export class PullRequestTooLargeError extends UsageError {
  constructor(
    readonly number: number,
    readonly changedFiles: number,
  ) {
    super(
      `pull request #${number} changes ${changedFiles} files, but GitHub lists at most ${MAX_PULL_REQUEST_FILES}: new migrations could be missed; use --base-ref (git diff, with actions/checkout fetch-depth: 0) instead`,
    );
    this.name = 'PullRequestTooLargeError';
  }
}

/** How a plan made from `changesFromPullRequest` describes itself (MigrationPlan.baseLabel). */
export function pullRequestChangesLabel(number: number): string {
  return `pull request #${number} files`;
}

/** One entry of the files list, as far as it matters here. */
export interface PullRequestFile {
  filename: string;
  status: string;
  previous_filename?: string | undefined;
  /** additions + deletions; 0 for a pure rename. */
  changes?: number | undefined;
}

/**
 * The pull request's changed files under `dir` (renames kept when either side is under it),
 * paths relative to the repository root. Status mapping: added, copied -> added;
 * modified, changed (mode only) -> modified; removed -> deleted; renamed -> renamed (and
 * modified too, at the new path, when its content changed); unchanged -> left out.
 */
export async function changesFromPullRequest(opts: PullRequestFilesOptions): Promise<FileChanges> {
  const dir = checkDir(opts.dir);
  if (!Number.isInteger(opts.number) || opts.number <= 0) {
    throw new UsageError(`pull request number ${opts.number}: expected a positive integer`);
  }
  const octokit = createOctokit({ token: opts.token, apiUrl: opts.apiUrl });
  const files: PullRequestFile[] = [];
  try {
    const pages = octokit.paginate.iterator(octokit.rest.pulls.listFiles, {
      owner: opts.owner,
      repo: opts.repo,
      pull_number: opts.number,
      per_page: 100,
    });
    for await (const page of pages) {
      for (const f of page.data) {
        files.push({
          filename: f.filename,
          status: f.status,
          previous_filename: f.previous_filename,
          changes: f.changes,
        });
      }
      if (files.length >= MAX_PULL_REQUEST_FILES) break;
    }
  } catch (err) {
    throw explain(err, opts);
  }

  if (files.length >= MAX_PULL_REQUEST_FILES) {
    // Exactly at the cap: only the pull request itself says whether that is all of them.
    let changedFiles: number;
    try {
      const { data } = await octokit.rest.pulls.get({ owner: opts.owner, repo: opts.repo, pull_number: opts.number });
      changedFiles = data.changed_files;
    } catch (err) {
      throw explain(err, opts);
    }
    if (changedFiles > files.length) throw new PullRequestTooLargeError(opts.number, changedFiles);
  }
  return restrictChanges(mapPullRequestFiles(files), dir);
}

/** Maps GitHub's file statuses onto FileChanges (no directory restriction). */
export function mapPullRequestFiles(files: readonly PullRequestFile[]): FileChanges {
  const changes: FileChanges = { added: [], modified: [], deleted: [], renamed: [] };
  for (const f of files) {
    switch (f.status) {
      case 'added':
      case 'copied':
        changes.added.push(f.filename);
        break;
      case 'modified':
      case 'changed':
        changes.modified.push(f.filename);
        break;
      case 'removed':
        changes.deleted.push(f.filename);
        break;
      case 'renamed':
        if (f.previous_filename === undefined || f.previous_filename === '') {
          changes.added.push(f.filename);
        } else {
          changes.renamed.push({ from: f.previous_filename, to: f.filename });
          if ((f.changes ?? 0) > 0) changes.modified.push(f.filename);
        }
        break;
      default:
        // "unchanged", or a status GitHub adds later: not a change to plan with.
        break;
    }
  }
  return changes;
}

function checkDir(dir: string): string {
  const p = dir.replace(/\\/g, '/').replace(/^\.\/+/, '');
  if (p.startsWith('/') || p === '..' || p.startsWith('../')) {
    throw new UsageError(
      `migrations directory ${dir}: must be relative to the repository root to compare with the pull request's files`,
    );
  }
  return p;
}

function explain(err: unknown, o: PullRequestFilesOptions): UsageError {
  const status = httpStatusOf(err);
  const what = `could not list the files of pull request #${o.number} in ${o.owner}/${o.repo}`;
  const message = gitHubMessageOf(err);
  if (status === 404) {
    return new UsageError(
      `${what}: GitHub answered 404 ${message} (no such pull request, or the token cannot read it: it needs pull-requests: read)`,
    );
  }
  if (status === 401 || status === 403) {
    return new UsageError(
      `${what}: GitHub answered ${status} ${message} (check the token and its permissions: pull-requests: read)`,
    );
  }
  return new UsageError(`${what}: ${status === null ? message : `GitHub answered ${status} ${message}`}`);
}
