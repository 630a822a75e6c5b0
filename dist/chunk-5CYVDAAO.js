import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);
import {
  AVAILABLE_MAJORS,
  INSTALLED_MAJOR,
  RELEASE_LINE,
  parsePostgresVersions,
  pickVersion
} from "./chunk-BZV77YX5.js";
import "./chunk-ICID3YAN.js";
import "./chunk-7XVVLZMB.js";
export {
  AVAILABLE_MAJORS,
  INSTALLED_MAJOR,
  RELEASE_LINE,
  parsePostgresVersions,
  pickVersion
};
