import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);
import {
  MASK,
  clearSecrets,
  isWithheldVariable,
  maskDeep,
  maskSecrets,
  registerEnvironmentSecrets,
  registerSecret
} from "./chunk-OZNTJSNR.js";
import "./chunk-7XVVLZMB.js";
export {
  MASK,
  clearSecrets,
  isWithheldVariable,
  maskDeep,
  maskSecrets,
  registerEnvironmentSecrets,
  registerSecret
};
