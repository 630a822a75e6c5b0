import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);

// src/report/error-text.ts
function errorExtras(e) {
  const out = [];
  if (e.detail) out.push(["DETAIL", e.detail]);
  if (e.hint) out.push(["HINT", e.hint]);
  if (e.where) out.push(["CONTEXT", e.where]);
  return out;
}
function errorText(e) {
  return [e.message, ...errorExtras(e).map(([label, text]) => `${label}: ${text}`)].join("\n");
}

export {
  errorExtras,
  errorText
};
