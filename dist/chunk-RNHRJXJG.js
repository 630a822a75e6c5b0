import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);
import {
  runMigrationTest
} from "./chunk-2IUX5VPI.js";
import "./chunk-Y3UVW5JM.js";
import "./chunk-YGQDBVXM.js";
import "./chunk-EB4YU66Y.js";
import "./chunk-QQKS3NE6.js";
import "./chunk-HNEKAPIV.js";
import "./chunk-74OW4BCA.js";
import "./chunk-GUOCZNLD.js";
import "./chunk-XLAEONZS.js";
import "./chunk-CWJRMRZT.js";
import "./chunk-ICID3YAN.js";
import "./chunk-7XVVLZMB.js";
export {
  runMigrationTest
};
