import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { parseActionInputs, runFlagsFromInputs, type ActionInputs } from './config/action-inputs.js';
import { actionInput } from './config/issues.js';
import { readConfigFile, resolveRunConfig } from './config/load.js';
import { parseDatabaseTarget } from './engines/target.js';
import {
  type ArtifactLocation,
  artifactUrlStandIn,
  downloadReportArtifact,
  uploadReportArtifact,
} from './github/artifact.js';
import { annotateReport } from './github/annotations.js';
import { changesFromPullRequest, pullRequestChangesLabel } from './github/pr-files.js';
import { defaultMigrationsDir } from './migrations/discover.js';
import { changesFromGit, gitChangesLabel, type FileChanges } from './migrations/git-changes.js';
import { defaultCommentKey, readRunContext, type RunContext } from './github/context.js';
import { CommentForbiddenError, upsertStickyComment } from './github/sticky-comment.js';
import type { Report } from './report/model.js';
import { progressLine, summaryLines } from './report/progress.js';
import {
  commentMarker,
  readReport,
  renderReport,
  renderReportFiles,
  renderRunningComment,
  type RenderContext,
  type ReportDocuments,
  withArtifactLink,
} from './report/render/index.js';
import { REPORT_FILE, writeReportDocuments } from './report/write.js';
import { escapeText, link } from './report/render/escape.js';
import { runMigrationTest } from './runner/run-all.js';
import { errorMessage } from './util/errors.js';
import { watchInterrupts } from './util/interrupt.js';
import { maskSecrets, registerEnvironmentSecrets, registerSecret } from './util/secrets.js';

const FORK_HINT =
  'the token cannot write pull-request comments (a fork\'s read-only token?): publish with the workflow_run pattern, a second workflow running this action with "mode: comment" (see the README)';

/** Publishes to the pull request while it can; a forbidden token degrades to a warning once. */
class CommentPublisher {
  private disabled = false;
  url: string | null = null;

  constructor(
    private readonly ctx: RunContext,
    private readonly token: string | undefined,
    private readonly key: string,
    enabled: boolean,
  ) {
    this.disabled = !enabled || !ctx.pullRequest || !token;
  }

  async publish(body: string): Promise<void> {
    if (this.disabled || !this.ctx.pullRequest || !this.token) return;
    try {
      const c = await upsertStickyComment({
        token: this.token,
        apiUrl: this.ctx.apiUrl,
        owner: this.ctx.owner,
        repo: this.ctx.repo,
        issueNumber: this.ctx.pullRequest.number,
        commentKey: this.key,
        body,
      });
      this.url = c.url;
    } catch (err) {
      this.disabled = true;
      if (err instanceof CommentForbiddenError) core.warning(FORK_HINT);
      else core.warning(`could not update the pull-request comment: ${errorMessage(err)}`);
    }
  }
}

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

interface ArtifactUpload {
  name: string;
  where: ArtifactLocation;
}

/** The artifact this run uploads, or null when it uploads none. */
function artifactToUpload(report: Report, inputs: ActionInputs, ctx: RunContext): ArtifactUpload | null {
  if (inputs['upload-artifact'] === false || inputs.mode === 'comment' || !ctx.runId) return null;
  // A re-run attempt keeps the first attempt's artifacts: names must not collide.
  const attempt = ctx.runAttempt && ctx.runAttempt !== '1' ? `-attempt-${ctx.runAttempt}` : '';
  const name = (inputs['artifact-name'] ?? `migration-test-${report.database.label}`) + attempt;
  return { name, where: { serverUrl: ctx.serverUrl, owner: ctx.owner, repo: ctx.repo, runId: ctx.runId } };
}

/**
 * The artifact carries comment.md and summary.md beside report.json and logs/, while the
 * published comment and summary link to the artifact, whose address only its upload tells.
 * Rather than render before the upload and again after it, each document is rendered once,
 * with a stand-in address no shorter than the real one (so the size limits still hold once
 * it is replaced); the copies uploaded leave the link out, as a document inside the artifact
 * has no use for it, and the published text and the local files get the real address.
 */
async function renderAndUpload(
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
    core.setOutput('artifact-id', String(uploaded.id));
    const linked = withArtifactLink(rendered, standIn, uploaded.url);
    await writeReportDocuments(reportDir, linked);
    return linked;
  } catch (err) {
    core.warning(`could not upload the report artifact: ${errorMessage(err)}`);
    return unlinked;
  }
}

/** Renders the report once, uploads the artifact, and publishes the text from memory. */
async function publishReport(
  report: Report,
  reportDir: string,
  inputs: ActionInputs,
  ctx: RunContext,
  comments: CommentPublisher,
  commentKey: string,
): Promise<void> {
  const renderCtx: RenderContext = { commentKey, runUrl: ctx.runUrl, artifactUrl: null };
  const artifact = artifactToUpload(report, inputs, ctx);
  const docs = artifact
    ? await renderAndUpload(report, reportDir, artifact, renderCtx)
    : await renderReportFiles(report, reportDir, renderCtx);
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(docs.summary).write();
  await comments.publish(docs.comment);
}

function setReportOutputs(report: Report, reportDir: string, comments: CommentPublisher): void {
  core.setOutput('status', report.status);
  core.setOutput('report-path', path.join(reportDir, REPORT_FILE));
  core.setOutput('comment-url', comments.url ?? '');
  core.setOutput('migrations', String(report.migrations.filter((m) => m.phase === 'new').length));
  core.setOutput('warnings', String(report.findings.filter((f) => f.severity === 'warning').length));
}

/**
 * The pull request's own file list says which migrations it adds, also in a shallow checkout;
 * git against the base commit is the fallback.
 */
async function pullRequestChanges(
  ctx: RunContext,
  inputs: ActionInputs,
  workspace: string,
  migrationsDir: string | undefined,
): Promise<{ files: FileChanges; label: string } | null> {
  const pr = ctx.pullRequest;
  if (!pr) return null;
  const dir = migrationsDir ?? defaultMigrationsDir(workspace);
  const token = inputs['github-token'];
  if (token) {
    try {
      const files = await changesFromPullRequest({
        token,
        apiUrl: ctx.apiUrl,
        owner: ctx.owner,
        repo: ctx.repo,
        number: pr.number,
        dir,
      });
      return { files, label: pullRequestChangesLabel(pr.number) };
    } catch (err) {
      core.warning(`could not list the pull request's files (${errorMessage(err)}); trying git`);
    }
  }
  if (pr.baseSha) {
    try {
      const files = await changesFromGit({ cwd: workspace, baseRef: pr.baseSha, dir: path.resolve(workspace, dir) });
      return { files, label: gitChangesLabel(pr.baseSha.slice(0, 12)) };
    } catch (err) {
      core.warning(`could not tell the new migrations from git (${errorMessage(err)}): all migrations count as new`);
    }
  }
  return null;
}

/** What the comment says when the run stopped before it produced a report. */
function abortedComment(commentKey: string, runUrl: string | null, message: string): string {
  return [
    commentMarker(commentKey),
    '### Database migrations',
    '',
    `💥 migration-test could not run: ${escapeText(message, 500)}${runUrl ? ` (${link('run', runUrl)})` : ''}`,
    '',
  ].join('\n');
}

export async function run(): Promise<void> {
  let abort: ((message: string) => Promise<void>) | null = null;
  try {
    const inputs = parseActionInputs((name) => core.getInput(name));
    registerSecrets(inputs);
    const ctx = await readRunContext(process.env, inputs['pr-number'] ?? null);
    // Actions cannot see the matrix themselves: the input, else a distinct label, tells jobs apart.
    const label = inputs.label && inputs.label !== 'main' ? JSON.stringify({ label: inputs.label }) : null;
    const commentKey = inputs['comment-key'] ?? defaultCommentKey(ctx, inputs.matrix ?? label);
    const required = inputs['require-label'];
    if (required && ctx.pullRequest && !ctx.pullRequest.labels.includes(required)) {
      core.notice(`skipped: pull request #${ctx.pullRequest.number} does not carry the "${required}" label`);
      core.setOutput('status', 'skipped');
      return;
    }
    const comments = new CommentPublisher(ctx, inputs['github-token'], commentKey, inputs.comment !== false);
    const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
    abort = (message) => comments.publish(abortedComment(commentKey, ctx.runUrl, message));

    if (inputs.mode === 'comment') {
      let reportDir = path.resolve(workspace, inputs['report-dir'] ?? 'migration-test-report');
      if (inputs['run-id']) {
        if (!inputs['github-token'])
          throw new Error('input "run-id": downloading another run\'s artifact needs input "github-token"');
        reportDir = await fs.mkdtemp(path.join(os.tmpdir(), 'migration-test-report-'));
        await downloadReportArtifact({
          name: inputs['artifact-name'] ?? 'migration-test-main',
          runId: inputs['run-id'],
          token: inputs['github-token'],
          owner: ctx.owner,
          repo: ctx.repo,
          dest: reportDir,
        });
      }
      // Another run's report, from its artifact: read back and validated.
      const report = await readReport(path.join(reportDir, REPORT_FILE));
      await publishReport(report, reportDir, inputs, ctx, comments, commentKey);
      setReportOutputs(report, reportDir, comments);
      return;
    }

    const file = inputs.config ? await readConfigFile(path.resolve(workspace, inputs.config)) : {};
    const config = resolveRunConfig(runFlagsFromInputs(inputs), file, actionInput);
    await comments.publish(renderRunningComment({ commentKey, runUrl: ctx.runUrl, label: config.label }));
    const changes = await pullRequestChanges(ctx, inputs, workspace, config.migrations);
    // A cancelled job (SIGTERM) still ends with its report, outputs, summary and comment.
    const interrupts = watchInterrupts();
    const outcome = await runMigrationTest(config, {
      cwd: workspace,
      repoRoot: workspace,
      ...(changes ? { changes } : {}),
      onStatus: (line) => core.info(maskSecrets(line)),
      onMigration: (r) => core.info(progressLine(r)),
      signal: interrupts.signal,
    }).finally(() => interrupts.dispose());
    for (const line of summaryLines(outcome.report, outcome.reportPath)) core.info(line);
    annotateReport(outcome.report);
    const reportDir = path.dirname(outcome.reportPath);
    await publishReport(outcome.report, reportDir, inputs, ctx, comments, commentKey);
    setReportOutputs(outcome.report, reportDir, comments);
    if (interrupts.exitCode() !== null) {
      core.setFailed(`migration-test: ${String((interrupts.signal.reason as Error).message)}`);
      process.exitCode = interrupts.exitCode() ?? 1;
    } else if (outcome.exitCode !== 0) {
      core.setFailed(`migration-test: ${outcome.report.status} (fail-on: ${config.failOn})`);
    }
  } catch (err) {
    const message = maskSecrets(errorMessage(err).split('\n')[0] ?? 'migration-test failed');
    core.setFailed(message);
    await abort?.(message);
  }
}
