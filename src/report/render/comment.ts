import type { Report } from '../model.js';
import type { Rendered } from './budget.js';
import { COMMENT_LIMIT_BYTES, type RenderContext } from './context.js';
import { link } from './escape.js';
import { renderDocument } from './document.js';
import { engineName, heading } from './facts.js';
import { commentMarker } from './marker.js';

/** The sticky pull-request comment, within COMMENT_LIMIT_BYTES. */
export function renderComment(report: Report, ctx: RenderContext): Rendered {
  return renderDocument(report, ctx, { audience: 'comment', limitBytes: COMMENT_LIMIT_BYTES });
}

/** Posted when the job starts, so the pull request shows the run is under way and where. */
export function renderRunningComment(ctx: RenderContext & { label?: string; engine?: string }): string {
  const running =
    `⏳ Running the migrations… ${ctx.runUrl ? `Follow the ${link('workflow run', ctx.runUrl)}.` : ''}`.trimEnd();
  return [
    commentMarker(ctx.commentKey),
    heading(ctx.engine ? engineName(ctx.engine) : null, null, ctx.label ?? null, ctx.commit ?? null),
    '',
    running,
    '',
    'This comment is updated with the results when the run finishes.',
    '',
  ].join('\n');
}
