import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);
import {
  FILL_DEFAULTS,
  runShape
} from "./chunk-PCHNTTHX.js";
import {
  external_exports
} from "./chunk-CWJRMRZT.js";

// src/config/schema.ts
var RunSettingsSchema = external_exports.object(runShape()).strict();
function resolveFill(file, rows, seed) {
  const tables = file?.tables ?? FILL_DEFAULTS.tables;
  const resolved = {
    rows: rows ?? file?.rows ?? FILL_DEFAULTS.rows,
    tables,
    seed: seed ?? file?.seed ?? FILL_DEFAULTS.seed
  };
  if (resolved.rows === 0 && Object.values(tables).every((n) => n === 0)) return null;
  return resolved;
}
var RunConfigSchema = RunSettingsSchema.transform(({ fill, fillRows, fillSeed, ...rest }) => ({
  ...rest,
  fill: resolveFill(fill, fillRows, fillSeed)
}));
var ConfigFileSchema = RunSettingsSchema.partial().strict();

export {
  RunConfigSchema,
  ConfigFileSchema
};
