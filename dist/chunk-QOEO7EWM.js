import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);
import {
  require_dist
} from "./chunk-K4FPBGNQ.js";
import {
  ConfinementError,
  confinementRoot,
  readConfinedFile
} from "./chunk-EQASFGHC.js";
import {
  ConfigFileSchema,
  RunConfigSchema
} from "./chunk-4SIV33CY.js";
import {
  kebab
} from "./chunk-PCHNTTHX.js";
import {
  UsageError,
  errorMessage
} from "./chunk-ICID3YAN.js";
import {
  __toESM
} from "./chunk-7XVVLZMB.js";

// src/config/load.ts
var import_yaml = __toESM(require_dist(), 1);
import path from "node:path";

// src/config/issues.ts
var kebabFlag = (p) => `--${kebab(String(p[0] ?? ""))}`;
var actionInput = (p) => `input "${kebabFlag(p).slice(2)}"`;
var configKey = (p) => p.map(String).join(".") || "(top level)";
function describe(issue) {
  switch (issue.code) {
    case "invalid_value":
      return `invalid value; allowed: ${issue.values.map((v) => String(v)).join(", ")}`;
    case "unrecognized_keys":
      return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
    case "invalid_type":
      return `expected ${issue.expected}`;
    default:
      return issue.message;
  }
}
function formatIssues(error, name, source) {
  const parts = error.issues.map((i) => {
    const path2 = i.code === "unrecognized_keys" ? [...i.path] : i.path;
    return path2.length ? `${name(path2)}: ${describe(i)}` : describe(i);
  });
  return `${source}: ${parts.join("; ")}`;
}

// src/config/load.ts
async function readConfigFile(file) {
  let text;
  try {
    const abs = path.resolve(file);
    text = (await readConfinedFile(abs, file, await confinementRoot(path.dirname(abs)))).toString("utf8");
  } catch (err) {
    if (err instanceof ConfinementError) throw new UsageError(`--config ${err.message}`);
    throw new UsageError(
      `--config ${file}: cannot read the file (${err.code ?? errorMessage(err)})`
    );
  }
  let data;
  try {
    data = /\.json$/i.test(file) ? JSON.parse(text) : import_yaml.default.parse(text);
  } catch (err) {
    throw new UsageError(
      `--config ${file}: not valid ${/\.json$/i.test(file) ? "JSON" : "YAML"}: ${errorMessage(err).split("\n")[0]}`
    );
  }
  if (data === null || data === void 0) return {};
  const parsed = ConfigFileSchema.safeParse(data);
  if (!parsed.success)
    throw new UsageError(formatIssues(parsed.error, configKey, `config file ${path.basename(file)}`));
  return data;
}
function resolveRunConfig(flags, file = {}, flagName = kebabFlag) {
  const merged = { ...file };
  for (const [k, v] of Object.entries(flags)) if (v !== void 0) merged[k] = v;
  const parsed = RunConfigSchema.safeParse(merged);
  if (!parsed.success)
    throw new UsageError(
      formatIssues(
        parsed.error,
        (p) => p[0] !== void 0 && flags[String(p[0])] !== void 0 ? flagName(p) : configKey(p),
        "invalid settings"
      )
    );
  return parsed.data;
}

export {
  actionInput,
  formatIssues,
  readConfigFile,
  resolveRunConfig
};
