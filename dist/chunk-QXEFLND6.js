import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);
import {
  progressLine,
  summaryLines
} from "./chunk-SI52SP3Y.js";
import "./chunk-4XI7UIRF.js";
import "./chunk-7XVVLZMB.js";
export {
  progressLine,
  summaryLines
};
