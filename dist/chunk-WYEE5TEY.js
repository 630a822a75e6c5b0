import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);
import {
  readConfigFile,
  resolveRunConfig
} from "./chunk-QOEO7EWM.js";
import "./chunk-K4FPBGNQ.js";
import "./chunk-EQASFGHC.js";
import "./chunk-4SIV33CY.js";
import "./chunk-PCHNTTHX.js";
import "./chunk-CWJRMRZT.js";
import "./chunk-ICID3YAN.js";
import "./chunk-7XVVLZMB.js";
export {
  readConfigFile,
  resolveRunConfig
};
