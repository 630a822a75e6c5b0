import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);
import {
  COMMENT_FILE,
  REPORT_FILE,
  SUMMARY_FILE,
  writeReport,
  writeReportDocuments
} from "./chunk-VL5Q5AXO.js";
import "./chunk-OZNTJSNR.js";
import {
  prepareReportDir
} from "./chunk-7BEGR4IO.js";
import "./chunk-ICID3YAN.js";
import "./chunk-7XVVLZMB.js";
export {
  COMMENT_FILE,
  REPORT_FILE,
  SUMMARY_FILE,
  prepareReportDir,
  writeReport,
  writeReportDocuments
};
