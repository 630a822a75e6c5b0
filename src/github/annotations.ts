import * as core from '@actions/core';
import { reportAnnotations } from '../report/annotations.js';
import type { Report } from '../report/model.js';

/** Emits the report's annotations (workflow commands), each on its file and line where known. */
export function annotateReport(report: Report): void {
  for (const a of reportAnnotations(report)) {
    const where: core.AnnotationProperties = { title: a.title };
    if (a.file !== null) where.file = a.file;
    if (a.line !== null) where.startLine = a.line;
    if (a.line !== null && a.endLine !== null) where.endLine = a.endLine;
    core[a.level](a.message, where);
  }
}
