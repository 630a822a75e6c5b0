import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);
import {
  readConfigFile,
  resolveRunConfig
} from "./chunk-LOQ7U3HC.js";
import "./chunk-EQASFGHC.js";
import "./chunk-RIED3CC6.js";
import "./chunk-YBOVULEJ.js";
import "./chunk-ICID3YAN.js";
import "./chunk-CWJRMRZT.js";
import "./chunk-7XVVLZMB.js";
export {
  readConfigFile,
  resolveRunConfig
};
