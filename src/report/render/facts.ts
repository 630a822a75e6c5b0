import type { EngineName, Finding, MigrationRun, Report } from '../model.js';
import { escapeText, link } from './escape.js';
import type { CommitRef } from './context.js';

/**
 * A cache for one render: the size ladder renders the same runs at several levels of detail,
 * and most of each rendering does not depend on the level.
 */
export class Memo {
  private readonly slots = new WeakMap<object, Map<string, unknown>>();

  get<T>(owner: object, slot: string, make: () => T): T {
    let byOwner = this.slots.get(owner);
    if (!byOwner) this.slots.set(owner, (byOwner = new Map<string, unknown>()));
    if (byOwner.has(slot)) return byOwner.get(slot) as T;
    const value = make();
    byOwner.set(slot, value);
    return value;
  }
}

/** The report sorted into what the sections show; computed once per render. */
export interface ReportFacts {
  report: Report;
  base: MigrationRun[];
  /** phase "new": the migrations this change adds. */
  fresh: MigrationRun[];
  /** Every run but the base ones (new, rollback, reapply), in the order they ran. */
  changed: MigrationRun[];
  /** Findings by the run that shows them: the new run of their migration, else its first run. */
  findingsByRun: Map<MigrationRun, Finding[]>;
  runById: Map<string, MigrationRun>;
  memo: Memo;
}

export function collectFacts(report: Report): ReportFacts {
  const base = report.migrations.filter((m) => m.phase === 'base');
  const fresh = report.migrations.filter((m) => m.phase === 'new');
  const changed = report.migrations.filter((m) => m.phase !== 'base');
  const runById = new Map<string, MigrationRun>();
  for (const m of [...fresh, ...report.migrations]) if (!runById.has(m.id)) runById.set(m.id, m);
  const findingsByRun = new Map<MigrationRun, Finding[]>();
  for (const f of report.findings) {
    const run = f.migration === null ? undefined : runById.get(f.migration);
    if (!run) continue;
    const list = findingsByRun.get(run) ?? [];
    list.push(f);
    findingsByRun.set(run, list);
  }
  return { report, base, fresh, changed, findingsByRun, runById, memo: new Memo() };
}

/** Failed, or carrying findings: what is kept when space runs out. */
export function isFlagged(facts: ReportFacts, run: MigrationRun): boolean {
  return run.status === 'failed' || (facts.findingsByRun.get(run)?.length ?? 0) > 0;
}

const ENGINE_NAMES: Record<EngineName, string> = { postgres: 'PostgreSQL', mysql: 'MySQL', mariadb: 'MariaDB' };

export function engineName(engine: string): string {
  return (ENGINE_NAMES as Record<string, string>)[engine] ?? escapeText(engine);
}

/** "16.2" out of "16.2 (Debian 16.2-1.pgdg120+2)" or "10.11.6-MariaDB-0+deb12u1". */
export function shortVersion(serverVersion: string): string {
  const numeric = /^\d+(?:\.\d+)*/.exec(serverVersion.trim());
  return escapeText(numeric ? numeric[0] : (serverVersion.trim().split(/\s+/)[0] ?? ''));
}

export function heading(
  engine: string | null,
  version: string | null,
  label: string | null,
  commit: CommitRef | null = null,
): string {
  const what = [engine, version].filter((s): s is string => !!s).join(' ');
  const where = label ? ` (${escapeText(label)})` : '';
  return `### Database migrations${what ? `: ${what}` : ''}${where}${commit ? ` · ${commitLink(commit)}` : ''}`;
}

/** The commit tested, as its short SHA linking to it (a SHA that is not hex is shown as text). */
export function commitLink(commit: CommitRef): string {
  const short = commit.sha.slice(0, 7);
  if (!/^[0-9a-f]{7,64}$/i.test(commit.sha)) return escapeText(short);
  return commit.url ? link(`\`${short}\``, commit.url) : `\`${short}\``;
}

/** "20240105120000 add_orders_index", escaped. */
export function migrationLabel(run: MigrationRun): string {
  return escapeText([run.version, run.name].filter((s) => s !== '').join(' ') || run.id);
}

/** Phase and direction, for runs other than a plain "new, up". */
export function phaseNote(run: MigrationRun): string {
  if (run.phase === 'new' && run.direction === 'up') return '';
  const phase = run.phase === 'reapply' ? 're-apply' : run.phase;
  return `${phase}, ${run.direction}`;
}

export function labelWithPhase(run: MigrationRun): string {
  const note = phaseNote(run);
  return note ? `${migrationLabel(run)} (${note})` : migrationLabel(run);
}

export const TYPE_NAMES: Record<MigrationRun['type'], string> = { regular: 'Regular', 'post-deploy': 'Post-deploy' };

export const RUN_ICONS: Record<MigrationRun['status'], string> = {
  succeeded: '✅',
  failed: '💥',
  skipped: '⏭️',
  cancelled: '🛑',
};

export const SEVERITY_ICONS: Record<Finding['severity'], string> = { error: '❌', warning: '⚠️', notice: 'ℹ️' };

const SEVERITY_ORDER: Finding['severity'][] = ['error', 'warning', 'notice'];

/** Errors first, then warnings, then notices; the report's order within each. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return SEVERITY_ORDER.flatMap((s) => findings.filter((f) => f.severity === s));
}

export function worstSeverity(findings: readonly Finding[]): Finding['severity'] | null {
  return SEVERITY_ORDER.find((s) => findings.some((f) => f.severity === s)) ?? null;
}

export function sumOf(values: ReadonlyArray<number | null>): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** "2024-05-02 09:14:03 UTC" from an ISO timestamp; no clock is read. */
export function formatTimestamp(iso: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return escapeText(iso);
  return `${t.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
