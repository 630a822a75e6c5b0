import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);
import {
  flattenReports,
  labelDirName,
  mergeReports,
  worstStatus,
  writeMergedReportDir
} from "./chunk-ESSGLOWU.js";
import "./chunk-EQASFGHC.js";
import "./chunk-VL5Q5AXO.js";
import "./chunk-OZNTJSNR.js";
import "./chunk-7BEGR4IO.js";
import "./chunk-ICID3YAN.js";
import "./chunk-7XVVLZMB.js";
export {
  flattenReports,
  labelDirName,
  mergeReports,
  worstStatus,
  writeMergedReportDir
};
