export interface DiffLine {
  kind: " " | "-" | "+";
  text: string;
  /** 0-based line in the old text (for " " and "-") or the new text (for "+"). */
  line: number;
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

/**
 * Line hunks between two texts with `context` unchanged lines around each change, as in
 * `diff -u`. Line breaks are not compared, so a CRLF file diffs by its content.
 */
export function lineDiff(oldText: string, newText: string, context = 2): DiffHunk[] {
  const a = oldText.split(/\r\n|\n|\r/);
  const b = newText.split(/\r\n|\n|\r/);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const script: DiffLine[] = [];
  for (let i = 0; i < prefix; i++) script.push({ kind: " ", text: a[i], line: i });
  script.push(...middle(a.slice(prefix, a.length - suffix), b.slice(prefix, b.length - suffix), prefix));
  for (let i = a.length - suffix; i < a.length; i++) script.push({ kind: " ", text: a[i], line: i });
  return hunks(script, context);
}

function middle(a: string[], b: string[], offset: number): DiffLine[] {
  const out: DiffLine[] = [];
  if (a.length * b.length > MAX_LCS_CELLS) {
    a.forEach((text, i) => out.push({ kind: "-", text, line: offset + i }));
    b.forEach((text, i) => out.push({ kind: "+", text, line: offset + i }));
    return out;
  }
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push({ kind: " ", text: a[i], line: offset + i });
      i++;
      j++;
    } else if (i < a.length && (j >= b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
      // Removed lines first, as `diff -u` prints a replacement.
      out.push({ kind: "-", text: a[i], line: offset + i });
      i++;
    } else {
      out.push({ kind: "+", text: b[j], line: offset + j });
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
    out.push({
      oldStart: oldStart + 1,
      oldCount: lines.filter((l) => l.kind !== "+").length,
      newStart: newStart + 1,
      newCount: lines.filter((l) => l.kind !== "-").length,
      lines,
    });
  }
  return out;
}
