import { formatBytes, formatDuration } from '../format.js';
import type { Lock, MigrationRun } from '../model.js';
import { worseLock } from '../../rules/locks.js';
import { codeSpan, escapeText } from './escape.js';
import { plural } from './facts.js';
import { markdownTable } from './table.js';

/**
 * The Locks table and the rewrites line of a new migration: which locks it held on what, what
 * they stop in plain words, for how long, and from which line; which tables and indexes it
 * rewrote. Names come from the migration: always escaped.
 */

/** Rows of a Locks table; the rest are in the report. */
const LOCK_ROWS = 10;
const NAME_CHARS = 60;

const BLOCKS_WORDS: Record<Lock['blocks'], string> = {
  'reads+writes': 'reads and writes',
  writes: 'writes',
  ddl: 'only DDL',
  none: 'nothing',
};

/**
 * Per relation that existed before, its worst lock: the table shows what other sessions would
 * have waited for. Locks on relations the migration created, and on no relation, stop no one.
 */
function shownLocks(locks: readonly Lock[]): Lock[] {
  const worst = new Map<string, Lock>();
  for (const l of locks) {
    if (l.created || l.kind === 'other') continue;
    const known = worst.get(l.relation);
    if (!known || worseLock(l, known) < 0) worst.set(l.relation, l);
  }
  return [...worst.values()].sort(worseLock);
}

/** The worst lock that stopped reads or writes on a relation other sessions use, if any. */
export function worstBlockingLock(run: MigrationRun): Lock | null {
  const worst = shownLocks(run.locks ?? [])[0];
  return worst && (worst.blocks === 'reads+writes' || worst.blocks === 'writes') ? worst : null;
}

/** "🔒 reads and writes on `items` 84 ms", for the line that sums up a run. */
export function worstLockSummary(run: MigrationRun): string | null {
  const l = worstBlockingLock(run);
  return l ? `🔒 ${BLOCKS_WORDS[l.blocks]} on ${escapeText(l.relation, NAME_CHARS)} ${formatDuration(l.heldMs)}` : null;
}

function locksTable(locks: readonly Lock[]): string {
  return markdownTable(
    ['Relation', 'Mode', 'Blocks', 'Held for', 'Line'],
    ['left', 'left', 'left', 'right', 'right'],
    locks.map((l) => [
      codeSpan(l.relation, { inTable: true, maxChars: NAME_CHARS }),
      codeSpan(l.mode, { inTable: true, maxChars: NAME_CHARS }),
      BLOCKS_WORDS[l.blocks],
      formatDuration(l.heldMs),
      String(l.line),
    ]),
  );
}

function rewritesLine(run: MigrationRun): string {
  const rewrites = run.rewrites ?? [];
  if (rewrites.length === 0) return '- Rewrites: none';
  const shown = rewrites.slice(0, 5).map((r) => {
    const where = [r.sizeBytes !== null ? formatBytes(r.sizeBytes) : '', r.line !== null ? `line ${r.line}` : '']
      .filter(Boolean)
      .join(', ');
    return `${r.kind} ${escapeText(r.relation, NAME_CHARS)}${where ? ` (${where})` : ''}`;
  });
  const more = rewrites.length > shown.length ? `, ${plural(rewrites.length - shown.length, 'more')}` : '';
  return `- Rewrites: ${shown.join(', ')}${more}`;
}

/** The Locks part of a new migration's details; null for runs where locks were not followed. */
export function locksPart(run: MigrationRun): string | null {
  if (run.phase !== 'new' || run.locks === undefined) return null;
  if (run.locks === null) return `- Locks: not observed (${escapeText(run.lockObservation ?? 'unavailable')})`;
  const shown = shownLocks(run.locks);
  const rewrites = rewritesLine(run);
  if (shown.length === 0) return `- Locks: none on tables other sessions use\n${rewrites}`;
  const rest = shown.length - LOCK_ROWS;
  return [
    `**Locks** (${plural(shown.length, 'relation')}):`,
    locksTable(shown.slice(0, LOCK_ROWS)),
    `${rest > 0 ? `${plural(rest, 'more relation')} in the report.\n` : ''}${rewrites}`,
  ].join('\n\n');
}
