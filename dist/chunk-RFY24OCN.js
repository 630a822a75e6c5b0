import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);
import {
  errorText
} from "./chunk-GP4GS2CP.js";
import {
  worseLock
} from "./chunk-NOBF572O.js";
import {
  PHASE_NAMES,
  formatBytes,
  formatCount,
  formatDuration,
  formatMeasure
} from "./chunk-EB4YU66Y.js";
import {
  ReportSchema
} from "./chunk-4JHIKEE5.js";
import {
  REPORT_FILE,
  writeReportDocuments
} from "./chunk-VL5Q5AXO.js";
import {
  maskSecrets
} from "./chunk-OZNTJSNR.js";

// src/report/render/context.ts
var COMMENT_LIMIT_BYTES = 65e3;
var SUMMARY_LIMIT_BYTES = 1048576 - 1024;

// src/report/render/marker.ts
var PREFIX = "<!-- migration-test:comment-key=";
var SUFFIX = " -->";
function encodeKey(key) {
  const wellFormed = key.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\uFFFD");
  return encodeURIComponent(wellFormed).replace(/-(?=-)/g, "%2D");
}
function commentMarker(commentKey) {
  return `${PREFIX}${encodeKey(commentKey)}${SUFFIX}`;
}
function findsMarker(body, commentKey) {
  return body.includes(commentMarker(commentKey));
}

// src/report/render/escape.ts
var ENTITIES = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  "|": "&#124;",
  "\\": "&#92;",
  "`": "&#96;",
  "*": "&#42;",
  "~": "&#126;",
  $: "&#36;"
  // GitHub renders $…$ as math
};
var ZWSP = "\u200B";
var INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
function isWordChar(ch) {
  return ch !== void 0 && /[\p{L}\p{N}]/u.test(ch);
}
function underscoreRunEnd(s, start) {
  let end = start;
  while (s[end] === "_") end++;
  return end;
}
function underscores(s, start, end) {
  const run = s.slice(start, end);
  return isWordChar(s[start - 1]) && isWordChar(s[end]) ? run : run.replace(/_/g, "&#95;");
}
var NOT_ONE_LINE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[^\S ]|\s\s|^\s|\s$/;
function oneLine(text) {
  if (!NOT_ONE_LINE.test(text)) return text;
  return text.replace(INVISIBLE, "").replace(/\s+/g, " ").trim();
}
function truncate(text, maxChars) {
  if (maxChars === null || text.length <= maxChars) return text;
  let i = 0;
  for (let kept = 0; kept < maxChars - 1 && i < text.length; kept++) i += text.codePointAt(i) > 65535 ? 2 : 1;
  const rest = text.length - i;
  if (rest === 0 || rest === 1 || rest === 2 && text.codePointAt(i) > 65535) return text;
  return `${text.slice(0, i).trimEnd()}\u2026`;
}
function escapeText(text, maxChars = null) {
  const s = truncate(oneLine(text), maxChars);
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const next = s[i + 1];
    const entity = ENTITIES[ch];
    if (entity !== void 0) out += entity;
    else if (ch === "]") out += next === "(" || next === void 0 ? "&#93;" : "]";
    else if (ch === "_") {
      const end = underscoreRunEnd(s, i);
      out += underscores(s, i, end);
      i = end - 1;
    } else if (ch === "@" && next !== void 0 && /[\w-]/.test(next)) out += `@${ZWSP}`;
    else if (ch === "#" && next !== void 0 && /\d/.test(next)) out += `#${ZWSP}`;
    else if (ch === ":" && s.startsWith("//", i + 1)) out += "&#58;";
    else if (ch === "." && /(?:^|[^\w.])www$/i.test(s.slice(Math.max(0, i - 4), i))) out += "&#46;";
    else out += ch;
  }
  return out;
}
function longestBacktickRun(text) {
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return longest;
}
function codeSpan(text, options = {}) {
  let s = truncate(oneLine(text), options.maxChars ?? null);
  if (s === "") return "(empty)";
  if (options.inTable) s = s.replace(/\|/g, "\\|");
  const fence = "`".repeat(longestBacktickRun(s) + 1);
  const pad = s.startsWith("`") || s.endsWith("`") || s.startsWith(" ") && s.endsWith(" ") ? " " : "";
  return `${fence}${pad}${s}${pad}${fence}`;
}
function codeBlock(text, language = "text") {
  const body = text.replace(/\r\n?/g, "\n").replace(INVISIBLE, "").replace(/\n+$/, "");
  const fence = "`".repeat(Math.max(3, longestBacktickRun(body) + 1));
  return `${fence}${language}
${body}
${fence}`;
}
function safeUrl(url) {
  if (!url) return null;
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return null;
  return parsed.href.replace(
    /[()<>"'`\s|\\[\]]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`
  );
}
function link(label, url) {
  const href = safeUrl(url);
  return href ? `[${label}](${href})` : label;
}

// src/report/render/budget.ts
var FULL_DETAIL = {
  sqlMaxChars: null,
  queriesPerMigration: 10,
  migrationDetails: "all",
  mermaidChart: true,
  summaryRows: "all",
  minimal: false
};
function step(previous, change) {
  return { ...previous, ...change };
}
var S1 = step(FULL_DETAIL, { sqlMaxChars: 200 });
var S2 = step(S1, { sqlMaxChars: 80 });
var S3 = step(S2, { queriesPerMigration: 5 });
var S4 = step(S3, { queriesPerMigration: 3 });
var S5 = step(S4, { queriesPerMigration: 0 });
var S6 = step(S5, { migrationDetails: "flagged" });
var S7 = step(S6, { mermaidChart: false });
var S8 = step(S7, { summaryRows: "flagged" });
var S9 = step(S8, { minimal: true });
var DETAIL_LADDER = [FULL_DETAIL, S1, S2, S3, S4, S5, S6, S7, S8, S9];
var MINIMAL_FINDINGS = 20;
var MINIMAL_MESSAGE_CHARS = 300;
function byteLength(text) {
  return Buffer.byteLength(text, "utf8");
}
function fitWithin(limitBytes, render) {
  const cache = /* @__PURE__ */ new Map();
  const at = (i) => {
    let r = cache.get(i);
    if (!r) cache.set(i, r = render(DETAIL_LADDER[i]));
    return r;
  };
  const fits = (i) => byteLength(at(i).markdown) <= limitBytes;
  if (fits(0)) return at(0);
  const last = DETAIL_LADDER.length - 1;
  if (!fits(last)) return cutToBytes(at(last), limitBytes);
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = lo + hi >> 1;
    if (fits(mid)) hi = mid;
    else lo = mid;
  }
  return at(hi);
}
var CUT_NOTE = "\n\n_(Cut here to fit the size limit: see the artifact for the full report.)_\n";
function headWithin(text, maxBytes) {
  const head = Buffer.from(text, "utf8").subarray(0, Math.max(0, maxBytes)).toString("utf8").replace(/\uFFFD$/, "");
  if (byteLength(head) === byteLength(text)) return head;
  const lastLine = head.lastIndexOf("\n");
  return lastLine > 0 ? head.slice(0, lastLine) : head;
}
function cutToBytes(rendered, limitBytes) {
  const omitted = [...rendered.omitted, "the rest of the minimal report (cut at the size limit)"];
  const noteBytes = byteLength(CUT_NOTE);
  if (limitBytes < noteBytes) return { markdown: headWithin(rendered.markdown, limitBytes), omitted };
  return { markdown: `${headWithin(rendered.markdown, limitBytes - noteBytes)}${CUT_NOTE}`, omitted };
}

// src/report/render/facts.ts
var Memo = class {
  slots = /* @__PURE__ */ new WeakMap();
  get(owner, slot, make) {
    let byOwner = this.slots.get(owner);
    if (!byOwner) this.slots.set(owner, byOwner = /* @__PURE__ */ new Map());
    if (byOwner.has(slot)) return byOwner.get(slot);
    const value = make();
    byOwner.set(slot, value);
    return value;
  }
};
function collectFacts(report) {
  const base = report.migrations.filter((m) => m.phase === "base");
  const fresh = report.migrations.filter((m) => m.phase === "new");
  const changed = report.migrations.filter((m) => m.phase !== "base");
  const runById = /* @__PURE__ */ new Map();
  for (const m of [...fresh, ...report.migrations]) if (!runById.has(m.id)) runById.set(m.id, m);
  const findingsByRun = /* @__PURE__ */ new Map();
  for (const f of report.findings) {
    const run = f.migration === null ? void 0 : runById.get(f.migration);
    if (!run) continue;
    const list = findingsByRun.get(run) ?? [];
    list.push(f);
    findingsByRun.set(run, list);
  }
  return { report, base, fresh, changed, findingsByRun, runById, memo: new Memo() };
}
function isFlagged(facts, run) {
  return run.status === "failed" || (facts.findingsByRun.get(run)?.length ?? 0) > 0;
}
var ENGINE_NAMES = { postgres: "PostgreSQL", mysql: "MySQL", mariadb: "MariaDB" };
function engineName(engine) {
  return ENGINE_NAMES[engine] ?? escapeText(engine);
}
function shortVersion(serverVersion) {
  const numeric = /^\d+(?:\.\d+)*/.exec(serverVersion.trim());
  return escapeText(numeric ? numeric[0] : serverVersion.trim().split(/\s+/)[0] ?? "");
}
function heading(engine, version, label, commit = null) {
  const what = [engine, version].filter((s) => !!s).join(" ");
  const where = label ? ` (${escapeText(label)})` : "";
  return `### Database migrations${what ? `: ${what}` : ""}${where}${commit ? ` \xB7 ${commitLink(commit)}` : ""}`;
}
function commitLink(commit) {
  const short = commit.sha.slice(0, 7);
  if (!/^[0-9a-f]{7,64}$/i.test(commit.sha)) return escapeText(short);
  return commit.url ? link(`\`${short}\``, commit.url) : `\`${short}\``;
}
function migrationLabel(run) {
  return escapeText([run.version, run.name].filter((s) => s !== "").join(" ") || run.id);
}
function phaseNote(run) {
  if (run.phase === "new" && run.direction === "up") return "";
  const phase = run.phase === "reapply" ? "re-apply" : run.phase;
  return `${phase}, ${run.direction}`;
}
function labelWithPhase(run) {
  const note = phaseNote(run);
  return note ? `${migrationLabel(run)} (${note})` : migrationLabel(run);
}
var TYPE_NAMES = { regular: "Regular", "post-deploy": "Post-deploy" };
var RUN_ICONS = {
  succeeded: "\u2705",
  failed: "\u{1F4A5}",
  skipped: "\u23ED\uFE0F",
  cancelled: "\u{1F6D1}"
};
var SEVERITY_ICONS = { error: "\u274C", warning: "\u26A0\uFE0F", notice: "\u2139\uFE0F" };
var SEVERITY_ORDER = ["error", "warning", "notice"];
function sortFindings(findings) {
  return SEVERITY_ORDER.flatMap((s) => findings.filter((f) => f.severity === s));
}
function worstSeverity(findings) {
  return SEVERITY_ORDER.find((s) => findings.some((f) => f.severity === s)) ?? null;
}
function sumOf(values) {
  const known = values.filter((v) => v !== null);
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0);
}
function plural(n, one, many = `${one}s`) {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}
function formatTimestamp(iso) {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return escapeText(iso);
  return `${t.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

// node_modules/markdown-table/index.js
function defaultStringLength(value) {
  return value.length;
}
function markdownTable(table, options) {
  const settings = options || {};
  const align = (settings.align || []).concat();
  const stringLength = settings.stringLength || defaultStringLength;
  const alignments = [];
  const cellMatrix = [];
  const sizeMatrix = [];
  const longestCellByColumn = [];
  let mostCellsPerRow = 0;
  let rowIndex = -1;
  while (++rowIndex < table.length) {
    const row2 = [];
    const sizes2 = [];
    let columnIndex2 = -1;
    if (table[rowIndex].length > mostCellsPerRow) {
      mostCellsPerRow = table[rowIndex].length;
    }
    while (++columnIndex2 < table[rowIndex].length) {
      const cell2 = serialize(table[rowIndex][columnIndex2]);
      if (settings.alignDelimiters !== false) {
        const size = stringLength(cell2);
        sizes2[columnIndex2] = size;
        if (longestCellByColumn[columnIndex2] === void 0 || size > longestCellByColumn[columnIndex2]) {
          longestCellByColumn[columnIndex2] = size;
        }
      }
      row2.push(cell2);
    }
    cellMatrix[rowIndex] = row2;
    sizeMatrix[rowIndex] = sizes2;
  }
  let columnIndex = -1;
  if (typeof align === "object" && "length" in align) {
    while (++columnIndex < mostCellsPerRow) {
      alignments[columnIndex] = toAlignment(align[columnIndex]);
    }
  } else {
    const code = toAlignment(align);
    while (++columnIndex < mostCellsPerRow) {
      alignments[columnIndex] = code;
    }
  }
  columnIndex = -1;
  const row = [];
  const sizes = [];
  while (++columnIndex < mostCellsPerRow) {
    const code = alignments[columnIndex];
    let before = "";
    let after = "";
    if (code === 99) {
      before = ":";
      after = ":";
    } else if (code === 108) {
      before = ":";
    } else if (code === 114) {
      after = ":";
    }
    let size = settings.alignDelimiters === false ? 1 : Math.max(
      1,
      longestCellByColumn[columnIndex] - before.length - after.length
    );
    const cell2 = before + "-".repeat(size) + after;
    if (settings.alignDelimiters !== false) {
      size = before.length + size + after.length;
      if (size > longestCellByColumn[columnIndex]) {
        longestCellByColumn[columnIndex] = size;
      }
      sizes[columnIndex] = size;
    }
    row[columnIndex] = cell2;
  }
  cellMatrix.splice(1, 0, row);
  sizeMatrix.splice(1, 0, sizes);
  rowIndex = -1;
  const lines = [];
  while (++rowIndex < cellMatrix.length) {
    const row2 = cellMatrix[rowIndex];
    const sizes2 = sizeMatrix[rowIndex];
    const cellsInRow = settings.fillRows === false ? Math.max(1, cellMatrix[rowIndex === 1 ? 0 : rowIndex].length) : mostCellsPerRow;
    columnIndex = -1;
    const line = [];
    while (++columnIndex < cellsInRow) {
      const cell2 = row2[columnIndex] || "";
      let before = "";
      let after = "";
      if (settings.alignDelimiters !== false) {
        const size = longestCellByColumn[columnIndex] - (sizes2[columnIndex] || 0);
        const code = alignments[columnIndex];
        if (code === 114) {
          before = " ".repeat(size);
        } else if (code === 99) {
          const half = size / 2;
          if (size % 2) {
            before = " ".repeat(half + 0.5);
            after = " ".repeat(half - 0.5);
          } else {
            before = " ".repeat(half);
            after = before;
          }
        } else {
          after = " ".repeat(size);
        }
      }
      if (settings.delimiterStart !== false && !columnIndex) {
        line.push("|");
      }
      if (settings.padding !== false && // Don’t add the opening space if we’re not aligning and the cell is
      // empty: there will be a closing space.
      !(settings.alignDelimiters === false && cell2 === "") && (settings.delimiterStart !== false || columnIndex)) {
        line.push(" ");
      }
      if (settings.alignDelimiters !== false) {
        line.push(before);
      }
      line.push(cell2);
      if (settings.alignDelimiters !== false) {
        line.push(after);
      }
      if (settings.padding !== false) {
        line.push(" ");
      }
      if (settings.delimiterEnd !== false || columnIndex !== cellsInRow - 1) {
        line.push("|");
      }
    }
    lines.push(
      settings.delimiterEnd === false ? line.join("").replace(/ +$/, "") : line.join("")
    );
  }
  return lines.join("\n");
}
function serialize(value) {
  return value === null || value === void 0 ? "" : String(value);
}
function toAlignment(value) {
  const code = typeof value === "string" ? value.codePointAt(0) : 0;
  return code === 67 || code === 99 ? 99 : code === 76 || code === 108 ? 108 : code === 82 || code === 114 ? 114 : 0;
}

// src/report/render/table.ts
function markdownTable2(headers, align, rows) {
  const lines = markdownTable([headers, ...rows], { alignDelimiters: false }).split("\n");
  lines[1] = `|${headers.map((_, i) => align[i] === "right" ? "---:" : "---").join("|")}|`;
  return lines.join("\n");
}

// src/report/render/histogram-chart.ts
var UNITS = [
  { ms: 36e5, unit: "h" },
  { ms: 6e4, unit: "min" },
  { ms: 1e3, unit: "s" },
  { ms: 1, unit: "ms" }
];
function unitOf(ms) {
  return UNITS.find((u) => ms >= u.ms) ?? UNITS[UNITS.length - 1];
}
function amount(ms, unit) {
  return String(Number((ms / unit.ms).toFixed(3)));
}
function formatBound(ms) {
  const unit = unitOf(ms);
  return `${amount(ms, unit)} ${unit.unit}`;
}
function bucketLabels(bucketsMs) {
  const labels = [];
  let lower = 0;
  for (const upper of bucketsMs) {
    const unit = unitOf(upper);
    const sameUnit = lower === 0 || unitOf(lower) === unit;
    labels.push(
      sameUnit ? `${amount(lower, unit)}\u2013${formatBound(upper)}` : `${formatBound(lower)}\u2013${formatBound(upper)}`
    );
    lower = upper;
  }
  labels.push(bucketsMs.length === 0 ? "all" : `> ${formatBound(lower)}`);
  return labels;
}
function sameBuckets(a, b) {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
function mergeHistograms(histograms) {
  const first = histograms[0];
  if (!first) return null;
  const counts = new Array(first.counts.length).fill(0);
  let mismatched = 0;
  for (const h of histograms) {
    if (!sameBuckets(h.bucketsMs, first.bucketsMs)) {
      mismatched++;
      continue;
    }
    h.counts.forEach((c, i) => counts[i] = (counts[i] ?? 0) + c);
  }
  return { histogram: { bucketsMs: [...first.bucketsMs], counts }, mismatched };
}
function histogramTotal(h) {
  return h.counts.reduce((a, b) => a + b, 0);
}
function histogramTable(h) {
  return markdownTable2(
    ["Runtime", ...bucketLabels(h.bucketsMs)],
    ["left", ...h.counts.map(() => "right")],
    [["Statements", ...h.counts.map((c) => formatCount(c))]]
  );
}
function mermaidChart(h, title) {
  const labels = bucketLabels(h.bucketsMs).map((l) => JSON.stringify(l));
  return [
    "```mermaid",
    "xychart-beta",
    `    title ${JSON.stringify(title)}`,
    `    x-axis [${labels.join(", ")}]`,
    '    y-axis "Statements"',
    `    bar [${h.counts.join(", ")}]`,
    "```"
  ].join("\n");
}

// src/report/render/locks.ts
var LOCK_ROWS = 10;
var NAME_CHARS = 60;
var BLOCKS_WORDS = {
  "reads+writes": "reads and writes",
  writes: "writes",
  ddl: "only DDL",
  none: "nothing"
};
function shownLocks(locks) {
  const worst = /* @__PURE__ */ new Map();
  for (const l of locks) {
    if (l.created || l.kind === "other") continue;
    const known = worst.get(l.relation);
    if (!known || worseLock(l, known) < 0) worst.set(l.relation, l);
  }
  return [...worst.values()].sort(worseLock);
}
function worstBlockingLock(run) {
  const worst = shownLocks(run.locks ?? [])[0];
  return worst && (worst.blocks === "reads+writes" || worst.blocks === "writes") ? worst : null;
}
function worstLockSummary(run) {
  const l = worstBlockingLock(run);
  return l ? `\u{1F512} ${BLOCKS_WORDS[l.blocks]} on ${escapeText(l.relation, NAME_CHARS)} ${formatDuration(l.heldMs)}` : null;
}
function locksTable(locks) {
  return markdownTable2(
    ["Relation", "Mode", "Blocks", "Held for", "Line"],
    ["left", "left", "left", "right", "right"],
    locks.map((l) => [
      codeSpan(l.relation, { inTable: true, maxChars: NAME_CHARS }),
      codeSpan(l.mode, { inTable: true, maxChars: NAME_CHARS }),
      BLOCKS_WORDS[l.blocks],
      formatDuration(l.heldMs),
      String(l.line)
    ])
  );
}
function rewritesLine(run) {
  const rewrites = run.rewrites ?? [];
  if (rewrites.length === 0) return "- Rewrites: none";
  const shown = rewrites.slice(0, 5).map((r) => {
    const where = [r.sizeBytes !== null ? formatBytes(r.sizeBytes) : "", r.line !== null ? `line ${r.line}` : ""].filter(Boolean).join(", ");
    return `${r.kind} ${escapeText(r.relation, NAME_CHARS)}${where ? ` (${where})` : ""}`;
  });
  const more = rewrites.length > shown.length ? `, ${plural(rewrites.length - shown.length, "more")}` : "";
  return `- Rewrites: ${shown.join(", ")}${more}`;
}
function locksPart(run) {
  if (run.phase !== "new" || run.locks === void 0) return null;
  if (run.locks === null) return `- Locks: not observed (${escapeText(run.lockObservation ?? "unavailable")})`;
  const shown = shownLocks(run.locks);
  const rewrites = rewritesLine(run);
  if (shown.length === 0) return `- Locks: none on tables other sessions use
${rewrites}`;
  const rest = shown.length - LOCK_ROWS;
  return [
    `**Locks** (${plural(shown.length, "relation")}):`,
    locksTable(shown.slice(0, LOCK_ROWS)),
    `${rest > 0 ? `${plural(rest, "more relation")} in the report.
` : ""}${rewrites}`
  ].join("\n\n");
}

// src/report/render/data-set.ts
function describeDataSet(report) {
  const data = report.data;
  if (!data) return null;
  const parts = [];
  for (const s of data.seeds) parts.push(`seed ${s.file} (${formatBytes(s.bytes)}, sha256 ${s.sha256.slice(0, 12)}\u2026)`);
  if (data.seedCommand)
    parts.push(`seed command (exit ${data.seedCommand.exitCode}, ${formatDuration(data.seedCommand.ms)})`);
  if (data.fill) {
    const rows = data.fill.tables.reduce((a, t) => a + t.rows, 0);
    parts.push(`${formatCount(rows)} synthetic rows in ${data.fill.tables.length} tables (seed ${data.fill.seed})`);
    if (data.fill.skipped.length) parts.push(`${data.fill.skipped.length} columns or tables skipped by the fill`);
  }
  const total = Object.values(data.rowsPerTable).reduce((a, n) => a + n, 0);
  if (Object.keys(data.rowsPerTable).length)
    parts.push(
      `${formatCount(total)} rows in ${Object.keys(data.rowsPerTable).length} tables before the new migrations`
    );
  parts.push(`loaded in ${formatDuration(data.ms)}`);
  return parts.join("; ");
}

// src/report/render/run-time.ts
function runTime(run) {
  const total = formatDuration(run.durationMs);
  return typeof run.serverMs === "number" && run.durationMs !== null ? `${total} (server ${formatDuration(run.serverMs)})` : total;
}

// src/report/render/sections.ts
function collapsed(summaryHtml, body) {
  return `<details><summary>${summaryHtml}</summary>

${body}

</details>`;
}
var STATUS_LINES = {
  passed: "\u2705 **Passed**",
  warning: "\u26A0\uFE0F **Warning**",
  failed: "\u{1F4A5} **Failed**",
  error: "\u{1F4A5} **Could not run**"
};
function statusLine(facts) {
  const cancelled = facts.report.migrations.some((r) => r.status === "cancelled") || facts.report.findings.some((f) => f.rule === "cancelled");
  return cancelled ? "\u{1F6D1} **Cancelled** (what was measured before the run stopped)" : STATUS_LINES[facts.report.status];
}
function statusCounts(runs) {
  const count = (s) => formatCount(runs.filter((r) => r.status === s).length);
  const cancelled = runs.some((r) => r.status === "cancelled") ? `, ${count("cancelled")} cancelled` : "";
  return `${count("succeeded")} succeeded, ${count("failed")} failed${cancelled}, ${count("skipped")} skipped`;
}
function rollbackClause(facts) {
  const down = facts.changed.filter((r) => r.phase === "rollback");
  const again = facts.changed.filter((r) => r.phase === "reapply");
  if (down.length === 0 && again.length === 0) return null;
  const failed = [...down, ...again].filter((r) => r.status === "failed").length;
  return `rollback cycle: ${down.length} down, ${again.length} up again${failed ? `, ${failed} failed` : ""}`;
}
function resultLine(facts, ctx) {
  const { fresh, base } = facts;
  const parts = [statusLine(facts)];
  parts.push(
    fresh.length === 0 ? "no new migrations" : `${plural(fresh.length, "new migration")}: ${statusCounts(fresh)}`
  );
  const baseFailed = base.filter((r) => r.status === "failed").length;
  if (baseFailed > 0) parts.push(`${plural(baseFailed, "base migration")} failed`);
  if (fresh.length > 0) {
    parts.push(`${formatDuration(sumOf(fresh.map((r) => r.durationMs)) ?? 0)} in total (first up)`);
    parts.push(`DB size ${formatBytes(sumOf(fresh.map((r) => r.sizeDeltaBytes)), true)}`);
  }
  const rollback = rollbackClause(facts);
  if (rollback) parts.push(rollback);
  if (ctx.runUrl) parts.push(link("workflow run", ctx.runUrl));
  if (ctx.artifactUrl) parts.push(link("artifact", ctx.artifactUrl));
  return parts.join(" \xB7 ");
}
function findingValue(v, unit) {
  if (v === void 0) return "";
  return typeof v === "number" ? escapeText(formatMeasure(v, unit)) : escapeText(v, 60);
}
function findingWhere(facts, f) {
  if (f.migration === null) return "\u2013";
  const run = facts.runById.get(f.migration);
  return run ? migrationLabel(run) : escapeText(f.migration);
}
function severityCounts(findings) {
  const n = (s) => findings.filter((f) => f.severity === s).length;
  const parts = [
    n("error") ? plural(n("error"), "error") : "",
    n("warning") ? plural(n("warning"), "warning") : "",
    n("notice") ? plural(n("notice"), "notice") : ""
  ];
  return parts.filter(Boolean).join(", ");
}
function findingsSection(facts, limits) {
  const all = sortFindings(facts.report.findings);
  if (all.length === 0) return null;
  const shown = limits.maxRows === null ? all : all.slice(0, limits.maxRows);
  const withNumbers = shown.some((f) => f.value !== void 0 || f.limit !== void 0);
  const rows = shown.map((f) => {
    const cells = [
      SEVERITY_ICONS[f.severity],
      findingWhere(facts, f),
      `${escapeText(f.message, limits.maxMessageChars)} \xB7 ${codeSpan(f.rule, { inTable: true })}`
    ];
    return withNumbers ? [...cells, findingValue(f.value, f.unit), findingValue(f.limit, f.unit)] : cells;
  });
  const headers = ["", "Migration", "Finding", ...withNumbers ? ["Value", "Limit"] : []];
  const align = ["left", "left", "left", "right", "right"];
  const more = all.length - shown.length;
  return [
    `#### Findings: ${severityCounts(all)}`,
    markdownTable2(headers, align, rows),
    ...more > 0 ? [`${plural(more, "more finding")} in the artifact.`] : []
  ].join("\n\n");
}
function resultCell(facts, run) {
  const worst = worstSeverity(facts.findingsByRun.get(run) ?? []);
  const flag = run.status === "succeeded" && worst && worst !== "notice" ? ` ${SEVERITY_ICONS[worst]}` : "";
  return `${RUN_ICONS[run.status]} ${run.status}${flag}`;
}
function migrationsTable(facts, runs) {
  return markdownTable2(
    ["Migration", "Type", "Duration", "Result", "DB size change", "Rows read", "Rows changed"],
    ["left", "left", "right", "left", "right", "right", "right"],
    runs.map(
      (r) => facts.memo.get(r, "row", () => [
        labelWithPhase(r),
        TYPE_NAMES[r.type],
        runTime(r),
        resultCell(facts, r),
        formatBytes(r.sizeDeltaBytes, true),
        formatCount(r.counters.rowsRead),
        formatCount(r.counters.rowsChanged)
      ])
    )
  );
}
var BASE_LIST_MAX = 50;
function baseSection(facts) {
  const { base } = facts;
  if (base.length === 0) return null;
  const total = formatDuration(sumOf(base.map((r) => r.durationMs)) ?? 0);
  const shown = base.slice(-BASE_LIST_MAX);
  const lines = shown.map((r) => {
    const status = r.status === "succeeded" ? "" : ` ${RUN_ICONS[r.status]} ${r.status}`;
    return `- ${migrationLabel(r)} \xB7 ${formatDuration(r.durationMs)}${status}`;
  });
  if (shown.length < base.length)
    lines.unshift(`- \u2026 ${plural(base.length - shown.length, "earlier one")} in the artifact`);
  return collapsed(`${plural(base.length, "base migration")} applied first \xB7 ${total}`, lines.join("\n"));
}
function serverSection(facts, ctx) {
  const { report } = facts;
  const dataSet = ctx.dataSet ?? describeDataSet(report);
  const lines = [
    `- Server: ${engineName(report.database.engine)} ${escapeText(report.database.serverVersion)}, database label ${escapeText(report.database.label)}`,
    ...dataSet ? [`- Data set: ${escapeText(dataSet)}`] : [],
    `- Migrations: ${codeSpan(report.source.dir)} (${escapeText(report.source.format)})` + (report.source.newMigrationsFrom ? `; new ones from ${escapeText(report.source.newMigrationsFrom)}` : ""),
    `- Tool: ${escapeText(report.tool.name)} ${escapeText(report.tool.version)}`,
    `- Started ${formatTimestamp(report.startedAt)}, finished ${formatTimestamp(report.finishedAt)}`
  ];
  return collapsed("Server and data set", lines.join("\n"));
}
function omittedNote(omitted, audience, ctx) {
  if (omitted.length === 0) return null;
  const where = audience === "comment" ? `The full report is in the ${link("job summary", ctx.runUrl)} and the ${link("artifact", ctx.artifactUrl)}.` : `The full report is in the ${link("artifact", ctx.artifactUrl)} (report.json and the statement logs).`;
  const limit = audience === "comment" ? "GitHub's size limit for comments" : "GitHub's size limit for job summaries";
  return [
    "> [!NOTE]",
    `> Left out to stay within ${limit}:`,
    ...omitted.map((line) => `> - ${line}`),
    ">",
    `> ${where}`
  ].join("\n");
}

// src/report/render/merged-document.ts
var SLOWER_FACTOR = 10;
var SLOWER_MIN_MS = 100;
function column(r) {
  return escapeText(`${r.database.label} (${engineName(r.database.engine)} ${shortVersion(r.database.serverVersion)})`);
}
function matrixRows(reports) {
  const rows = /* @__PURE__ */ new Map();
  reports.forEach((r, i) => {
    for (const m of r.migrations.filter((x) => x.phase === "new")) {
      let row = rows.get(m.id);
      if (!row) rows.set(m.id, row = { id: m.id, label: m.id, runs: [] });
      row.runs[i] = m;
    }
  });
  return [...rows.values()].map((row) => ({ ...row, runs: reports.map((_, i) => row.runs[i]) }));
}
function cell(run) {
  if (!run) return "\u2014";
  const parts = [RUN_ICONS[run.status], formatDuration(run.durationMs)];
  if (run.counters.rowsChanged) parts.push(`${formatCount(run.counters.rowsChanged)} rows`);
  const lock = worstLockSummary(run);
  if (lock) parts.push(lock);
  return parts.join(" ");
}
function differences(reports, rows) {
  const names = (idx) => idx.map((i) => escapeText(reports[i].database.label)).join(", ");
  const out = [];
  for (const row of rows) {
    const failed = row.runs.flatMap((r, i) => r?.status === "failed" ? [i] : []);
    const ok = row.runs.filter((r) => r?.status === "succeeded").length;
    if (failed.length > 0 && ok > 0) out.push(`\u274C ${codeSpan(row.label)} fails only on ${names(failed)}`);
  }
  for (const row of rows) {
    const times = row.runs.map((r) => r?.status === "succeeded" ? r.durationMs : null);
    const known = times.filter((t) => t !== null && t > 0);
    if (known.length < 2) continue;
    const fastest = Math.min(...known);
    const slow = times.flatMap((t, i) => t !== null && t >= SLOWER_MIN_MS && t >= fastest * SLOWER_FACTOR ? [i] : []);
    if (slow.length > 0)
      out.push(
        `\u{1F422} ${codeSpan(row.label)} is \u2265${SLOWER_FACTOR}\xD7 slower on ${names(slow)} (fastest ${formatDuration(fastest)})`
      );
  }
  out.push(...findingDifferences(reports, names));
  return out;
}
function findingDifferences(reports, names) {
  const where = /* @__PURE__ */ new Map();
  reports.forEach((r, i) => {
    for (const key of new Set(r.findings.map((f) => `${f.rule}\0${f.migration ?? ""}`))) {
      where.set(key, [...where.get(key) ?? [], i]);
    }
  });
  return [...where.entries()].filter(([, idx]) => idx.length < reports.length).map(([key, idx]) => {
    const [rule, migration] = key.split("\0");
    const what = rule === "schema-drift" ? "different schema after the rollback cycle" : `finding ${codeSpan(rule)}`;
    return `\u26A0\uFE0F ${what}${migration ? ` for ${codeSpan(migration)}` : ""} only on ${names(idx)}`;
  });
}
var MAX_DIFFERENCES = 50;
function resultLine2(report, reports) {
  const icon = { passed: "\u2705", warning: "\u26A0\uFE0F", failed: "\u274C", error: "\u274C" }[report.status];
  const each = reports.map((r) => `${escapeText(r.database.label)}: ${r.status}`).join(" \xB7 ");
  return `${icon} **${report.status}** on ${plural(reports.length, "database")} (${each})`;
}
function matrix(reports, rows) {
  return markdownTable2(
    ["Migration", ...reports.map(column)],
    ["left", ...reports.map(() => "left")],
    rows.map((row) => [codeSpan(row.label, { inTable: true }), ...row.runs.map(cell)])
  );
}
function interesting(row) {
  const statuses = new Set(row.runs.map((r) => r?.status ?? "missing"));
  return statuses.size > 1 || statuses.has("failed");
}
function nested(render, r, ctx, options) {
  const text = render(r, ctx, options).markdown;
  const marker = commentMarker(ctx.commentKey);
  return text.startsWith(marker) ? text.slice(marker.length).trimStart() : text;
}
function renderMergedDocument(report, ctx, options, render) {
  const reports = report.merged?.reports ?? [];
  const rows = matrixRows(reports);
  const diffs = differences(reports, rows);
  const omitted = [];
  const shownDiffs = diffs.slice(0, MAX_DIFFERENCES);
  if (diffs.length > shownDiffs.length) omitted.push(`${plural(diffs.length - shownDiffs.length, "more difference")}`);
  const top = [
    ...options.audience === "comment" ? [commentMarker(ctx.commentKey)] : [],
    heading(null, null, report.database.label, ctx.commit ?? null),
    "",
    resultLine2(report, reports)
  ].join("\n");
  const diffSection = [
    "#### Differences",
    shownDiffs.length ? shownDiffs.map((d) => `- ${d}`).join("\n") : "_None: every database gave the same results._"
  ].join("\n\n");
  let table = matrix(reports, rows);
  if (byteLength(table) > options.limitBytes * 0.5) {
    const kept = rows.filter(interesting);
    omitted.push(`${plural(rows.length - kept.length, "row")} of the matrix (same result on every database)`);
    table = kept.length ? matrix(reports, kept) : "_Every migration gave the same result on every database._";
  }
  const head = [top, diffSection, "#### Migrations by database", table].join("\n\n");
  const note = (o) => o.length ? `

_Left out for size: ${o.join("; ")}. See each database's report in the artifact._` : "";
  const spare = options.limitBytes - byteLength(head) - byteLength(note([...omitted, "x".repeat(200)])) - 200 * reports.length;
  const share = Math.floor(spare / Math.max(1, reports.length));
  let details = [];
  if (share >= 1500) {
    details = reports.map(
      (r) => collapsed(
        escapeText(`${r.database.label}: ${r.status}`),
        nested(render, r, ctx, { ...options, limitBytes: share })
      )
    );
  } else omitted.push("each database's details");
  const markdown = [head, ...details.length ? ["#### Each database", ...details] : []].join("\n\n") + note(omitted) + "\n";
  return { markdown, omitted };
}

// src/report/render/verdict.ts
var FAIL_ON_WORDS = {
  error: "the run fails when a finding is an error (or a migration fails); warnings and notices do not fail it",
  warning: "the run fails on any error or warning (or a failed migration); notices do not fail it",
  never: "the run never fails on findings; the status still says passed, warning or failed"
};
var ROLLBACK_WORDS = {
  batch: "every new migration down, newest first, then up again; the schema is compared after each with the first up pass, and each difference is named on the migration after which it appeared",
  "per-migration": "each new migration up, down and up again in turn; the schema is compared after each step",
  off: "none: the downs were not run"
};
var DURATION_WORDS = {
  "best-of-up-and-reapply": "a time limit judges the better of the first up and the up again of the rollback cycle, so one slow run on a busy machine is not a finding (the first up alone when the up again did not run)",
  "first-up": "a time limit judges the first up (no rollback cycle ran it again)"
};
function limitsTable(settings) {
  return markdownTable2(
    ["Limit", "Value", "Severity", "Set by"],
    ["left", "right", "left", "left"],
    settings.thresholds.map((t) => [
      codeSpan(t.migration === void 0 ? t.name : `${t.name}.${t.migration}`, { inTable: true }),
      t.limit === null ? "none" : escapeText(formatMeasure(t.limit, t.unit)),
      t.severity,
      t.source === "config" ? "config file" : t.source === "override" ? "per-migration override" : t.source
    ])
  );
}
function totalsRow(name, t) {
  return [
    name,
    formatCount(t.migrations),
    formatCount(t.succeeded),
    formatCount(t.failed),
    formatCount(t.skipped + (t.cancelled ?? 0)),
    formatDuration(t.durationMs)
  ];
}
function totalsTable(totals) {
  const rows = Object.keys(PHASE_NAMES).flatMap((phase) => {
    const t = totals[phase];
    return t ? [totalsRow(PHASE_NAMES[phase], t)] : [];
  });
  if (rows.length === 0) return null;
  return markdownTable2(
    ["Phase", "Runs", "Succeeded", "Failed", "Skipped", "Time"],
    ["left", "right", "right", "right", "right", "right"],
    rows
  );
}
function verdictBody(settings, totals) {
  const parts = [];
  if (settings) {
    parts.push(
      [
        `- Fail on: ${codeSpan(settings.failOn)}: ${FAIL_ON_WORDS[settings.failOn]}.`,
        `- Rollback cycle: ${codeSpan(settings.rollback)}: ${ROLLBACK_WORDS[settings.rollback]}.`,
        `- Durations: ${DURATION_WORDS[settings.durations]}.`,
        `- Blocking probe: ${settings.probe === null ? "none" : escapeText(settings.probe)}.`,
        `- ${plural(settings.thresholds.length, "limit")}; a value over its limit is a finding of its severity:`
      ].join("\n"),
      limitsTable(settings)
    );
  }
  const table = totals ? totalsTable(totals) : null;
  if (table) parts.push("Runs and times per phase:", table);
  return parts.length > 0 ? parts.join("\n\n") : null;
}
function verdictSection(settings, totals) {
  const body = verdictBody(settings, totals);
  return body === null ? null : collapsed("How this verdict was reached", body);
}

// src/report/render/server-observations.ts
var MESSAGES_SHOWN = 5;
var TABLES_SHOWN = 5;
function worstBlocked(run) {
  let worst = null;
  for (const b of run.blocking ?? [])
    for (const [what, ms] of [
      ["reads", b.readsBlockedMs],
      ["writes", b.writesBlockedMs]
    ])
      if (ms > 0 && (!worst || ms > worst.ms)) worst = { ms, what: `${what} to ${b.relation}` };
  return worst;
}
function blockingLine(run) {
  if (!run.blocking) return null;
  if (run.blocking.length === 0) return null;
  const ranked = [...run.blocking].sort(
    (a, b) => Math.max(b.readsBlockedMs, b.writesBlockedMs) - Math.max(a.readsBlockedMs, a.writesBlockedMs)
  );
  const parts = ranked.slice(0, TABLES_SHOWN).map((b) => {
    const blocked = [
      b.readsBlockedMs > 0 ? `reads ${formatDuration(b.readsBlockedMs)}` : "",
      b.writesBlockedMs > 0 ? `writes ${formatDuration(b.writesBlockedMs)}` : ""
    ].filter(Boolean);
    return `${escapeText(b.relation, 60)} ${blocked.length ? blocked.join(", ") : "not blocked"}`;
  });
  const rest = ranked.length - parts.length;
  return `- Blocked traffic (longest): ${parts.join("; ")}${rest > 0 ? `; ${plural(rest, "more table")}` : ""}`;
}
function messageLines(run) {
  const messages = run.messages ?? [];
  if (messages.length === 0) return [];
  const lines = messages.slice(0, MESSAGES_SHOWN).map((m) => {
    const extra = [m.detail, m.hint && `hint: ${m.hint}`].filter(Boolean).join("; ");
    return `- Server ${m.severity} ${escapeText(m.code, 10)} at line ${m.line}: ${escapeText(m.message, 200)}${extra ? ` (${escapeText(extra, 200)})` : ""}`;
  });
  const rest = messages.length - lines.length + (run.messagesOmitted ?? 0);
  if (rest > 0) lines.push(`- ${plural(rest, "more server message")} in the report and the log`);
  return lines;
}

// src/report/render/migration-details.ts
function topQueries(queries, n) {
  if (n <= 0) return [];
  return queries.map((q, i) => ({ q, i })).sort((a, b) => b.q.totalMs - a.q.totalMs || a.i - b.i).slice(0, n).map(({ q }) => q);
}
function slowestQueries(facts, run, n) {
  return facts.memo.get(run, "sorted", () => topQueries(run.queries, run.queries.length)).slice(0, Math.max(0, n));
}
function sqlLength(facts, q) {
  return facts.memo.get(q, "length", () => oneLine(q.sql).length);
}
function queryTable(facts, queries, sqlMaxChars) {
  const { memo } = facts;
  return markdownTable2(
    ["Query", "Calls", "Total", "Max", "Mean", "Rows"],
    ["left", "right", "right", "right", "right", "right"],
    queries.map((q) => [
      memo.get(q, `sql:${sqlMaxChars}`, () => codeSpan(q.sql, { inTable: true, maxChars: sqlMaxChars })),
      ...memo.get(q, "numbers", () => [
        formatCount(q.calls),
        formatDuration(q.totalMs),
        formatDuration(q.maxMs),
        formatDuration(q.meanMs),
        formatCount(q.rows)
      ])
    ])
  );
}
function summaryLine(run) {
  const parts = [`${RUN_ICONS[run.status]} ${labelWithPhase(run)}`, formatDuration(run.durationMs)];
  if (run.status === "failed") parts.push("failed");
  else if (run.sizeDeltaBytes !== null) parts.push(formatBytes(run.sizeDeltaBytes, true));
  const lock = worstLockSummary(run);
  if (lock) parts.push(lock);
  const blocked = worstBlocked(run);
  if (blocked) parts.push(`${escapeText(blocked.what, 60)} blocked ${formatDuration(blocked.ms)}`);
  return parts.join(" \xB7 ");
}
function sizeLine(run) {
  const range = run.sizeBeforeBytes !== null && run.sizeAfterBytes !== null ? ` (${formatBytes(run.sizeBeforeBytes)} \u2192 ${formatBytes(run.sizeAfterBytes)})` : "";
  const tables = (run.tableSizes ?? []).filter((t) => t.deltaBytes !== 0).slice(0, 3).map((t) => `${escapeText(t.table, 60)} ${formatBytes(t.deltaBytes, true)}`);
  return `- DB size change: ${formatBytes(run.sizeDeltaBytes, true)}${range}${tables.length ? `; ${tables.join(", ")}` : ""}`;
}
function rowsLine(run) {
  const c = run.counters;
  return `- Rows: ${formatCount(c.rowsRead)} read, ${formatCount(c.rowsChanged)} changed (${formatCount(c.rowsInserted)} inserted, ${formatCount(c.rowsUpdated)} updated, ${formatCount(c.rowsDeleted)} deleted)`;
}
function bookkeepingLine(run) {
  const b = run.bookkeeping;
  if (!b) return null;
  return `- The tool's bookkeeping: ${plural(b.statements, "write")} to ${codeSpan(b.table)}, ${formatDuration(b.durationMs)} (not counted above)`;
}
function errorPart(run) {
  const e = run.error;
  if (!e) return null;
  const where = [
    e.code ? `code ${codeSpan(e.code)}` : "",
    e.line !== null ? `line ${e.line}` : "",
    e.positionLine !== void 0 && e.positionLine !== e.line ? `at line ${e.positionLine}` : "",
    e.statementIndex !== null ? `statement ${e.statementIndex + 1}` : ""
  ].filter(Boolean);
  return `**Error**${where.length ? ` (${where.join(", ")})` : ""}:

${codeBlock(errorText(e))}`;
}
function queriesPart(facts, run, detail, ctx) {
  if (run.queries.length === 0) return null;
  const shown = slowestQueries(facts, run, detail.queriesPerMigration);
  const rest = run.queries.length - shown.length;
  const where = link("artifact", ctx.artifactUrl);
  const note = shown.length === 0 ? `${plural(rest, "query", "queries")} in the ${where}.` : rest > 0 ? `${plural(rest, "more query", "more queries")} in the ${where}.` : null;
  return [...shown.length ? [queryTable(facts, shown, detail.sqlMaxChars)] : [], ...note ? [note] : []].join(
    "\n\n"
  );
}
function detailsHead(facts, run) {
  const error = run.error?.message.trim();
  const findings = sortFindings(facts.findingsByRun.get(run) ?? []).filter((f) => !error || !f.message.includes(error));
  const lines = [
    `- Type: ${TYPE_NAMES[run.type]}, ${run.transactional ? "in a transaction" : "outside a transaction"}, ${plural(run.statements, "statement")}`,
    `- Duration: ${runTime(run)}`,
    sizeLine(run),
    rowsLine(run),
    ...[blockingLine(run), bookkeepingLine(run)].filter((l) => l !== null),
    ...messageLines(run),
    `- File: ${codeSpan(run.file)}${run.logFile ? `, log ${codeSpan(run.logFile)}` : ""}`,
    ...findings.map((f) => `- ${SEVERITY_ICONS[f.severity]} ${escapeText(f.message)}`)
  ].join("\n");
  return [lines, errorPart(run)].filter((p) => !!p).join("\n\n");
}
function migrationDetails(facts, run, detail, ctx) {
  const { memo } = facts;
  const head = memo.get(run, "head", () => detailsHead(facts, run));
  const queries = memo.get(
    run,
    `queries:${detail.sqlMaxChars}:${detail.queriesPerMigration}`,
    () => queriesPart(facts, run, detail, ctx)
  );
  const histogram = memo.get(
    run,
    "histogram",
    () => histogramTotal(run.histogram) > 0 ? histogramTable(run.histogram) : null
  );
  const locks = memo.get(run, "locks", () => locksPart(run));
  const body = [head, locks, queries, histogram].filter((p) => !!p).join("\n\n");
  return collapsed(
    memo.get(run, "summary", () => summaryLine(run)),
    body
  );
}
function runsWithDetails(facts) {
  return facts.report.migrations.filter((r) => r.status !== "skipped" && (r.phase !== "base" || r.status === "failed"));
}

// src/report/render/document.ts
function freshRuntimes(facts) {
  const merged = mergeHistograms(facts.fresh.map((r) => r.histogram));
  return merged && histogramTotal(merged.histogram) > 0 ? merged : null;
}
function runtimesSection(facts, detail) {
  const merged = freshRuntimes(facts);
  if (!merged) return null;
  const total = histogramTotal(merged.histogram);
  const mismatch = merged.mismatched ? ` (${plural(merged.mismatched, "migration")} with other buckets not included)` : "";
  return [
    "#### Statement runtimes",
    `${plural(total, "statement")} in the ${plural(facts.fresh.length, "new migration")}${mismatch}.`,
    histogramTable(merged.histogram),
    ...detail.mermaidChart ? [collapsed("Chart", mermaidChart(merged.histogram, "Statement runtimes"))] : []
  ].join("\n\n");
}
function omissions(facts, detail, detailed, rows) {
  const out = [];
  const full = FULL_DETAIL.queriesPerMigration;
  if (detail.sqlMaxChars !== null) {
    const max = detail.sqlMaxChars;
    const shortened = detailed.flatMap((r) => slowestQueries(facts, r, detail.queriesPerMigration)).filter((q) => sqlLength(facts, q) > max).length;
    if (shortened > 0)
      out.push(`SQL over ${max} characters shortened in the query tables (${plural(shortened, "query", "queries")})`);
  }
  if (detail.queriesPerMigration < full) {
    const cut = detailed.reduce(
      (n, r) => n + Math.min(full, r.queries.length) - Math.min(detail.queriesPerMigration, r.queries.length),
      0
    );
    if (cut > 0)
      out.push(
        detail.queriesPerMigration === 0 ? `the query tables (${plural(cut, "query", "queries")})` : `query tables cut to the ${detail.queriesPerMigration} slowest queries per migration (${plural(cut, "more query", "more queries")})`
      );
  }
  const dropped = runsWithDetails(facts).length - detailed.length;
  if (dropped > 0) out.push(`the details of ${plural(dropped, "migration")} without findings or errors`);
  if (!detail.mermaidChart && freshRuntimes(facts)) out.push("the runtime chart");
  const rowsCut = facts.changed.length - rows;
  if (rowsCut > 0) out.push(`${plural(rowsCut, "row")} of the migrations table (runs without failure or findings)`);
  return out;
}
function onlyFlagged(shown, of) {
  return `_Only the ${formatCount(shown)} of ${plural(of, "migration run")} that failed or have findings; see the note at the end._`;
}
function fullDocument(facts, detail, ctx) {
  const flagged = (r) => isFlagged(facts, r);
  const detailed = runsWithDetails(facts).filter((r) => detail.migrationDetails === "all" || flagged(r));
  const rows = facts.changed.filter((r) => detail.summaryRows === "all" || flagged(r));
  const allDetailed = runsWithDetails(facts).length;
  const parts = [
    findingsSection(facts, { maxRows: null, maxMessageChars: null }),
    rows.length ? [
      "#### Migrations",
      migrationsTable(facts, rows),
      ...rows.length < facts.changed.length ? [onlyFlagged(rows.length, facts.changed.length)] : []
    ].join("\n\n") : null,
    runtimesSection(facts, detail),
    detailed.length ? [
      "#### Migration details",
      ...detailed.length < allDetailed ? [onlyFlagged(detailed.length, allDetailed)] : [],
      ...detailed.map((r) => migrationDetails(facts, r, detail, ctx))
    ].join("\n\n") : null,
    [
      "#### Other information",
      verdictSection(facts.report.settings, facts.report.totals),
      baseSection(facts),
      serverSection(facts, ctx)
    ].filter(Boolean).join("\n\n")
  ];
  return { parts: parts.filter((p) => !!p), omitted: omissions(facts, detail, detailed, rows.length) };
}
function minimalDocument(facts) {
  const findings = sortFindings(facts.report.findings);
  const longMessages = findings.slice(0, MINIMAL_FINDINGS).filter((f) => oneLine(f.message).length > MINIMAL_MESSAGE_CHARS);
  const verdict = facts.report.settings || facts.report.totals ? ", how the verdict was reached" : "";
  const omitted = [
    `everything but the result and the findings: the migrations table, the runtimes, the per-migration details, the base migrations${verdict} and the server details`
  ];
  if (findings.length > MINIMAL_FINDINGS)
    omitted.push(`${plural(findings.length - MINIMAL_FINDINGS, "finding")} after the first ${MINIMAL_FINDINGS}`);
  if (longMessages.length > 0) omitted.push(`finding messages over ${MINIMAL_MESSAGE_CHARS} characters shortened`);
  const section = findingsSection(facts, { maxRows: MINIMAL_FINDINGS, maxMessageChars: MINIMAL_MESSAGE_CHARS });
  return { parts: section ? [section] : [], omitted };
}
function renderDocument(report, ctx, options) {
  if (report.merged) return renderMergedDocument(report, ctx, options, renderDocument);
  const facts = collectFacts(report);
  const db = report.database;
  const top = [
    ...options.audience === "comment" ? [commentMarker(ctx.commentKey)] : [],
    heading(engineName(db.engine), shortVersion(db.serverVersion), db.label, ctx.commit ?? null),
    "",
    resultLine(facts, ctx)
  ].join("\n");
  return fitWithin(options.limitBytes, (detail) => {
    const body = detail.minimal ? minimalDocument(facts) : fullDocument(facts, detail, ctx);
    const note = omittedNote(body.omitted, options.audience, ctx);
    const markdown = [top, ...body.parts, ...note ? [note] : []].join("\n\n") + "\n";
    return { markdown, omitted: body.omitted };
  });
}

// src/report/render/comment.ts
function renderComment(report, ctx) {
  return renderDocument(report, ctx, { audience: "comment", limitBytes: COMMENT_LIMIT_BYTES });
}
function renderRunningComment(ctx) {
  const running = `\u23F3 Running the migrations\u2026 ${ctx.runUrl ? `Follow the ${link("workflow run", ctx.runUrl)}.` : ""}`.trimEnd();
  return [
    commentMarker(ctx.commentKey),
    heading(ctx.engine ? engineName(ctx.engine) : null, null, ctx.label ?? null, ctx.commit ?? null),
    "",
    running,
    "",
    "This comment is updated with the results when the run finishes.",
    ""
  ].join("\n");
}

// src/report/render/summary.ts
function renderSummary(report, ctx) {
  return renderDocument(report, ctx, { audience: "summary", limitBytes: SUMMARY_LIMIT_BYTES });
}

// src/report/render/report-documents.ts
function renderReport(report, ctx) {
  return {
    comment: maskSecrets(renderComment(report, ctx).markdown),
    summary: maskSecrets(renderSummary(report, ctx).markdown)
  };
}
function fillArtifactLink(markdown, standIn, url) {
  if (!safeUrl(standIn)) return markdown;
  const rendered = link("artifact", standIn);
  if (url !== null) return markdown.replaceAll(rendered, link("artifact", url));
  return markdown.replaceAll(` \xB7 ${rendered}`, "").replaceAll(rendered, link("artifact", null));
}
function withArtifactLink(docs, standIn, url) {
  return {
    comment: fillArtifactLink(docs.comment, standIn, url),
    summary: fillArtifactLink(docs.summary, standIn, url)
  };
}

// src/report/render/render-dir.ts
import { readFile } from "node:fs/promises";
import path from "node:path";
function fieldPath(segments) {
  return segments.reduce(
    (out, s) => typeof s === "number" ? `${out}[${s}]` : `${out}${out ? "." : ""}${String(s)}`,
    ""
  );
}
async function readReport(file) {
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new Error(`${file}: cannot read the report: ${e.message}`, { cause: e });
  }
  let json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not valid JSON: ${e.message}`, { cause: e });
  }
  const parsed = ReportSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first && first.path.length > 0 ? fieldPath(first.path) : "(top level)";
    throw new Error(`${file}: not a migration-test report: ${where}: ${first?.message ?? "invalid"}`);
  }
  return parsed.data;
}
async function renderReportFiles(report, dir, ctx) {
  const docs = renderReport(report, ctx);
  await writeReportDocuments(dir, docs);
  return docs;
}
async function renderReportDir(dir, ctx) {
  const report = await readReport(path.join(dir, REPORT_FILE));
  const docs = renderReport(report, ctx);
  return { ...await writeReportDocuments(dir, docs), report };
}

export {
  COMMENT_LIMIT_BYTES,
  SUMMARY_LIMIT_BYTES,
  commentMarker,
  findsMarker,
  escapeText,
  renderComment,
  renderRunningComment,
  renderSummary,
  renderReport,
  withArtifactLink,
  readReport,
  renderReportFiles,
  renderReportDir
};
