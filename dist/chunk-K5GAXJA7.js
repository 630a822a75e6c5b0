import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);
import {
  defaultLabel,
  kebab,
  settingList
} from "./chunk-PCHNTTHX.js";
import "./chunk-CWJRMRZT.js";
import "./chunk-7XVVLZMB.js";

// src/config/help.ts
var WIDTH = 100;
var COMMANDS = [
  { command: "run", what: "run the migrations step by step, measure each one, write the report" },
  { command: "render", what: "write comment.md and summary.md again from DIR/report.json" }
];
var EXIT_CODES = "exit codes: 0 passed (or findings below --fail-on), 1 failed, 2 usage, config or connection error";
function flagText(key, s) {
  return `--${kebab(key)}${s.value ? ` ${s.value}` : ""}${s.short ? `, -${s.short}` : ""}`;
}
function wrap(first, words, indent) {
  const lines = [];
  let line = first;
  for (const word of words.split(" ")) {
    if (line.length > indent && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = " ".repeat(indent) + word;
    } else line += (line.length > indent ? " " : "") + word;
  }
  lines.push(line);
  return lines;
}
function optionLines(command, column) {
  return settingList().filter(([, s]) => s.cli?.includes(command)).flatMap(([key, s]) => {
    const fallback = defaultLabel(s);
    const words = fallback === null ? s.help : `${s.help} (${fallback})`;
    return wrap(`  ${flagText(key, s)}`.padEnd(column), words, column);
  });
}
function usageText() {
  const flags = settingList().filter(([, s]) => s.cli).map(([key, s]) => flagText(key, s).length);
  const column = 2 + Math.max(...flags) + 2;
  const blocks = [
    [
      "usage: migration-test run [options]",
      "       migration-test render [options]",
      "       migration-test merge DIR [DIR\u2026] --report-dir OUT",
      "       migration-test --version | --help"
    ].join("\n"),
    [
      "run with --database-url given several times: each database into <report-dir>/<label>-<n>/,",
      "merged at the top of --report-dir. merge: several report directories as one (report.json,",
      "comment.md, summary.md: the migrations by database, the differences first; each input's logs",
      "under OUT/<label>/)."
    ].join("\n"),
    ...COMMANDS.map(({ command, what }) => [`${command}: ${what}`, ...optionLines(command, column)].join("\n")),
    EXIT_CODES
  ];
  return blocks.join("\n\n") + "\n";
}
function helpText(version) {
  return `migration-test ${version}: run database migrations step by step on a real server and measure each one

${usageText()}`;
}
export {
  helpText,
  usageText
};
