/**
 * The job's side of publishing: the sticky comment while the run goes on and at its end, and
 * the step's outputs. A failure to publish is a warning (the step keeps the result of the
 * migrations) unless the user asked otherwise (fail-on-publish-error); a token that may not
 * write (a fork's) is told once, with the fix.
 */
import * as core from '@actions/core';
import type { Report } from '../report/model.js';
import type { CommentStamp } from './comment-stamp.js';
import { errorMessage } from '../util/errors.js';
import { CommentForbiddenError, upsertStickyComment } from './sticky-comment.js';

export const FORK_HINT =
  'the token cannot write pull-request comments (a fork\'s read-only token?): publish with the workflow_run pattern, a second workflow running this action with "mode: comment" (see the README)';

export interface CommentTarget {
  token: string;
  apiUrl: string;
  owner: string;
  repo: string;
  issueNumber: number;
}

export interface CommentWrite {
  body: string;
  stamp: CommentStamp | null;
  /** Left on a newer run's comment instead of this body. */
  supersededNote?: string | null;
}

/** Posts to one key's sticky comment; remembers the comment and whether anything failed. */
export class CommentPublisher {
  private forbidden = false;
  /** The calls that failed, for the warning and fail-on-publish-error. */
  readonly failures: string[] = [];
  id: number | null = null;
  url: string | null = null;
  superseded = false;

  constructor(
    private readonly target: CommentTarget | null,
    public key: string | null,
  ) {}

  get enabled(): boolean {
    return this.target !== null && !this.forbidden;
  }

  /** True when written (or a newer run's comment was left alone), false when it could not be. */
  async publish(write: CommentWrite): Promise<boolean> {
    if (!this.target || this.forbidden || this.key === null) return true;
    try {
      const c = await upsertStickyComment({ ...this.target, commentKey: this.key, ...write });
      this.id = c.id;
      this.url = c.url;
      this.superseded = c.superseded;
      if (c.superseded) core.notice(`a newer run owns the pull-request comment ${c.url}: its result was left in place`);
      return true;
    } catch (err) {
      // comment-id and comment-url name the comment holding this write, not an earlier one.
      this.id = null;
      this.url = null;
      if (err instanceof CommentForbiddenError && err.status === 403) {
        this.forbidden = true;
        this.failures.push(FORK_HINT);
        core.warning(FORK_HINT);
      } else {
        const message = `could not update the pull-request comment: ${errorMessage(err)}`;
        this.failures.push(message);
        core.warning(message);
      }
      return false;
    }
  }
}

/** What the step reports as outputs, whatever path it ended on. */
export interface StepOutputs {
  status: 'passed' | 'warning' | 'failed' | 'skipped' | 'error' | null;
  reportPath: string | null;
  commentId: number | null;
  commentUrl: string | null;
  artifactId: number | null;
  artifactUrl: string | null;
  migrations: number | null;
  failed: number | null;
  warnings: number | null;
  durationMs: number | null;
}

export function emptyOutputs(): StepOutputs {
  return {
    status: null,
    reportPath: null,
    commentId: null,
    commentUrl: null,
    artifactId: null,
    artifactUrl: null,
    migrations: null,
    failed: null,
    warnings: null,
    durationMs: null,
  };
}

/**
 * The outputs a report gives: its status, where it is and its counts (of a merged report, its
 * databases' added up). The migrations counted are the new ones, the time theirs.
 */
export function recordReport(out: StepOutputs, report: Report, reportPath: string): void {
  const runs = (report.merged?.reports ?? [report]).flatMap((r) => r.migrations);
  const fresh = runs.filter((m) => m.phase === 'new');
  out.status = report.status;
  out.reportPath = reportPath;
  out.migrations = fresh.length;
  out.failed = runs.filter((m) => m.status === 'failed').length;
  out.warnings = report.findings.filter((f) => f.severity === 'warning').length;
  out.durationMs = Math.round(fresh.reduce((sum, m) => sum + (m.durationMs ?? 0), 0));
}

/**
 * Every output, '' for what is not known: a workflow can always read them. Set again as more
 * is known (the runner keeps each output's last value), first before publishing starts, so
 * that a runner that ends the process while it publishes still finds them.
 */
export function setStepOutputs(o: StepOutputs): void {
  const text = (v: string | number | null) => (v === null ? '' : String(v));
  core.setOutput('status', o.status ?? 'error');
  core.setOutput('report-path', text(o.reportPath));
  core.setOutput('comment-id', text(o.commentId));
  core.setOutput('comment-url', text(o.commentUrl));
  core.setOutput('artifact-id', text(o.artifactId));
  core.setOutput('artifact-url', text(o.artifactUrl));
  core.setOutput('migrations', text(o.migrations ?? 0));
  core.setOutput('failed', text(o.failed ?? 0));
  core.setOutput('warnings', text(o.warnings ?? 0));
  core.setOutput('duration-ms', text(o.durationMs ?? 0));
}
