import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);
import {
  UsageError
} from "./chunk-ICID3YAN.js";

// src/engines/postgres/postgres-versions.ts
var AVAILABLE_MAJORS = [14, 15, 16, 17, 18];
var INSTALLED_MAJOR = 18;
var RELEASE_LINE = "beta.17";
function parsePostgresVersions(value) {
  const allowed = `allowed: a comma-separated list of ${AVAILABLE_MAJORS.join(", ")}`;
  const parts = value.split(",").map((p) => p.trim());
  if (value.trim() === "") throw new UsageError(`--postgres-versions is empty (${allowed})`);
  const majors = [];
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
function parseVersion(version) {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:-([a-z]+)\.(\d+))?$/.exec(version);
  if (!m) return null;
  return {
    version,
    numbers: [Number(m[1]), Number(m[2]), Number(m[3])],
    prerelease: m[4] ? `${m[4]}.${m[5]}` : "",
    prereleaseNumber: m[5] ? Number(m[5]) : Number.POSITIVE_INFINITY
  };
}
function newer(a, b) {
  for (let i = 0; i < 3; i++) if (a.numbers[i] !== b.numbers[i]) return a.numbers[i] - b.numbers[i];
  return a.prereleaseNumber - b.prereleaseNumber;
}
function pickVersion(versions, major, line = RELEASE_LINE) {
  const ofMajor = versions.map(parseVersion).filter((v) => v !== null && v.numbers[0] === major && !v.prerelease.startsWith("alpha"));
  const onLine = ofMajor.filter((v) => v.prerelease === line);
  const pool = onLine.length > 0 ? onLine : ofMajor;
  const best = pool.reduce((acc, v) => acc === null || newer(v, acc) > 0 ? v : acc, null);
  return best?.version ?? null;
}

export {
  AVAILABLE_MAJORS,
  INSTALLED_MAJOR,
  RELEASE_LINE,
  parsePostgresVersions,
  pickVersion
};
