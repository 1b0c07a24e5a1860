/**
 * Terminal columns of a code point: 2 for East Asian wide characters and emoji, 0 for combining
 * marks and joiners, else 1. Enough to put a caret under the right character after an emoji.
 */
export function codePointWidth(codePoint: number): number {
  if (codePoint === 0x200d || (codePoint >= 0xfe00 && codePoint <= 0xfe0f) || (codePoint >= 0x0300 && codePoint <= 0x036f)) return 0;
  if (
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x1f300 && codePoint <= 0x1faff) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

/**
 * Blanks that occupy the same columns as `text` on a terminal: tabs stay tabs (the terminal
 * expands both lines alike), every other character becomes as many spaces as it is wide.
 */
export function blanksUnder(text: string): string {
  let out = "";
  for (const ch of text) out += ch === "\t" ? "\t" : " ".repeat(codePointWidth(ch.codePointAt(0)!));
  return out;
}

/** Terminal columns of `text` (tabs counted as one, as the caret line repeats them). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += ch === "\t" ? 1 : codePointWidth(ch.codePointAt(0)!);
  return width;
}
