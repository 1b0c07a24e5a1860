/**
 * How deep a YAML text nests, found by one linear scan before it is parsed: the `yaml` package
 * and every walk over the tree recurse once per level, and a file of `[[[[…` or `- - - -…`
 * 10,000 levels deep would overflow the stack ("Maximum call stack size exceeded" from around
 * 800 levels). No deployment file nests more than a few dozen levels.
 */
export const MAX_NESTING = 256;

/** The offset where the nesting first goes deeper than `limit`, or undefined when it never does. */
export function nestingOverflowAt(text: string, limit = MAX_NESTING): number | undefined {
  const indents: number[] = [];
  let flow = 0;
  let flowBase = 0;
  let quote: '"' | "'" | undefined;
  let blockScalarIndent = -1;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let i = lineStart;
    if (flow === 0 && quote === undefined) {
      while (i < lineEnd && text[i] === " ") i++;
      const indent = i - lineStart;
      const blank = i >= lineEnd || text[i] === "#" || text[i] === "\r";
      if (blockScalarIndent >= 0 && (blank || indent > blockScalarIndent)) {
        lineStart = lineEnd + 1;
        continue;
      }
      blockScalarIndent = -1;
      if (blank) {
        lineStart = lineEnd + 1;
        continue;
      }
      if (indent === 0 && (text.startsWith("---", i) || text.startsWith("...", i))) indents.length = 0;
      while (indents.length > 0 && indents[indents.length - 1] >= indent) indents.pop();
      indents.push(indent);
      // Compact nesting on one line: `- - - x`, `? - x`.
      let depth = indents.length;
      while (i < lineEnd && (text[i] === "-" || text[i] === "?") && (i + 1 === lineEnd || text[i + 1] === " " || text[i + 1] === "\r")) {
        depth++;
        i += 2;
        while (i < lineEnd && text[i] === " ") i++;
        if (depth > limit) return i;
      }
      if (depth > limit) return i;
      // A flow collection starts the value, or follows `key: `.
      let start = -1;
      if (text[i] === "[" || text[i] === "{") start = i;
      else {
        const colon = /:[ \t]+(?=[[{])/g;
        colon.lastIndex = i;
        const m = colon.exec(text.slice(0, lineEnd));
        if (m && !text.slice(i, m.index).includes("#")) start = m.index + m[0].length;
      }
      if (/(^|[\s:-])[|>][0-9+-]*[ \t]*(#.*)?\r?$/.test(text.slice(i, lineEnd))) blockScalarIndent = indent;
      if (start < 0) {
        lineStart = lineEnd + 1;
        continue;
      }
      flowBase = depth;
      i = start;
    }
    let previous = "[";
    for (; i < lineEnd; i++) {
      const c = text[i];
      if (quote === '"') {
        if (c === "\\") i++;
        else if (c === '"') quote = undefined;
        continue;
      }
      if (quote === "'") {
        if (c === "'" && text[i + 1] === "'") i++;
        else if (c === "'") quote = undefined;
        continue;
      }
      if ((c === '"' || c === "'") && "[{,:".includes(previous)) quote = c;
      else if (c === "#" && (i === lineStart || text[i - 1] === " " || text[i - 1] === "\t")) break;
      else if (c === "[" || c === "{") {
        flow++;
        if (flowBase + flow > limit) return i;
      } else if (c === "]" || c === "}") {
        flow--;
        if (flow <= 0) {
          flow = 0;
          break;
        }
      }
      if (c !== " " && c !== "\t") previous = c;
    }
    lineStart = lineEnd + 1;
  }
  return undefined;
}
