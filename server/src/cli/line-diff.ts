export interface DiffLine {
  kind: " " | "-" | "+";
  text: string;
  /** 0-based line in the old text (for " " and "-") or the new text (for "+"). */
  line: number;
  /** The line's break as written ("\n", "\r\n", "\r"); "" for a last line without one. */
  eol: string;
}

export interface DiffHunk {
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
  lines: DiffLine[];
}

/** Beyond this many cells the changed middle is shown as one replaced block. */
const MAX_LCS_CELLS = 4_000_000;

interface Line {
  text: string;
  eol: string;
  /** What is compared: the text, and whether a line break follows (CR or LF alike). */
  key: string;
}

/** The lines of a text with their breaks; a final line break starts no further line (as `diff` counts). */
function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const pattern = /\r\n|\n|\r/g;
  let start = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    lines.push({ text: text.slice(start, m.index), eol: m[0], key: `${text.slice(start, m.index)}\n` });
    start = m.index + m[0].length;
  }
  if (start < text.length) lines.push({ text: text.slice(start), eol: "", key: text.slice(start) });
  return lines;
}

/**
 * Line hunks between two texts with `context` unchanged lines around each change, as in
 * `diff -u`. CR and LF line breaks are not told apart, so a CRLF file diffs by its content; a
 * last line that gains or loses its line break is a change.
 */
export function lineDiff(oldText: string, newText: string, context = 2): DiffHunk[] {
  const a = splitLines(oldText);
  const b = splitLines(newText);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix].key === b[prefix].key) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix].key === b[b.length - 1 - suffix].key) suffix++;
  const script: DiffLine[] = [];
  for (let i = 0; i < prefix; i++) script.push({ kind: " ", text: a[i].text, line: i, eol: a[i].eol });
  script.push(...middle(a.slice(prefix, a.length - suffix), b.slice(prefix, b.length - suffix), prefix));
  for (let i = a.length - suffix; i < a.length; i++) script.push({ kind: " ", text: a[i].text, line: i, eol: a[i].eol });
  return hunks(script, context);
}

function middle(a: Line[], b: Line[], offset: number): DiffLine[] {
  const out: DiffLine[] = [];
  if (a.length * b.length > MAX_LCS_CELLS) {
    a.forEach(({ text, eol }, i) => out.push({ kind: "-", text, line: offset + i, eol }));
    b.forEach(({ text, eol }, i) => out.push({ kind: "+", text, line: offset + i, eol }));
    return out;
  }
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i].key === b[j].key ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i].key === b[j].key) {
      out.push({ kind: " ", text: a[i].text, line: offset + i, eol: a[i].eol });
      i++;
      j++;
    } else if (i < a.length && (j >= b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
      // Removed lines first, as `diff -u` prints a replacement.
      out.push({ kind: "-", text: a[i].text, line: offset + i, eol: a[i].eol });
      i++;
    } else {
      out.push({ kind: "+", text: b[j].text, line: offset + j, eol: b[j].eol });
      j++;
    }
  }
  return out;
}

function hunks(script: DiffLine[], context: number): DiffHunk[] {
  const changed = script.map((l, i) => (l.kind === " " ? -1 : i)).filter((i) => i >= 0);
  const out: DiffHunk[] = [];
  let k = 0;
  while (k < changed.length) {
    const first = Math.max(0, changed[k] - context);
    let last = Math.min(script.length - 1, changed[k] + context);
    while (k + 1 < changed.length && changed[k + 1] - context <= last + 1) {
      k++;
      last = Math.min(script.length - 1, changed[k] + context);
    }
    k++;
    const lines = script.slice(first, last + 1);
    // Line numbers of where the hunk starts in each text, counted from the lines before it.
    let oldStart = 0;
    let newStart = 0;
    for (const l of script.slice(0, first)) {
      if (l.kind !== "+") oldStart++;
      if (l.kind !== "-") newStart++;
    }
    const oldCount = lines.filter((l) => l.kind !== "+").length;
    const newCount = lines.filter((l) => l.kind !== "-").length;
    // A side without lines names the line before it (`-0,0` for an empty file), as `diff -u` does.
    out.push({ oldStart: oldCount === 0 ? oldStart : oldStart + 1, oldCount, newStart: newCount === 0 ? newStart : newStart + 1, newCount, lines });
  }
  return out;
}
