/**
 * The hidden first line by which a job finds its own sticky comment again. Several jobs (a
 * version matrix, several databases) may comment on one pull request, each under its own key.
 */

const PREFIX = '<!-- migration-test:comment-key=';
const SUFFIX = ' -->';

/**
 * Percent-encoding keeps the key to one line without `>`; a `-` that starts a `--` is encoded
 * too, as `--` may not appear inside an HTML comment. The encoding decodes back to the key, so
 * two keys never share a marker.
 */
function encodeKey(key: string): string {
  // encodeURIComponent throws on a lone surrogate.
  const wellFormed = key.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  return encodeURIComponent(wellFormed).replace(/-(?=-)/g, '%2D');
}

export function commentMarker(commentKey: string): string {
  return `${PREFIX}${encodeKey(commentKey)}${SUFFIX}`;
}

export function findsMarker(body: string, commentKey: string): boolean {
  return body.includes(commentMarker(commentKey));
}
