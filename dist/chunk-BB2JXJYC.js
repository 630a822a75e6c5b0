import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);
import {
  runMigrationTest
} from "./chunk-G6EUBYQO.js";
import "./chunk-EQASFGHC.js";
import "./chunk-UPRB7DDI.js";
import "./chunk-LMEA2X65.js";
import "./chunk-YGQDBVXM.js";
import "./chunk-PID73PB4.js";
import "./chunk-W665NKIY.js";
import "./chunk-EB4YU66Y.js";
import "./chunk-W7DREMOL.js";
import "./chunk-LA3XTQM5.js";
import "./chunk-CWJRMRZT.js";
import "./chunk-YAE4XB4L.js";
import "./chunk-74OW4BCA.js";
import "./chunk-7BEGR4IO.js";
import "./chunk-ICID3YAN.js";
import "./chunk-7XVVLZMB.js";
export {
  runMigrationTest
};
