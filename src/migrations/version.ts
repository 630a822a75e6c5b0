/**
 * Version comparison for migration file names. Versions are compared as digit strings, never
 * through Number: golang-migrate versions are unsigned 64-bit and timestamps with seconds or
 * more digits would lose precision past 2^53.
 */

const DIGITS = /^\d+$/;

/** The digit string without leading zeros ("007" -> "7", "000" -> "0"). */
export function normalizeInteger(digits: string): string {
  const trimmed = digits.replace(/^0+/, '');
  return trimmed === '' ? '0' : trimmed;
}

/** Compares two unsigned integers written in decimal, ignoring leading zeros. */
export function compareIntegers(a: string, b: string): number {
  const x = normalizeInteger(a);
  const y = normalizeInteger(b);
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Flyway writes "1.2" or "1_2" for the same version. */
function flywayParts(version: string): string[] {
  return version.split(/[._]/).map(normalizeInteger);
}

/**
 * Flyway's ordering: part by part numerically, a missing part counting as zero, so
 * 1.10 > 1.9, 1_1 == 1.1, 1.01 == 1.1 and 1.0 == 1 (as Flyway's MigrationVersion does).
 */
export function compareFlywayVersions(a: string, b: string): number {
  const x = flywayParts(a);
  const y = flywayParts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const c = compareIntegers(x[i] ?? '0', y[i] ?? '0');
    if (c !== 0) return c;
  }
  return 0;
}

/** One key per distinct Flyway version, for duplicate detection. */
export function flywayVersionKey(version: string): string {
  const parts = flywayParts(version);
  while (parts.length > 1 && parts[parts.length - 1] === '0') parts.pop();
  return parts.join('.');
}

/** Plain codepoint order: locale-independent, so the run order is the same on every machine. */
export function compareCodepoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Natural order: digit runs compare as numbers, the rest by codepoint, so "2_x.sql" sorts
 * before "10_x.sql". Names equal under that rule ("01_a" and "1_a") fall back to codepoint
 * order so the result is total and stable.
 */
export function compareNatural(a: string, b: string): number {
  const x = a.match(/\d+|\D+/g) ?? [];
  const y = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i] as string;
    const q = y[i] as string;
    const c = DIGITS.test(p) && DIGITS.test(q) ? compareIntegers(p, q) : compareCodepoints(p, q);
    if (c !== 0) return c;
  }
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return compareCodepoints(a, b);
}
