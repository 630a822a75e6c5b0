/**
 * The report of a run that could not start (database unreachable, bad configuration): status
 * "error" and one finding saying why, so that every run ends with a report.json that tools
 * and the renderers read like any other.
 */
import type { EngineName, Report } from './model.js';
import { ReportSchema } from './model.js';
import { TOOL_VERSION } from './version.js';

export interface ErrorReportParts {
  startedAt: Date;
  message: string;
  /** The engine the run was meant for, as far as known (from the URL's scheme). */
  engine: EngineName;
  label: string;
  sourceDir: string;
  format: string;
  context?: Report['context'];
}

export function errorReport(parts: ErrorReportParts): Report {
  return ReportSchema.parse({
    schemaVersion: 1,
    tool: { name: 'migration-test', version: TOOL_VERSION },
    startedAt: parts.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    status: 'error',
    database: { engine: parts.engine, serverVersion: '', label: parts.label },
    source: { dir: parts.sourceDir, format: parts.format },
    migrations: [],
    findings: [{ severity: 'error', rule: 'run-error', migration: null, message: parts.message }],
    ...(parts.context !== undefined ? { context: parts.context } : {}),
  } satisfies Report);
}

/** postgres:// and its kin are PostgreSQL; mysql:// and mariadb:// MySQL; no URL the embedded PostgreSQL. */
export function engineFromUrl(url: string | null | undefined): EngineName {
  const scheme = url?.match(/^([a-z][a-z0-9+.-]*):/i)?.[1]?.toLowerCase() ?? '';
  if (scheme.startsWith('mariadb')) return 'mariadb';
  if (scheme.startsWith('mysql')) return 'mysql';
  return 'postgres';
}
