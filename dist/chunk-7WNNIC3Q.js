import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);
import {
  engineFromUrl,
  errorReport
} from "./chunk-QQLXWYBY.js";
import "./chunk-YGQDBVXM.js";
import "./chunk-4JHIKEE5.js";
import "./chunk-CWJRMRZT.js";
import "./chunk-7XVVLZMB.js";
export {
  engineFromUrl,
  errorReport
};
