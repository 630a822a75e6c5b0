import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);
import {
  runMigrationTest
} from "./chunk-2TX5C2A7.js";
import "./chunk-YGQDBVXM.js";
import "./chunk-25W64ME7.js";
import "./chunk-74OW4BCA.js";
import "./chunk-EQASFGHC.js";
import "./chunk-YBOVULEJ.js";
import "./chunk-ICID3YAN.js";
import "./chunk-CWJRMRZT.js";
import "./chunk-4XI7UIRF.js";
import "./chunk-7XVVLZMB.js";
export {
  runMigrationTest
};
