/** Markdown for the sticky pull-request comment and the job summary: pure functions of the report. */
export { COMMENT_LIMIT_BYTES, SUMMARY_LIMIT_BYTES, type CommitRef, type RenderContext } from './context.js';
export { commentMarker, findsMarker } from './marker.js';
export { renderComment, renderRunningComment } from './comment.js';
export { renderSummary } from './summary.js';
export { type ReportDocuments, renderReport, withArtifactLink } from './report-documents.js';
export { readReport, renderReportDir, renderReportFiles } from './render-dir.js';
