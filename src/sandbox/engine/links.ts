/**
 * The links a contact can click in a custom-code email: the http(s) `href`s of its anchors, each
 * distinct URL once, in order of first appearance (the API merges duplicate URLs, facts §1.6).
 */
export function extractLinks(html: string): string[] {
  const seen = new Set<string>();
  const anchor = /<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
  for (const match of html.matchAll(anchor)) {
    const url = decodeEntities((match[1] ?? match[2] ?? match[3] ?? '').trim());
    if (/^https?:\/\/\S+$/i.test(url)) seen.add(url);
  }
  return [...seen];
}

function decodeEntities(text: string): string {
  return text
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

/** Link URLs longer than this make a send fail with reason_code 8 (facts §5.3). */
export const MAX_LINK_URL_LENGTH = 1005;

/** The tag that lets Constant Contact track opens; without it opens are inferred from clicks (facts §5.2). */
export const TRACKING_IMAGE_TAG = '[[trackingImage]]';

export function hasTrackingImage(html: string): boolean {
  const body = /<body\b[^>]*>([\s\S]*)<\/body>/i.exec(html);
  return (body?.[1] ?? html).includes(TRACKING_IMAGE_TAG);
}
