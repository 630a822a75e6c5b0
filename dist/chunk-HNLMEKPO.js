import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);
import {
  progressLine,
  summaryLines
} from "./chunk-7PCSNUPZ.js";
import "./chunk-UPRB7DDI.js";
import "./chunk-YGQDBVXM.js";
import "./chunk-GP4GS2CP.js";
import "./chunk-EB4YU66Y.js";
import "./chunk-W7DREMOL.js";
import "./chunk-CWJRMRZT.js";
import "./chunk-7XVVLZMB.js";
export {
  progressLine,
  summaryLines
};
