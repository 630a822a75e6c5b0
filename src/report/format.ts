/** Human units shared by the CLI and the renderers. */

export function formatDuration(ms: number | null): string {
  if (ms === null) return '–';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 2 : 1)} s`;
  // Round once, before splitting, so 119.6 s reads "2 min 0 s", never "1 min 60 s".
  const whole = Math.round(s);
  const m = Math.floor(whole / 60);
  if (m < 60) return `${m} min ${whole % 60} s`;
  const minutes = Math.round(s / 60);
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

export function formatBytes(bytes: number | null, signed = false): string {
  if (bytes === null) return '–';
  const sign = bytes < 0 ? '-' : signed && bytes > 0 ? '+' : '';
  let v = Math.abs(bytes);
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  const text = u === 0 ? `${v}` : v < 10 ? v.toFixed(1) : `${Math.round(v)}`;
  return `${sign}${text} ${UNITS[u]}`;
}

export function formatCount(n: number | null): string {
  return n === null ? '–' : n.toLocaleString('en-US');
}

/** A finding's value or limit in its unit: "3 min 0 s", "16 MB", "1,200 rows". */
export function formatMeasure(value: number, unit: 'ms' | 'bytes' | 'rows' | 'count' | undefined): string {
  switch (unit) {
    case 'ms':
      return formatDuration(value);
    case 'bytes':
      return formatBytes(value);
    case 'rows':
      return `${formatCount(value)} row${value === 1 ? '' : 's'}`;
    default:
      return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
  }
}

/** How the console and the renderers name each phase of a run, in the order phases run. */
export const PHASE_NAMES = {
  base: 'base (applied first)',
  new: 'new (first up)',
  rollback: 'rollback (down)',
  reapply: 're-apply (up again)',
} as const;
