import path from 'node:path';
import * as core from '@actions/core';
import { parseActionInputs, runFlagsFromInputs, type ActionInputs } from './config/action-inputs.js';
import { actionInput } from './config/issues.js';
import { readConfigFile, resolveRunConfig } from './config/load.js';
import type { RunConfig } from './config/schema.js';
import { parseDatabaseTarget } from './engines/target.js';
import {
  type ArtifactLocation,
  artifactUrlStandIn,
  reportArtifactName,
  uploadReportArtifact,
} from './github/artifact.js';
import { annotateReport } from './github/annotations.js';
import { pullRequestChanges } from './github/changes.js';
import type { CommentStamp } from './github/comment-stamp.js';
import { publishFromArtifacts } from './github/comment-mode.js';
import {
  commentKeyFor,
  commitRef,
  type JobDistinction,
  jobDistinguisher,
  readRunContext,
  type RunContext,
} from './github/context.js';
import { limitGitHubTime } from './github/octokit.js';
import { CommentPublisher, type StepOutputs, emptyOutputs, recordReport, setStepOutputs } from './github/publisher.js';
import { engineFromUrl, errorReport } from './report/error-report.js';
import type { Report, ReportContext } from './report/model.js';
import { progressLine, summaryLines } from './report/progress.js';
import {
  renderReport,
  renderReportFiles,
  renderRunningComment,
  type RenderContext,
  type ReportDocuments,
  withArtifactLink,
} from './report/render/index.js';
import { escapeText } from './report/render/escape.js';
import { REPORT_FILE, prepareReportDir, writeReport, writeReportDocuments } from './report/write.js';
import { runMigrationTest } from './runner/run-all.js';
import { errorMessage, UsageError } from './util/errors.js';
import { watchInterrupts } from './util/interrupt.js';
import { maskSecrets, registerEnvironmentSecrets, registerSecret } from './util/secrets.js';

/** After SIGTERM the runner gives the job a few seconds more; the comment must land within them. */
const CANCEL_GRACE_MS = 9000;
const CANCEL_PUBLISH_MS = 5000;

function registerSecrets(inputs: ActionInputs): void {
  registerEnvironmentSecrets(process.env);
  registerSecret(inputs['github-token']);
  if (inputs['github-token']) core.setSecret(inputs['github-token']);
  const url = inputs['database-url'];
  if (!url) return;
  try {
    const { password } = parseDatabaseTarget(url, 'input "database-url"');
    if (password) {
      core.setSecret(password);
      if (encodeURIComponent(password) !== password) core.setSecret(encodeURIComponent(password));
    }
  } catch {
    // An unparsable URL is reported by the run; mask it whole meanwhile.
    core.setSecret(url);
  }
}

/** What one step knows as it goes: who it is, where it writes, what it has published. */
interface Job {
  inputs: ActionInputs;
  ctx: RunContext;
  workspace: string;
  startedAt: Date;
  headSha: string | null;
  distinction: JobDistinction;
  comments: CommentPublisher;
  /** The "running" post under way, awaited before the result is posted. */
  running: Promise<unknown>;
  out: StepOutputs;
  config: RunConfig | null;
  cancelled: boolean;
}

/** Whether the job's comment key is known before the database is (anything but its engine and version). */
function keyKnownEarly(job: Job): boolean {
  return !!job.inputs['comment-key'] || jobDistinguisher({ ...job.distinction, database: null }) !== '';
}

function commentKey(job: Job): string {
  return job.inputs['comment-key'] ?? commentKeyFor(job.ctx, jobDistinguisher(job.distinction));
}

function runStamp(job: Job, state: CommentStamp['state']): CommentStamp {
  return {
    head: job.headSha,
    runId: job.ctx.runId,
    runAttempt: job.ctx.runAttempt,
    startedAt: job.startedAt.toISOString(),
    state,
  };
}

/** The line a run that finished after a newer one leaves on that run's comment. */
function supersededNote(job: Job, report: Report): string {
  const commit = job.headSha ? ` of commit \`${job.headSha.slice(0, 7)}\`` : '';
  const run = job.ctx.runUrl ? `[an older run](${job.ctx.runUrl})` : 'an older run';
  return `ℹ️ ${run}${commit} finished after this one started (${report.status}); its result is in its job summary.`;
}

function reportContext(job: Job, key: string, artifactName: string | null): ReportContext {
  const pr = job.ctx.pullRequest;
  return {
    repository: `${job.ctx.owner}/${job.ctx.repo}`,
    pullRequest: pr?.number ?? null,
    baseSha: pr?.baseSha ?? null,
    headSha: job.headSha,
    runId: job.ctx.runId,
    runAttempt: job.ctx.runAttempt,
    workflow: job.ctx.workflow,
    job: job.ctx.job,
    artifactName,
    commentKey: key,
  };
}

interface ArtifactUpload {
  name: string;
  where: ArtifactLocation;
}

/** The artifact this run uploads, or null when it uploads none. */
function artifactToUpload(job: Job): ArtifactUpload | null {
  const { inputs, ctx } = job;
  if (inputs['upload-artifact'] === false || !ctx.runId) return null;
  const name = reportArtifactName(inputs['artifact-name'] ?? null, jobDistinguisher(job.distinction), ctx.runAttempt);
  return { name, where: { serverUrl: ctx.serverUrl, owner: ctx.owner, repo: ctx.repo, runId: ctx.runId } };
}

/**
 * The artifact carries comment.md and summary.md beside report.json and logs/, while the
 * published comment and summary link to the artifact, whose address only its upload tells.
 * Each document is rendered once, with a stand-in address no shorter than the real one (so
 * the size limits still hold once it is replaced); the copies uploaded leave the link out, and
 * the published text and the local files get the real address.
 */
async function renderAndUpload(
  job: Job,
  report: Report,
  reportDir: string,
  artifact: ArtifactUpload,
  renderCtx: RenderContext,
): Promise<ReportDocuments> {
  const standIn = artifactUrlStandIn(artifact.where);
  const rendered = renderReport(report, { ...renderCtx, artifactUrl: standIn });
  const unlinked = withArtifactLink(rendered, standIn, null);
  await writeReportDocuments(reportDir, unlinked);
  try {
    const uploaded = await uploadReportArtifact({ name: artifact.name, reportDir, ...artifact.where });
    job.out.artifactId = uploaded.id;
    job.out.artifactUrl = uploaded.url;
    const linked = withArtifactLink(rendered, standIn, uploaded.url);
    await writeReportDocuments(reportDir, linked);
    return linked;
  } catch (err) {
    const message = `could not upload the report artifact: ${errorMessage(err)}`;
    job.comments.failures.push(message);
    core.warning(message);
    return unlinked;
  }
}

/**
 * report.json gets the run's context, then the documents are rendered once, the artifact
 * uploaded (not when cancelled: the seconds left go to the comment), the job summary written,
 * and the comment's final state posted, also when its "running" post failed. The outputs are
 * set before publishing starts and again after it.
 */
async function publishReport(job: Job, report: Report, reportDir: string, comment: boolean): Promise<void> {
  const key = job.comments.key ?? commentKey(job);
  const artifact = job.cancelled ? null : artifactToUpload(job);
  const withContext: Report = { ...report, context: reportContext(job, key, artifact?.name ?? null) };
  await writeReport(reportDir, withContext);
  recordReport(job.out, withContext, path.join(reportDir, REPORT_FILE));
  // Now, and again once published: a runner may end a cancelled job while it publishes.
  setStepOutputs(job.out);
  const renderCtx: RenderContext = {
    commentKey: key,
    runUrl: job.ctx.runUrl,
    artifactUrl: null,
    commit: commitRef(job.ctx, job.headSha),
  };
  const docs = artifact
    ? await renderAndUpload(job, withContext, reportDir, artifact, renderCtx)
    : await renderReportFiles(withContext, reportDir, renderCtx);
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(docs.summary).write();
  await job.running;
  if (comment) {
    job.comments.key = key;
    await job.comments.publish({
      body: docs.comment,
      stamp: runStamp(job, 'done'),
      supersededNote: supersededNote(job, withContext),
    });
  }
  job.out.commentId = job.comments.id;
  job.out.commentUrl = job.comments.url;
  setStepOutputs(job.out);
}

/** Posts "Running…" under the job's key; once the key is known. */
function postRunning(job: Job, engine: string | null): void {
  if (job.comments.key !== null || !job.comments.enabled) return;
  job.comments.key = commentKey(job);
  const body = renderRunningComment({
    commentKey: job.comments.key,
    runUrl: job.ctx.runUrl,
    label: job.distinction.label,
    commit: commitRef(job.ctx, job.headSha),
    ...(engine ? { engine } : {}),
  });
  job.running = job.comments.publish({ body, stamp: runStamp(job, 'running') });
}

async function runAndPublish(job: Job): Promise<void> {
  const { inputs, workspace } = job;
  const file = inputs.config ? await readConfigFile(path.resolve(workspace, inputs.config)) : {};
  const config = resolveRunConfig(runFlagsFromInputs(inputs), file, actionInput);
  job.config = config;
  job.distinction.label = config.label;
  // A cancelled job (SIGTERM) still ends with its report, outputs, summary and comment, within
  // the seconds the runner allows: every GitHub call after it ends by one deadline.
  const interrupts = watchInterrupts(CANCEL_GRACE_MS);
  interrupts.signal.addEventListener('abort', () => {
    job.cancelled = true;
    limitGitHubTime(CANCEL_PUBLISH_MS);
  });
  try {
    if (keyKnownEarly(job)) postRunning(job, null);
    const changes = await pullRequestChanges({
      ctx: job.ctx,
      token: inputs['github-token'],
      workspace,
      migrationsDir: config.migrations,
    });
    const outcome = await runMigrationTest(config, {
      cwd: workspace,
      repoRoot: workspace,
      configFile: file,
      ...(changes ? { changes } : {}),
      onStatus: (line) => core.info(maskSecrets(line)),
      onMigration: (r) => core.info(progressLine(r)),
      onDatabase: (db) => {
        job.distinction.database = db;
        postRunning(job, db.engine);
      },
      signal: interrupts.signal,
    });
    for (const line of summaryLines(outcome.report, outcome.reportPath)) core.info(line);
    annotateReport(outcome.report);
    await publishReport(job, outcome.report, path.dirname(outcome.reportPath), true);
    if (interrupts.exitCode() !== null) {
      core.setFailed(`migration-test: ${String((interrupts.signal.reason as Error).message)}`);
      process.exitCode = interrupts.exitCode() ?? 1;
    } else if (outcome.exitCode !== 0) {
      core.setFailed(`migration-test: ${outcome.report.status} (fail-on: ${config.failOn})`);
    }
  } finally {
    interrupts.dispose();
  }
}

/** The job summary of a step that stopped before it had a report to render. */
function abortedSummary(message: string): string {
  return ['### Database migrations', '', `💥 migration-test could not run: ${escapeText(message, 2000)}`, ''].join(
    '\n',
  );
}

/**
 * The step stopped early (bad input, database unreachable, base unknown): it fails saying
 * why, and still ends like any other, with a report.json of status "error", a job summary,
 * the comment (when its key is known) and every output.
 */
async function abortStep(job: Job | null, err: unknown): Promise<void> {
  const message = maskSecrets(errorMessage(err).split('\n')[0] ?? 'migration-test failed');
  core.setFailed(message);
  if (err instanceof UsageError && err.name === 'BaseDetectionError') process.exitCode = err.exitCode;
  const out = job?.out;
  try {
    if (!job || job.inputs.mode === 'comment') {
      if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(abortedSummary(message)).write();
      return;
    }
    const reportDir = path.resolve(
      job.workspace,
      job.config?.reportDir ?? job.inputs['report-dir'] ?? 'migration-test-report',
    );
    const report = errorReport({
      startedAt: job.startedAt,
      message,
      engine: engineFromUrl(job.config?.databaseUrl ?? job.inputs['database-url']),
      label: job.distinction.label,
      sourceDir: job.config?.migrations ?? job.inputs.migrations ?? '',
      format: job.config?.format ?? 'auto',
    });
    // Refuses a directory that is not a report directory: the user's files stay untouched.
    await prepareReportDir(reportDir);
    await publishReport(job, report, reportDir, job.comments.key !== null || keyKnownEarly(job));
  } catch (again) {
    core.warning(`could not write the report of the failed run: ${errorMessage(again)}`);
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(abortedSummary(message)).write();
  } finally {
    if (out) out.status = 'error';
  }
}

async function startJob(inputs: ActionInputs, startedAt: Date): Promise<Job> {
  const ctx = await readRunContext(process.env, inputs['pr-number'] ?? null);
  const pr = ctx.pullRequest;
  const token = inputs['github-token'];
  const target =
    inputs.comment !== false && pr && token
      ? { token, apiUrl: ctx.apiUrl, owner: ctx.owner, repo: ctx.repo, issueNumber: pr.number }
      : null;
  return {
    inputs,
    ctx,
    workspace: process.env.GITHUB_WORKSPACE ?? process.cwd(),
    startedAt,
    headSha: pr?.headSha ?? process.env.GITHUB_SHA ?? null,
    distinction: { matrix: inputs.matrix ?? null, label: inputs.label ?? 'main', database: null },
    comments: new CommentPublisher(target, null),
    running: Promise.resolve(),
    out: emptyOutputs(),
    config: null,
    cancelled: false,
  };
}

function failOnPublishErrors(job: Job): void {
  if (job.inputs['fail-on-publish-error'] !== true || job.comments.failures.length === 0) return;
  core.setFailed(`migration-test: publishing failed (fail-on-publish-error): ${job.comments.failures.join('; ')}`);
}

export async function run(): Promise<void> {
  const startedAt = new Date();
  let job: Job | null = null;
  let out = emptyOutputs();
  try {
    const inputs = parseActionInputs((name) => core.getInput(name));
    registerSecrets(inputs);
    job = await startJob(inputs, startedAt);
    out = job.out;
    const required = inputs['require-label'];
    const pr = job.ctx.pullRequest;
    if (required && pr && !pr.labels.includes(required)) {
      const why = `skipped: pull request #${pr.number} does not carry the "${required}" label`;
      core.notice(why);
      if (process.env.GITHUB_STEP_SUMMARY)
        await core.summary.addRaw(`### Database migrations\n\n⏭️ ${escapeText(why)}\n`).write();
      out.status = 'skipped';
      return;
    }
    if (inputs.mode === 'comment') {
      await publishFromArtifacts({
        inputs,
        ctx: job.ctx,
        workspace: job.workspace,
        out,
        failures: job.comments.failures,
      });
    } else {
      await runAndPublish(job);
    }
    failOnPublishErrors(job);
  } catch (err) {
    await abortStep(job, err);
    if (job) failOnPublishErrors(job);
    out.status = 'error';
  } finally {
    setStepOutputs(out);
  }
}
