import type { Severities } from '../config/schema.js';
import type { Finding, MigrationRun, ServerMessage } from '../report/model.js';

/**
 * Warnings that say the server stored something other than what the statement asked for
 * (MySQL/MariaDB under a lax sql_mode, or IGNORE): a value clipped to the column's range
 * (1264), cut short (1265, 1406), replaced for being invalid (1366, 1292, 1367, 1918), a NULL
 * turned into the column's default (1048, 1263), a missing value defaulted (1364, 1261), an
 * input row cut (1262), invalid characters dropped (1300), a result cut by
 * max_allowed_packet or group_concat_max_len (1301, 1260), and rows silently skipped by IGNORE
 * for a duplicate key or a foreign key (1062, 1451, 1452). PostgreSQL has no silent
 * conversion; its one such warning class is string data right truncation (01004).
 */
export const DATA_CHANGING_CODES: ReadonlySet<string> = new Set([
  '1048',
  '1062',
  '1260',
  '1261',
  '1262',
  '1263',
  '1264',
  '1265',
  '1292',
  '1300',
  '1301',
  '1364',
  '1366',
  '1367',
  '1406',
  '1451',
  '1452',
  '1918',
  '01004',
]);

const isDataChanging = (m: ServerMessage) => m.severity === 'warning' && DATA_CHANGING_CODES.has(m.code);

/** One finding per statement whose warnings say data was changed, naming the first and counting the rest. */
export function serverWarningFindings(runs: readonly MigrationRun[], severity: Severities): Finding[] {
  const out: Finding[] = [];
  for (const run of runs) {
    if (run.phase !== 'new' || !run.messages) continue;
    const byStatement = new Map<number, ServerMessage[]>();
    for (const m of run.messages.filter(isDataChanging)) {
      const list = byStatement.get(m.statementIndex) ?? [];
      list.push(m);
      byStatement.set(m.statementIndex, list);
    }
    for (const list of byStatement.values()) {
      const first = list[0]!;
      const more = list.length > 1 ? ` (and ${list.length - 1} more warnings)` : '';
      out.push({
        severity: severity.serverWarning,
        rule: 'server-warning',
        migration: run.id,
        line: first.line,
        message: `the server changed data at line ${first.line} of ${run.file}: warning ${first.code}: ${first.message}${more}`,
        value: list.length,
        unit: 'count',
      });
    }
  }
  return out;
}
