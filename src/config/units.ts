import { z } from 'zod';

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };
const BYTE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1000,
  kib: 1024,
  mb: 1000 ** 2,
  mib: 1024 ** 2,
  gb: 1000 ** 3,
  gib: 1024 ** 3,
};

/** "100ms", "1.5s", "3m", "2h" (or a number of milliseconds) → milliseconds. */
export function parseDuration(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)\s*$/i.exec(text);
  if (!m) return null;
  return Number(m[1]) * DURATION_UNITS[m[2]!.toLowerCase()]!;
}

/** "512kB", "10MiB", "1GB" (or a number of bytes) → bytes. */
export function parseBytes(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b|b)\s*$/i.exec(text);
  if (!m) return null;
  return Math.round(Number(m[1]) * BYTE_UNITS[m[2]!.toLowerCase()]!);
}

function withUnits(parse: (text: string) => number | null, what: string, examples: string) {
  return z.union([z.number().nonnegative(), z.string()]).transform((v, ctx) => {
    if (typeof v === 'number') return v;
    const n = parse(v);
    if (n === null) {
      ctx.addIssue({ code: 'custom', message: `"${v}" is not a ${what}; expected e.g. ${examples}` });
      return z.NEVER;
    }
    return n;
  });
}

/** Milliseconds, from a number or a string with a unit. */
export const durationMs = withUnits(parseDuration, 'duration', '100ms, 1.5s, 3m, 2h');
/** Bytes, from a number or a string with a unit. */
export const byteCount = withUnits(parseBytes, 'size', '512kB, 10MiB, 1GB');
