/**
 * The pull request a commit belongs to, from GitHub's commits-to-pulls endpoint
 * (GET /repos/{owner}/{repo}/commits/{sha}/pulls): a workflow_run event lists no pull request
 * for a fork's, so a publisher finds it from the tested head commit.
 */
import { createOctokit, gitHubMessageOf, httpStatusOf } from './octokit.js';

export interface CommitPullsOptions {
  token: string;
  apiUrl: string;
  owner: string;
  repo: string;
  sha: string;
}

/** Open pull requests whose head is the commit first, then the others that contain it. */
export async function pullRequestsForCommit(opts: CommitPullsOptions): Promise<number[]> {
  const octokit = createOctokit({ token: opts.token, apiUrl: opts.apiUrl });
  try {
    const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
      owner: opts.owner,
      repo: opts.repo,
      commit_sha: opts.sha,
      per_page: 100,
    });
    const rank = (p: { state: string; head: { sha: string } }) =>
      (p.head.sha === opts.sha ? 0 : 2) + (p.state === 'open' ? 0 : 1);
    return [...data].sort((a, b) => rank(a) - rank(b)).map((p) => p.number);
  } catch (err) {
    const status = httpStatusOf(err);
    throw new Error(
      `could not find the pull request of commit ${opts.sha.slice(0, 12)} in ${opts.owner}/${opts.repo}: ` +
        `${status === null ? '' : `GitHub answered ${status} `}${gitHubMessageOf(err)}`,
      { cause: err },
    );
  }
}

/** The head commit of pull request `number`, as GitHub has it now. */
export async function pullRequestHead(opts: Omit<CommitPullsOptions, 'sha'> & { number: number }): Promise<string> {
  const octokit = createOctokit({ token: opts.token, apiUrl: opts.apiUrl });
  try {
    const { data } = await octokit.rest.pulls.get({ owner: opts.owner, repo: opts.repo, pull_number: opts.number });
    return data.head.sha;
  } catch (err) {
    const status = httpStatusOf(err);
    throw new Error(
      `could not read pull request #${opts.number} of ${opts.owner}/${opts.repo}: ` +
        `${status === null ? '' : `GitHub answered ${status} `}${gitHubMessageOf(err)}`,
      { cause: err },
    );
  }
}
