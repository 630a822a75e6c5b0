import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);
import {
  TOOL_VERSION
} from "./chunk-YGQDBVXM.js";
import {
  ReportSchema
} from "./chunk-4JHIKEE5.js";

// src/report/error-report.ts
function errorReport(parts) {
  return ReportSchema.parse({
    schemaVersion: 1,
    tool: { name: "migration-test", version: TOOL_VERSION },
    startedAt: parts.startedAt.toISOString(),
    finishedAt: (/* @__PURE__ */ new Date()).toISOString(),
    status: "error",
    database: { engine: parts.engine, serverVersion: "", label: parts.label },
    source: { dir: parts.sourceDir, format: parts.format },
    migrations: [],
    findings: [{ severity: "error", rule: "run-error", migration: null, message: parts.message }],
    ...parts.context !== void 0 ? { context: parts.context } : {}
  });
}
function engineFromUrl(url) {
  const scheme = url?.match(/^([a-z][a-z0-9+.-]*):/i)?.[1]?.toLowerCase() ?? "";
  if (scheme.startsWith("mariadb")) return "mariadb";
  if (scheme.startsWith("mysql")) return "mysql";
  return "postgres";
}

export {
  errorReport,
  engineFromUrl
};
