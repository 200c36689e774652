/* eslint-disable no-control-regex -- control characters are exactly what this file renders */
/**
 * Text from third parties (contact and list names from sign-up forms, API messages, a server's
 * headers) must reach a terminal as text, never as instructions to it. `visible` spells out every
 * character a terminal would act on or hide: C0 and C1 controls (escape sequences set window titles
 * or the clipboard on some terminals; a carriage return overwrites a line), DEL, bidirectional
 * overrides and isolates (they reorder what follows), zero-width and line/paragraph separators, BOM
 * and lone surrogates. They become `\n`, `\r`, `\t`, `\x1b`, `\u202e`..., so what is shown is what is
 * there. Every human output of the CLI goes through it; `--json` output is JSON and stays exact.
 */

const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// The same, line breaks allowed.
const UNSAFE_KEEP_LINES =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function spell(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One line of untrusted text, every unsafe character spelled out (line breaks included). */
export function visible(text: string): string {
  return text.replace(UNSAFE, spell);
}

/** Several lines (a message, a body): line breaks stay, everything else unsafe is spelled out. */
export function visibleLines(text: string): string {
  return text.replace(UNSAFE_KEEP_LINES, spell);
}

/** Whether `text` has nothing `visible` would change. */
export function isPlainText(text: string): boolean {
  UNSAFE.lastIndex = 0;
  return !UNSAFE.test(text);
}
