import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);

// src/util/confined-file.ts
import { constants } from "node:fs";
import { lstat, open, realpath, stat } from "node:fs/promises";
import path from "node:path";
var ConfinementError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "ConfinementError";
  }
};
var rootCache = /* @__PURE__ */ new Map();
async function exists(p) {
  try {
    await lstat(p);
    return true;
  } catch {
    return false;
  }
}
function confinementRoot(dir) {
  const abs = path.resolve(dir);
  let cached = rootCache.get(abs);
  if (!cached) {
    cached = findRoot(abs);
    rootCache.set(abs, cached);
  }
  return cached;
}
async function findRoot(abs) {
  for (let d = abs; ; d = path.dirname(d)) {
    if (await exists(path.join(d, ".git"))) return realpath(d);
    if (path.dirname(d) === d) break;
  }
  return realpath(abs).catch(() => abs);
}
function isInside(file, root) {
  const rel = path.relative(root, file);
  return rel === "" || !rel.startsWith("..") && !path.isAbsolute(rel);
}
async function checkInside(absPath, label, root) {
  const real = await realpath(absPath);
  if (!isInside(real, root)) {
    const link = (await lstat(absPath)).isSymbolicLink() ? "a symbolic link to" : "inside a linked directory, at";
    throw new ConfinementError(`${label} is ${link} ${real}, outside ${root}: refused, not read`);
  }
  return real;
}
async function checkConfined(absPath, label, root) {
  const real = await checkInside(absPath, label, root);
  const info = await stat(real);
  if (!info.isFile()) {
    throw new ConfinementError(`${label} is not a regular file (${kindOf(info)}): refused, not read`);
  }
  return real;
}
function kindOf(info) {
  if (info.isDirectory()) return "a directory";
  if (info.isFIFO()) return "a named pipe";
  if (info.isSocket()) return "a socket";
  if (info.isCharacterDevice() || info.isBlockDevice()) return "a device";
  return "a special file";
}
async function readConfinedFile(absPath, label, root) {
  const real = await checkConfined(absPath, label, root);
  const handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (!info.isFile())
      throw new ConfinementError(`${label} is not a regular file (${kindOf(info)}): refused, not read`);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

export {
  ConfinementError,
  confinementRoot,
  checkInside,
  readConfinedFile
};
