import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);

// src/util/secrets.ts
var MASK = "***";
var TOKEN_PATTERNS = [
  // GitHub tokens: personal, OAuth, user-to-server, server-to-server (GITHUB_TOKEN), refresh
  [/\bgh[pousr]_[A-Za-z0-9]{20,}/g, MASK],
  [/\bgithub_pat_[A-Za-z0-9_]{20,}/g, MASK],
  // JWTs, e.g. ACTIONS_RUNTIME_TOKEN and ACTIONS_ID_TOKEN_REQUEST_TOKEN
  [/\beyJ[A-Za-z0-9_-]{6,}\.eyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}/g, MASK],
  // NAME=value of a secret-looking variable, as an environment dump shows it
  [
    /\b([A-Za-z][A-Za-z0-9_-]*(?:TOKEN|SECRET|PASSWORD|PASSWD|PWD|CREDENTIALS?|API_KEY|PRIVATE_KEY))=[^\s\0'"]+/g,
    `$1=${MASK}`
  ],
  // the password of a connection URL
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi, `$1${MASK}@`]
];
var SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|PRIVATE_KEY|API_KEY|^PGPASS|^MYSQL_PWD$/i;
function isWithheldVariable(name) {
  return /^(INPUT_|ACTIONS_)/i.test(name) || name === "GITHUB_TOKEN" || SECRET_NAME.test(name);
}
var MIN_SECRET_LENGTH = 6;
var known = /* @__PURE__ */ new Set();
function registerSecret(value) {
  if (!value || value.length < MIN_SECRET_LENGTH) return;
  known.add(value);
  const encoded = encodeURIComponent(value);
  if (encoded !== value) known.add(encoded);
}
function registerEnvironmentSecrets(env) {
  for (const [name, value] of Object.entries(env)) {
    if (SECRET_NAME.test(name)) registerSecret(value);
  }
}
var MAYBE_TOKEN = /gh[pousr]_|github_pat_|eyJ|TOKEN|SECRET|PASSWORD|PASSWD|PWD|CREDENTIAL|API_KEY|PRIVATE_KEY|:\/\//;
function maskSecrets(text) {
  let out = text;
  for (const secret of [...known].sort((a, b) => b.length - a.length)) {
    if (out.includes(secret)) out = out.split(secret).join(MASK);
  }
  if (!MAYBE_TOKEN.test(out)) return out;
  for (const [pattern, replacement] of TOKEN_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
function maskDeep(value) {
  if (typeof value === "string") return maskSecrets(value);
  if (Array.isArray(value)) return value.map((v) => maskDeep(v));
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = maskDeep(v);
    return out;
  }
  return value;
}
function clearSecrets() {
  known.clear();
}

export {
  MASK,
  isWithheldVariable,
  registerSecret,
  registerEnvironmentSecrets,
  maskSecrets,
  maskDeep,
  clearSecrets
};
