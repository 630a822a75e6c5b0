import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);

// src/report/format.ts
function formatDuration(ms) {
  if (ms === null) return "\u2013";
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1e3) return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
  const s = ms / 1e3;
  if (s < 60) return `${s.toFixed(s < 10 ? 2 : 1)} s`;
  const whole = Math.round(s);
  const m = Math.floor(whole / 60);
  if (m < 60) return `${m} min ${whole % 60} s`;
  const minutes = Math.round(s / 60);
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
var UNITS = ["B", "kB", "MB", "GB", "TB"];
function formatBytes(bytes, signed = false) {
  if (bytes === null) return "\u2013";
  const sign = bytes < 0 ? "-" : signed && bytes > 0 ? "+" : "";
  let v = Math.abs(bytes);
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  const text = u === 0 ? `${v}` : v < 10 ? v.toFixed(1) : `${Math.round(v)}`;
  return `${sign}${text} ${UNITS[u]}`;
}
function formatCount(n) {
  return n === null ? "\u2013" : n.toLocaleString("en-US");
}
function formatMeasure(value, unit) {
  switch (unit) {
    case "ms":
      return formatDuration(value);
    case "bytes":
      return formatBytes(value);
    case "rows":
      return `${formatCount(value)} row${value === 1 ? "" : "s"}`;
    default:
      return value.toLocaleString("en-US", { maximumFractionDigits: 2 });
  }
}
var PHASE_NAMES = {
  base: "base (applied first)",
  new: "new (first up)",
  rollback: "rollback (down)",
  reapply: "re-apply (up again)"
};

export {
  formatDuration,
  formatBytes,
  formatCount,
  formatMeasure,
  PHASE_NAMES
};
