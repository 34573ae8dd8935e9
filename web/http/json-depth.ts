/** Deepest nesting of arrays and objects a webhook body may have. Shopify's payloads stay under 10. */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * Whether a JSON body nests arrays and objects deeper than `maxDepth`, found by scanning its UTF-8 bytes, without
 * building anything: JSON.parse would build a 400,000-level tree from a signed body, and every later walk over it
 * (payload parsing, JSON.stringify, storage) recurses. Brackets inside strings do not count; a backslash there
 * escapes the next byte. On malformed text the answer may be either: JSON.parse refuses that text next.
 * Bytes, not the decoded string: quotes, backslashes and brackets are ASCII, and no byte of a multi-byte UTF-8
 * character is below 0x80, so the scan sees the same structure; and a loop over a Uint8Array stays cheap inside the
 * running server (measured there: ~38 µs for a 12 kB order, against ~125 µs for the same scan over its string).
 */
export function exceedsJsonDepth(bytes: Uint8Array, maxDepth: number = MAX_JSON_DEPTH): boolean {
  const length = bytes.length;
  let depth = 0;
  for (let i = 0; i < length; i++) {
    const c = bytes[i];
    if (c === QUOTE) {
      // to the closing quote, stepping over each escaped byte (\" and \\ included)
      for (i++; i < length; i++) {
        const s = bytes[i];
        if (s === BACKSLASH) i++;
        else if (s === QUOTE) break;
      }
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > maxDepth) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false; // an unterminated string ends the scan: JSON.parse refuses the text
}
