import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);

// src/util/errors.ts
var UsageError = class extends Error {
  exitCode = 2;
  constructor(message) {
    super(message);
    this.name = "UsageError";
  }
};
var MigrationSourceError = class extends UsageError {
  constructor(message) {
    super(message);
    this.name = "MigrationSourceError";
  }
};
var ConnectionError = class extends UsageError {
  constructor(message) {
    super(message);
    this.name = "ConnectionError";
  }
};
function errorMessage(err) {
  if (err instanceof Error) return err.message;
  return String(err);
}

export {
  UsageError,
  MigrationSourceError,
  ConnectionError,
  errorMessage
};
