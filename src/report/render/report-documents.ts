import type { Report } from '../model.js';
import { renderComment } from './comment.js';
import type { RenderContext } from './context.js';
import { link, safeUrl } from './escape.js';
import { renderSummary } from './summary.js';
import { maskSecrets } from '../../util/secrets.js';

/** The two documents of a report, as published and as written beside report.json. */
export interface ReportDocuments {
  comment: string;
  summary: string;
}

/** The sticky comment and the job summary, each rendered once; public, so masked last of all. */
export function renderReport(report: Report, ctx: RenderContext): ReportDocuments {
  return {
    comment: maskSecrets(renderComment(report, ctx).markdown),
    summary: maskSecrets(renderSummary(report, ctx).markdown),
  };
}

function fillArtifactLink(markdown: string, standIn: string, url: string | null): string {
  // An unusable address renders as the plain label: there is no link to fill in.
  if (!safeUrl(standIn)) return markdown;
  const rendered = link('artifact', standIn);
  if (url !== null) return markdown.replaceAll(rendered, link('artifact', url));
  // resultLine lists the link, after a ' · ', only when there is an address.
  return markdown.replaceAll(` · ${rendered}`, '').replaceAll(rendered, link('artifact', null));
}

/**
 * Documents rendered with a stand-in for the artifact's address (the upload tells the real one
 * only after the documents are written into the artifact), with the real address filled in, or
 * with null, as they read when rendered without one. The stand-in must be at least as long as
 * the address, so that the documents stay within their size limits, and appear nowhere else.
 */
export function withArtifactLink(docs: ReportDocuments, standIn: string, url: string | null): ReportDocuments {
  return {
    comment: fillArtifactLink(docs.comment, standIn, url),
    summary: fillArtifactLink(docs.summary, standIn, url),
  };
}
