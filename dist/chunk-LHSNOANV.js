import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);
import {
  progressLine,
  summaryLines
} from "./chunk-4TV23RLG.js";
import "./chunk-SJW7WUMQ.js";
import "./chunk-YGQDBVXM.js";
import "./chunk-GP4GS2CP.js";
import "./chunk-EB4YU66Y.js";
import "./chunk-4JHIKEE5.js";
import "./chunk-CWJRMRZT.js";
import "./chunk-7XVVLZMB.js";
export {
  progressLine,
  summaryLines
};
