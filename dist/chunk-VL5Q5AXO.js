import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);
import {
  maskDeep
} from "./chunk-OZNTJSNR.js";

// src/report/write.ts
import fs from "node:fs/promises";
import path from "node:path";
var REPORT_FILE = "report.json";
var COMMENT_FILE = "comment.md";
var SUMMARY_FILE = "summary.md";
async function writeReport(dir, report) {
  const file = path.join(dir, REPORT_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, JSON.stringify(maskDeep(report), null, 2) + "\n", "utf8");
  await fs.rename(tmp, file);
  return file;
}
async function writeReportDocuments(dir, docs) {
  const commentPath = path.join(dir, COMMENT_FILE);
  const summaryPath = path.join(dir, SUMMARY_FILE);
  await fs.writeFile(commentPath, docs.comment, "utf8");
  await fs.writeFile(summaryPath, docs.summary, "utf8");
  return { commentPath, summaryPath };
}

export {
  REPORT_FILE,
  COMMENT_FILE,
  SUMMARY_FILE,
  writeReport,
  writeReportDocuments
};
