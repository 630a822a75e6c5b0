/**
 * What the pull request adds, for the plan's base/new split: the pull request's own file list
 * (works in a shallow checkout), else git against its base commit. When neither can tell, the
 * run stops (exit 2) rather than test every migration as new: a green job that tested
 * something else is worse than a red one that says how to fix it.
 */
import path from 'node:path';
import * as core from '@actions/core';
import { defaultMigrationsDir } from '../migrations/discover.js';
import { changesFromGit, gitChangesLabel, type FileChanges } from '../migrations/git-changes.js';
import { UsageError, errorMessage } from '../util/errors.js';
import type { RunContext } from './context.js';
import { changesFromPullRequest, pullRequestChangesLabel } from './pr-files.js';

/** Neither the pull request's files nor git could tell the new migrations. */
export class BaseDetectionError extends UsageError {
  constructor(number: number, fromApi: string, fromGit: string) {
    super(
      `cannot tell which migrations pull request #${number} adds: its files could not be read (${fromApi}), ` +
        `and git could not find the base commit (${fromGit}). Fix: give the job a token that may read the pull request ` +
        '(permissions: pull-requests: read), or check out the history with actions/checkout `fetch-depth: 0`',
    );
    this.name = 'BaseDetectionError';
  }
}

export interface ChangesOptions {
  ctx: RunContext;
  token: string | undefined;
  workspace: string;
  migrationsDir: string | undefined;
}

export async function pullRequestChanges(o: ChangesOptions): Promise<{ files: FileChanges; label: string } | null> {
  const pr = o.ctx.pullRequest;
  if (!pr) return null;
  const dir = o.migrationsDir ?? defaultMigrationsDir(o.workspace);
  let fromApi = 'no github-token to read them with';
  if (o.token) {
    try {
      const files = await changesFromPullRequest({
        token: o.token,
        apiUrl: o.ctx.apiUrl,
        owner: o.ctx.owner,
        repo: o.ctx.repo,
        number: pr.number,
        dir,
      });
      return { files, label: pullRequestChangesLabel(pr.number) };
    } catch (err) {
      fromApi = errorMessage(err);
      core.warning(`could not list the pull request's files (${fromApi}); trying git`);
    }
  }
  let fromGit = 'the base commit is not known (the event names none)';
  if (pr.baseSha) {
    try {
      const files = await changesFromGit({
        cwd: o.workspace,
        baseRef: pr.baseSha,
        dir: path.resolve(o.workspace, dir),
      });
      return { files, label: gitChangesLabel(pr.baseSha.slice(0, 12)) };
    } catch (err) {
      fromGit = errorMessage(err).split('\n')[0] ?? 'git failed';
    }
  }
  throw new BaseDetectionError(pr.number, fromApi, fromGit);
}
