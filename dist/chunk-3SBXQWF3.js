import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);
import {
  runMigrationTest
} from "./chunk-AREYOJPB.js";
import "./chunk-SJW7WUMQ.js";
import "./chunk-DUKIJXN3.js";
import "./chunk-K4FPBGNQ.js";
import "./chunk-EQASFGHC.js";
import "./chunk-LMEA2X65.js";
import "./chunk-YGQDBVXM.js";
import "./chunk-NOBF572O.js";
import "./chunk-EB4YU66Y.js";
import "./chunk-4JHIKEE5.js";
import "./chunk-4SIV33CY.js";
import "./chunk-PCHNTTHX.js";
import "./chunk-CWJRMRZT.js";
import "./chunk-VL5Q5AXO.js";
import "./chunk-OZNTJSNR.js";
import "./chunk-7BEGR4IO.js";
import "./chunk-ICID3YAN.js";
import "./chunk-7XVVLZMB.js";
export {
  runMigrationTest
};
