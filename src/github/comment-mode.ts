/**
 * mode: comment, the trusted half of the fork-safe pattern: a workflow_run workflow (with a
 * token that may write) publishes the reports another run (the pull request's, perhaps from a
 * fork, with a read-only token) uploaded as artifacts. It runs nothing from the pull request:
 * it reads the reports (validated) and publishes them as the tested run would have, under the
 * tested run's comment key, with its run and artifact linked and its commit named.
 *
 * Which run: input run-id, else the workflow_run event's run. Which artifacts: input
 * artifact-name (its latest attempt), else every migration-test-* artifact of the run (one per
 * job of a matrix). Which pull request: the report's context, else input pr-number or the
 * event's pull_requests, else the pull request whose head is the tested commit (GitHub lists
 * none in the event for a fork's).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import type { ActionInputs } from '../config/action-inputs.js';
import type { Report } from '../report/model.js';
import { readReport, renderReport } from '../report/render/index.js';
import { REPORT_FILE, writeReportDocuments } from '../report/write.js';
import { errorMessage } from '../util/errors.js';
import { artifactUrl, downloadArtifactById, listReportArtifacts } from './artifact.js';
import { commentKeyFor, commitRef, jobDistinguisher, type RunContext } from './context.js';
import { CommentPublisher, recordReport, setStepOutputs, type StepOutputs } from './publisher.js';
import { deleteJobComments } from './sticky-comment.js';
import { writeMergedReportDir } from '../report/merge.js';
import { pullRequestHead, pullRequestsForCommit } from './pulls.js';

export interface CommentModeJob {
  inputs: ActionInputs;
  ctx: RunContext;
  workspace: string;
  out: StepOutputs;
  failures: string[];
}

interface FetchedReport {
  report: Report;
  dir: string;
  /** The tested run's artifact holding it, when it came from one. */
  artifact: { id: number; runId: string } | null;
}

/**
 * A job with no report of its own and no other run named (a final job that `needs:` a matrix):
 * the current run, whose matrix jobs uploaded their reports as artifacts.
 */
async function currentRun(job: CommentModeJob, dir: string): Promise<number | null> {
  const own = await fs.stat(path.join(dir, REPORT_FILE)).then(
    () => true,
    () => false,
  );
  return own || job.ctx.runId === null ? null : Number(job.ctx.runId);
}

async function fetchReports(job: CommentModeJob): Promise<FetchedReport[]> {
  const { inputs, ctx } = job;
  const dir = path.resolve(job.workspace, inputs['report-dir'] ?? 'migration-test-report');
  const runId = inputs['run-id'] ?? (ctx.triggeringRun ? Number(ctx.triggeringRun.id) : await currentRun(job, dir));
  if (runId === null) {
    // No other run: the report of an earlier step of this job.
    return [{ report: await readReport(path.join(dir, REPORT_FILE)), dir, artifact: null }];
  }
  const token = inputs['github-token'];
  if (!token) throw new Error('mode comment: downloading the tested run\'s artifacts needs input "github-token"');
  const where = { runId, token, owner: ctx.owner, repo: ctx.repo };
  const found = await listReportArtifacts({
    ...where,
    name: inputs['artifact-name'] ?? null,
    pattern: inputs['artifact-pattern'] ?? null,
  });
  if (found.length === 0) {
    const what = inputs['artifact-name']
      ? `an artifact named "${inputs['artifact-name']}"`
      : `no artifact matching "${inputs['artifact-pattern'] ?? 'migration-test-*'}"`;
    throw new Error(`run ${runId} of ${ctx.owner}/${ctx.repo} has ${inputs['artifact-name'] ? `no ${what}` : what}`);
  }
  const out: FetchedReport[] = [];
  for (const a of found) {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'migration-test-report-'));
    const unpacked = await downloadArtifactById({ ...where, id: a.id, dest: dir });
    out.push({
      report: await readReport(path.join(unpacked, REPORT_FILE)),
      dir: unpacked,
      artifact: { id: a.id, runId: String(runId) },
    });
  }
  return out;
}

/**
 * The pull request to comment on. The event's (or the input's) is trusted; the report's comes
 * from the tested run, which a fork controls: from a workflow_run event it must agree with the
 * pull requests GitHub associates with the tested commit, when GitHub names any (it may name
 * none for a fork's commit). Without either, the tested commit's pull request.
 */
async function pullRequestOf(job: CommentModeJob, report: Report): Promise<number | null> {
  const fromReport = report.context?.pullRequest ?? null;
  const fromEvent = job.ctx.pullRequest?.number ?? null;
  if (fromEvent !== null) {
    if (fromReport !== null && fromReport !== fromEvent && job.ctx.triggeringRun) {
      throw new Error(`the report names pull request #${fromReport}, the event #${fromEvent}: not published`);
    }
    return fromEvent;
  }
  const sha = job.ctx.triggeringRun?.headSha ?? report.context?.headSha ?? null;
  const token = job.inputs['github-token'];
  if (!sha || !token || (fromReport !== null && !job.ctx.triggeringRun)) return fromReport;
  const numbers = await pullRequestsForCommit({
    token,
    apiUrl: job.ctx.apiUrl,
    owner: job.ctx.owner,
    repo: job.ctx.repo,
    sha,
  });
  if (fromReport === null) return numbers[0] ?? null;
  if (numbers.includes(fromReport)) return fromReport;
  if (numbers.length > 0) {
    throw new Error(
      `the report names pull request #${fromReport}, but commit ${sha.slice(0, 12)} belongs to #${numbers.join(', #')}: not published`,
    );
  }
  // GitHub names no pull request for the commit (a fork's): the report's must have it as its head.
  const head = await pullRequestHead({
    token,
    apiUrl: job.ctx.apiUrl,
    owner: job.ctx.owner,
    repo: job.ctx.repo,
    number: fromReport,
  });
  if (head !== sha) {
    throw new Error(
      `the report names pull request #${fromReport}, whose head is not the tested commit ${sha.slice(0, 12)}: not published`,
    );
  }
  return fromReport;
}

/** A report of another commit than the triggering run tested is not that run's: refused. */
function checkCommit(job: CommentModeJob, report: Report): void {
  const expected = job.ctx.triggeringRun?.headSha;
  const actual = report.context?.headSha;
  if (expected && actual && expected !== actual && job.inputs['run-id'] === undefined) {
    throw new Error(
      `the artifact's report is of commit ${actual.slice(0, 12)}, but run ${job.ctx.triggeringRun?.id} tested ${expected.slice(0, 12)}: not published`,
    );
  }
}

function keyOf(job: CommentModeJob, report: Report): string {
  if (job.inputs['comment-key']) return job.inputs['comment-key'];
  if (report.context?.commentKey) return report.context.commentKey;
  const distinguisher = jobDistinguisher({
    matrix: job.inputs.matrix ?? null,
    label: report.database.label,
    database: report.database,
  });
  return commentKeyFor(job.ctx, distinguisher);
}

/**
 * Publishes one report (perhaps the merge of `parts`, the matrix jobs' reports): the job
 * summary, the outputs (set before the comment is written, and again after), the comment.
 */
async function publishOne(job: CommentModeJob, fetched: FetchedReport, parts: FetchedReport[]): Promise<void> {
  const { ctx, inputs } = job;
  const { report } = fetched;
  checkCommit(job, report);
  const c = report.context ?? null;
  // The run the artifact was downloaded from, not the one its (fork-controlled) report names.
  const testedRun = fetched.artifact?.runId ?? c?.runId ?? null;
  const runUrl = testedRun ? `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}/actions/runs/${testedRun}` : ctx.runUrl;
  const artifact = fetched.artifact
    ? artifactUrl({ serverUrl: ctx.serverUrl, owner: ctx.owner, repo: ctx.repo, ...fetched.artifact })
    : null;
  const key = keyOf(job, report);
  const sha = c?.headSha ?? null;
  const docs = renderReport(report, {
    commentKey: key,
    runUrl,
    artifactUrl: artifact,
    commit: commitRef(ctx, sha),
  });
  await writeReportDocuments(fetched.dir, docs);
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(docs.summary).write();
  recordReport(job.out, report, path.join(fetched.dir, REPORT_FILE));
  job.out.artifactId = fetched.artifact?.id ?? null;
  job.out.artifactUrl = artifact;
  setStepOutputs(job.out);

  const number = inputs.comment === false ? null : await pullRequestOf(job, report);
  const token = inputs['github-token'];
  if (number === null && inputs.comment !== false)
    core.warning(`no pull request found for the report of ${key}: not commented`);
  const comments = new CommentPublisher(
    number !== null && token
      ? { token, apiUrl: ctx.apiUrl, owner: ctx.owner, repo: ctx.repo, issueNumber: number }
      : null,
    key,
  );
  await comments.publish({
    body: docs.comment,
    stamp: {
      head: sha,
      runId: testedRun,
      runAttempt: c?.runAttempt ?? null,
      // Never later than now: a report dated in the future would outrank every later run.
      startedAt: new Date(Math.min(Date.parse(report.startedAt), Date.now())).toISOString(),
      state: 'done',
    },
  });
  job.failures.push(...comments.failures);
  job.out.commentId = comments.id;
  job.out.commentUrl = comments.url;
  setStepOutputs(job.out);
  // The run the parts were downloaded from (a merged report's context is the first part's).
  const partsRun = parts.find((p) => p.artifact)?.artifact?.runId ?? null;
  if (comments.id !== null && number !== null && token && partsRun !== null) {
    await removeJobComments(job, { token, issueNumber: number, runId: partsRun, key }, parts);
  }
}

/**
 * Once the merged comment is up, the comments the matrix jobs posted themselves (they left
 * `comment` on) would repeat it: those of the merged reports' keys on the same pull request,
 * written by this token's identity during the tested run, are deleted. A failure is a warning.
 */
async function removeJobComments(
  job: CommentModeJob,
  on: { token: string; issueNumber: number; runId: string; key: string },
  parts: FetchedReport[],
): Promise<void> {
  const keys = [...new Set(parts.map((p) => p.report.context?.commentKey ?? null))].filter(
    (k): k is string => k !== null && k !== on.key,
  );
  try {
    const deleted = await deleteJobComments({
      token: on.token,
      apiUrl: job.ctx.apiUrl,
      owner: job.ctx.owner,
      repo: job.ctx.repo,
      issueNumber: on.issueNumber,
      commentKeys: keys,
      runId: on.runId,
    });
    if (deleted.length > 0)
      core.info(`deleted the matrix jobs' own comments (${deleted.length}): the merged one holds them`);
  } catch (err) {
    const message = `could not delete the matrix jobs' own comments: ${errorMessage(err)}`;
    job.failures.push(message);
    core.warning(message);
  }
}

/** Publishes the tested run's report, or its reports merged into one (a matrix). */
export async function publishFromArtifacts(job: CommentModeJob): Promise<void> {
  const all = await fetchReports(job);
  const [only] = all;
  if (all.length === 1 && only) await publishOne(job, only, []);
  else await publishOne(job, await mergeFetched(all), all);
}

/**
 * Several databases' reports (a matrix): one merged report, published as one comment under the
 * matrix's key, the tested workflow and job without the per-job part (input comment-key wins).
 * The matrix jobs' own comments, when they posted any, are deleted once it is published.
 */
async function mergeFetched(all: FetchedReport[]): Promise<FetchedReport> {
  const out = await fs.mkdtemp(path.join(os.tmpdir(), 'migration-test-merged-'));
  const merged = await writeMergedReportDir(out, all);
  const first = all[0]?.report.context ?? null;
  // Without a context (a report from outside GitHub), keyOf falls back to the joined labels.
  merged.context = first
    ? { ...first, artifactName: null, commentKey: commentKeyFor({ workflow: first.workflow, job: first.job }, '') }
    : null;
  return { report: merged, dir: out, artifact: null };
}
