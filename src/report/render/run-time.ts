import { formatDuration } from '../format.js';
import type { MigrationRun } from '../model.js';

/**
 * A run's time as measured by the tool (BEGIN to COMMIT, round trips), and beside it the
 * server's own time for its statements where the server gives one.
 */
export function runTime(run: MigrationRun): string {
  const total = formatDuration(run.durationMs);
  return typeof run.serverMs === 'number' && run.durationMs !== null
    ? `${total} (server ${formatDuration(run.serverMs)})`
    : total;
}
