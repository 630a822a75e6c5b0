import { PHASE_NAMES, formatCount, formatDuration, formatMeasure } from '../format.js';
import type { PhaseTotals, ReportSettings, Totals } from '../model.js';
import { codeSpan, escapeText } from './escape.js';
import { plural } from './facts.js';
import { collapsed } from './sections.js';
import { markdownTable } from './table.js';

const FAIL_ON_WORDS: Record<ReportSettings['failOn'], string> = {
  error: 'the run fails when a finding is an error (or a migration fails); warnings and notices do not fail it',
  warning: 'the run fails on any error or warning (or a failed migration); notices do not fail it',
  never: 'the run never fails on findings; the status still says passed, warning or failed',
};

const ROLLBACK_WORDS: Record<ReportSettings['rollback'], string> = {
  batch:
    'every new migration down, newest first, then up again; the schema is compared after each with the first up pass, and each difference is named on the migration after which it appeared',
  'per-migration': 'each new migration up, down and up again in turn; the schema is compared after each step',
  off: 'none: the downs were not run',
};

const DURATION_WORDS: Record<ReportSettings['durations'], string> = {
  'best-of-up-and-reapply':
    'a time limit judges the better of the first up and the up again of the rollback cycle, so one slow run on a busy machine is not a finding (the first up alone when the up again did not run)',
  'first-up': 'a time limit judges the first up (no rollback cycle ran it again)',
};

function limitsTable(settings: ReportSettings): string {
  return markdownTable(
    ['Limit', 'Value', 'Severity', 'Set by'],
    ['left', 'right', 'left', 'left'],
    settings.thresholds.map((t) => [
      codeSpan(t.migration === undefined ? t.name : `${t.name}.${t.migration}`, { inTable: true }),
      t.limit === null ? 'none' : escapeText(formatMeasure(t.limit, t.unit)),
      t.severity,
      t.source === 'config' ? 'config file' : t.source === 'override' ? 'per-migration override' : t.source,
    ]),
  );
}

function totalsRow(name: string, t: PhaseTotals): string[] {
  return [
    name,
    formatCount(t.migrations),
    formatCount(t.succeeded),
    formatCount(t.failed),
    formatCount(t.skipped + (t.cancelled ?? 0)),
    formatDuration(t.durationMs),
  ];
}

export function totalsTable(totals: Totals): string | null {
  const rows = (Object.keys(PHASE_NAMES) as (keyof typeof PHASE_NAMES)[]).flatMap((phase) => {
    const t = totals[phase];
    return t ? [totalsRow(PHASE_NAMES[phase], t)] : [];
  });
  if (rows.length === 0) return null;
  return markdownTable(
    ['Phase', 'Runs', 'Succeeded', 'Failed', 'Skipped', 'Time'],
    ['left', 'right', 'right', 'right', 'right', 'right'],
    rows,
  );
}

/**
 * What decided the verdict, for a reader who wants to know why it passed or failed: fail-on,
 * the rollback mode, which runs time limits judge, every limit with where it was set, and the
 * counts and times of each phase. Only reports that record their settings or totals have one.
 */
export function verdictBody(settings: ReportSettings | undefined, totals: Totals | undefined): string | null {
  const parts: string[] = [];
  if (settings) {
    parts.push(
      [
        `- Fail on: ${codeSpan(settings.failOn)}: ${FAIL_ON_WORDS[settings.failOn]}.`,
        `- Rollback cycle: ${codeSpan(settings.rollback)}: ${ROLLBACK_WORDS[settings.rollback]}.`,
        `- Durations: ${DURATION_WORDS[settings.durations]}.`,
        `- Blocking probe: ${settings.probe === null ? 'none' : escapeText(settings.probe)}.`,
        `- ${plural(settings.thresholds.length, 'limit')}; a value over its limit is a finding of its severity:`,
      ].join('\n'),
      limitsTable(settings),
    );
  }
  const table = totals ? totalsTable(totals) : null;
  if (table) parts.push('Runs and times per phase:', table);
  return parts.length > 0 ? parts.join('\n\n') : null;
}

export function verdictSection(settings: ReportSettings | undefined, totals: Totals | undefined): string | null {
  const body = verdictBody(settings, totals);
  return body === null ? null : collapsed('How this verdict was reached', body);
}
