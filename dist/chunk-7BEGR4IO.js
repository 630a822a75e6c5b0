import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);
import {
  UsageError
} from "./chunk-ICID3YAN.js";

// src/report/report-dir.ts
import fs from "node:fs/promises";
import path from "node:path";
var REPORT_DIR_MARKER = ".migration-test-report";
var MARKER_TEXT = "This directory holds a migration-test report; migration-test rewrites it on every run.\n";
var REPORT_OUTPUTS = ["report.json", "comment.md", "summary.md", "logs"];
async function entriesOf(dir) {
  try {
    return await fs.readdir(dir);
  } catch (err) {
    const code = err.code;
    if (code === "ENOENT") return null;
    if (code === "ENOTDIR") throw new UsageError(`report directory ${dir} is not a directory`);
    throw new UsageError(`report directory ${dir} cannot be read (${code ?? String(err)})`);
  }
}
async function prepareReportDir(dir) {
  const entries = await entriesOf(dir);
  if (entries !== null && entries.length > 0 && !entries.includes(REPORT_DIR_MARKER)) {
    throw new UsageError(
      `report directory ${dir} already holds files that migration-test did not write (${sample(entries)}): choose a new or empty directory; migration-test only clears directories it created`
    );
  }
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, REPORT_DIR_MARKER), MARKER_TEXT, "utf8");
  for (const name of REPORT_OUTPUTS) await fs.rm(path.join(dir, name), { recursive: true, force: true });
  await fs.mkdir(path.join(dir, "logs"));
}
function sample(names) {
  const sorted = [...names].sort();
  return sorted.slice(0, 3).map((n) => JSON.stringify(n)).join(", ") + (sorted.length > 3 ? `, \u2026 ${sorted.length} in all` : "");
}

export {
  REPORT_DIR_MARKER,
  REPORT_OUTPUTS,
  prepareReportDir
};
