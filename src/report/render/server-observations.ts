import type { MigrationRun } from '../model.js';
import { formatDuration } from '../format.js';
import { escapeText } from './escape.js';
import { plural } from './facts.js';

/** Most server messages a migration's details show; the rest are in report.json and the log. */
const MESSAGES_SHOWN = 5;
/** Most tables the blocked-traffic line names. */
const TABLES_SHOWN = 5;

/** The longest blocked time of any traffic the probe saw during the run; null when it did not run. */
export function worstBlocked(run: MigrationRun): { ms: number; what: string } | null {
  let worst: { ms: number; what: string } | null = null;
  for (const b of run.blocking ?? [])
    for (const [what, ms] of [
      ['reads', b.readsBlockedMs],
      ['writes', b.writesBlockedMs],
    ] as const)
      if (ms > 0 && (!worst || ms > worst.ms)) worst = { ms, what: `${what} to ${b.relation}` };
  return worst;
}

/** "- Blocked traffic: users reads 4.2 s, writes 4.2 s; orders none", or null without a probe. */
export function blockingLine(run: MigrationRun): string | null {
  if (!run.blocking) return null;
  if (run.blocking.length === 0) return null;
  const ranked = [...run.blocking].sort(
    (a, b) => Math.max(b.readsBlockedMs, b.writesBlockedMs) - Math.max(a.readsBlockedMs, a.writesBlockedMs),
  );
  const parts = ranked.slice(0, TABLES_SHOWN).map((b) => {
    const blocked = [
      b.readsBlockedMs > 0 ? `reads ${formatDuration(b.readsBlockedMs)}` : '',
      b.writesBlockedMs > 0 ? `writes ${formatDuration(b.writesBlockedMs)}` : '',
    ].filter(Boolean);
    return `${escapeText(b.relation, 60)} ${blocked.length ? blocked.join(', ') : 'not blocked'}`;
  });
  const rest = ranked.length - parts.length;
  return `- Blocked traffic (longest): ${parts.join('; ')}${rest > 0 ? `; ${plural(rest, 'more table')}` : ''}`;
}

/** The server's notices and warnings, one line each, capped; their text is the server's, escaped. */
export function messageLines(run: MigrationRun): string[] {
  const messages = run.messages ?? [];
  if (messages.length === 0) return [];
  const lines = messages.slice(0, MESSAGES_SHOWN).map((m) => {
    const extra = [m.detail, m.hint && `hint: ${m.hint}`].filter(Boolean).join('; ');
    return `- Server ${m.severity} ${escapeText(m.code, 10)} at line ${m.line}: ${escapeText(m.message, 200)}${extra ? ` (${escapeText(extra, 200)})` : ''}`;
  });
  const rest = messages.length - lines.length + (run.messagesOmitted ?? 0);
  if (rest > 0) lines.push(`- ${plural(rest, 'more server message')} in the report and the log`);
  return lines;
}
