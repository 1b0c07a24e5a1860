/**
 * C0 controls but tab and newline, DEL and the C1 controls: from a linted file they could move
 * the cursor, ring the bell, retitle the window or hide text on a terminal (ESC sequences), so
 * every output shows them as `\x1b`.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Control characters as visible `\xNN`; tab and newline kept (they lay out messages). */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/** The same for text on one line (a path, an excerpt): newlines escaped too, tabs kept. */
export function escapeControlInLine(text: string): string {
  return escapeControl(text).replace(/\n/g, "\\x0a");
}
