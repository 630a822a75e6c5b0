import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);
import {
  kebab,
  settingList
} from "./chunk-PCHNTTHX.js";
import "./chunk-CWJRMRZT.js";
import "./chunk-7XVVLZMB.js";

// src/config/cli-flags.ts
function cliOptions(command) {
  const options = {};
  for (const [key, s] of settingList()) {
    if (!s.cli?.includes(command)) continue;
    options[kebab(key)] = {
      type: s.value === void 0 ? "boolean" : "string",
      ...s.list ? { multiple: true } : {},
      ...s.short ? { short: s.short } : {}
    };
  }
  return options;
}
function runFlagsFromArgs(values) {
  const flags = {};
  for (const [key, s] of settingList())
    if (s.scope === "run" && s.cli?.includes("run")) flags[key] = values[kebab(key)];
  return flags;
}
export {
  cliOptions,
  runFlagsFromArgs
};
