import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);
import {
  readConfigFile,
  resolveRunConfig
} from "./chunk-UXN33WNF.js";
import "./chunk-EQASFGHC.js";
import "./chunk-W665NKIY.js";
import "./chunk-LA3XTQM5.js";
import "./chunk-CWJRMRZT.js";
import "./chunk-ICID3YAN.js";
import "./chunk-7XVVLZMB.js";
export {
  readConfigFile,
  resolveRunConfig
};
