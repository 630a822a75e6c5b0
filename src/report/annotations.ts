/**
 * GitHub annotations of a report: each failed statement and each finding about a migration,
 * pinned to its file and line so that GitHub shows it on the pull request's diff. Pure: the
 * Actions runtime emits them (src/github/annotations.ts).
 */
import { maskSecrets } from '../util/secrets.js';
import { errorText } from './error-text.js';
import type { Finding, MigrationRun, Report } from './model.js';

export interface Annotation {
  level: Finding['severity'];
  title: string;
  message: string;
  /** Relative to the repository root, as GitHub places annotations; null when unknown. */
  file: string | null;
  line: number | null;
  /** The last line it covers (where the server pointed, below the statement's start). */
  endLine: number | null;
}

/** GitHub shows at most 10 annotations of each level per step: the rest would vanish unsaid. */
export const MAX_PER_LEVEL = 10;

const LEVELS: Finding['severity'][] = ['error', 'warning', 'notice'];

function failureAnnotation(run: MigrationRun): Annotation | null {
  const e = run.error;
  if (run.status !== 'failed' || !e) return null;
  const what = run.direction === 'down' ? 'down migration' : 'migration';
  const phase = run.phase === 'new' ? '' : ` (${run.phase})`;
  return {
    level: 'error',
    title: `migration-test: ${what} ${run.id} failed${phase}`,
    message: `${e.code ? `[${e.code}] ` : ''}${errorText(e)}`,
    file: run.file,
    line: e.line,
    endLine: e.line !== null && e.positionLine !== undefined && e.positionLine > e.line ? e.positionLine : null,
  };
}

/** The file a finding about a migration is about: its new up run's, else any run's of that id. */
function fileOf(runs: readonly MigrationRun[], id: string): string | null {
  const mine = runs.filter((r) => r.id === id);
  const up = mine.find((r) => r.phase === 'new' && r.direction === 'up') ?? mine[0];
  return up?.file ?? null;
}

function findingAnnotation(runs: readonly MigrationRun[], f: Finding): Annotation | null {
  // A failed migration is said by its error's own annotation, with the server's details.
  if (f.migration === null || f.rule === 'migration-failed') return null;
  return {
    level: f.severity,
    title: `migration-test: ${f.rule} (${f.migration})`,
    message: f.message,
    file: fileOf(runs, f.migration),
    line: f.line ?? null,
    endLine: null,
  };
}

/** At most MAX_PER_LEVEL of each level, the last saying how many more the report holds. */
function capped(level: Finding['severity'], all: Annotation[]): Annotation[] {
  if (all.length <= MAX_PER_LEVEL) return all;
  const kept = all.slice(0, MAX_PER_LEVEL - 1);
  const more = all.length - kept.length;
  kept.push({
    level,
    title: 'migration-test',
    message: `${more} more ${level === 'notice' ? 'notices' : `${level}s`} in the report`,
    file: null,
    line: null,
    endLine: null,
  });
  return kept;
}

/** Failures first, then findings by severity; secrets masked. */
export function reportAnnotations(report: Report): Annotation[] {
  const runs = report.migrations;
  const all = [...runs.map(failureAnnotation), ...report.findings.map((f) => findingAnnotation(runs, f))].filter(
    (a): a is Annotation => a !== null,
  );
  return LEVELS.flatMap((level) =>
    capped(
      level,
      all.filter((a) => a.level === level),
    ),
  ).map((a) => ({ ...a, title: maskSecrets(a.title), message: maskSecrets(a.message) }));
}
