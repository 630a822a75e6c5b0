import type { Report } from '../model.js';
import type { Rendered } from './budget.js';
import { type RenderContext, SUMMARY_LIMIT_BYTES } from './context.js';
import { renderDocument } from './document.js';

/** The job summary: the comment's content at the fullest detail GITHUB_STEP_SUMMARY takes. */
export function renderSummary(report: Report, ctx: RenderContext): Rendered {
  return renderDocument(report, ctx, { audience: 'summary', limitBytes: SUMMARY_LIMIT_BYTES });
}
