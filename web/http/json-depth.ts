/** Deepest nesting of arrays and objects a webhook body may have. Shopify's payloads stay under 10. */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * Whether a JSON text nests arrays and objects deeper than `maxDepth`, found by scanning the text, without
 * building anything: JSON.parse would build a 400,000-level tree from a signed body, and every later walk over it
 * (payload parsing, JSON.stringify, storage) recurses. Brackets inside strings do not count; a backslash there
 * escapes the next character. On malformed text the answer may be either: JSON.parse refuses that text next.
 */
export function exceedsJsonDepth(text: string, maxDepth: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // Most of a payload is inside strings: jump to the closing quote (native indexOf), the first one not
      // escaped by an odd number of backslashes, instead of stepping through every character.
      let end = i;
      for (;;) {
        end = text.indexOf('"', end + 1);
        if (end === -1) return false; // unterminated string: JSON.parse refuses the text
        let backslashes = 0;
        while (text.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes++;
        if (backslashes % 2 === 0) break;
      }
      i = end;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > maxDepth) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}
