import type { FileEdit, Finding } from "../findings";
import { LineIndex } from "../text/line-index";
import type { Location, Span } from "../text/span";

export interface IgnoreDirective {
  ruleIds: string[];
  scope: "next" | "file";
  /** The comment itself, for "unused ignore" findings and their removal. */
  location: Location;
  /** The comma-separated rule ids as written, where another id is appended. */
  idsSpan: Span;
  /** Nothing but blanks before the `#` on its line. */
  ownLine: boolean;
  /** Lines it silences (inclusive, 0-based) for `next`. */
  firstLine: number;
  lastLine: number;
}

const DIRECTIVE = /(^|\s)#\s*scaleout-ignore(-file)?[ \t]+([A-Za-z0-9_/,.*-]+)(?:[ \t]+--[ \t]*(.*))?/d;

/**
 * `# scaleout-ignore <id>[,<id>] -- reason` silences the next entry (the next non-comment
 * line and the block indented under it), or the line it ends; `# scaleout-ignore-file <id>`
 * the whole file. The same syntax in YAML and `.env`.
 */
export function ignoreDirectives(path: string, text: string): IgnoreDirective[] {
  if (!text.includes("scaleout-ignore")) return [];
  const index = new LineIndex(text);
  const out: IgnoreDirective[] = [];
  for (let line = 0; line < index.lineCount; line++) {
    const content = index.lineText(line);
    const m = DIRECTIVE.exec(content);
    if (!m) continue;
    const hashAt = content.indexOf("#", m.index + m[1].length);
    const start = index.lineStart(line) + hashAt;
    const location = { path, span: { start, end: index.lineStart(line) + content.length } };
    const ruleIds = m[3].split(",").map((s) => s.trim()).filter(Boolean);
    const [idsStart, idsEnd] = m.indices![3];
    const idsSpan = { start: index.lineStart(line) + idsStart, end: index.lineStart(line) + idsEnd };
    const ownLine = content.slice(0, hashAt).trim().length === 0;
    const common = { ruleIds, location, idsSpan, ownLine };
    if (m[2]) {
      out.push({ ...common, scope: "file", firstLine: 0, lastLine: index.lineCount - 1 });
      continue;
    }
    if (!ownLine) {
      out.push({ ...common, scope: "next", firstLine: line, lastLine: line });
      continue;
    }
    let target = line + 1;
    while (target < index.lineCount && /^\s*(#.*)?$/.test(index.lineText(target))) target++;
    if (target >= index.lineCount) {
      out.push({ ...common, scope: "next", firstLine: line, lastLine: line });
      continue;
    }
    const indentOf = (l: number): number => /^\s*/.exec(index.lineText(l))![0].length;
    const baseIndent = indentOf(target);
    const isListItem = /^\s*- /.test(index.lineText(target));
    let last = target;
    for (let l = target + 1; l < index.lineCount; l++) {
      const t = index.lineText(l);
      if (/^\s*(#.*)?$/.test(t)) continue;
      const ind = indentOf(l);
      if (ind > baseIndent || (isListItem && ind > baseIndent - 0 && !/^\s*- /.test(t) && ind >= baseIndent + 2)) last = l;
      else break;
    }
    out.push({ ...common, scope: "next", firstLine: target, lastLine: last });
  }
  return out;
}

export interface IgnoreCommentEdits {
  /** `# scaleout-ignore <id>` for the finding's entry; none when its line is a comment or blank, or it is anchored to the file. */
  entry: FileEdit | undefined;
  /** `# scaleout-ignore-file <id>` on the first line. */
  file: FileEdit;
}

/**
 * The edits that silence one finding with an ignore comment. The entry comment goes on its own
 * line above the finding's line, indented like it, so it silences exactly that entry; an ignore
 * comment already there gets the id appended. `index` is the LineIndex of `text`, when the
 * caller keeps one.
 */
export function ignoreCommentEdits(finding: Finding, text: string, index: LineIndex = new LineIndex(text)): IgnoreCommentEdits {
  const { path, span } = finding.location;
  const { ruleId } = finding;
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const file: FileEdit = { path, span: { start: bom, end: bom }, newText: `# scaleout-ignore-file ${ruleId}${index.eol}` };
  // A finding on a comment or blank line, or anchored to the file itself (an empty span at its
  // start, as for a standalone .env), has no entry to name.
  const line = index.positionAt(span.start).line;
  const anchoredToFile = span.start === span.end && span.start <= bom;
  if (anchoredToFile || /^\uFEFF?\s*(#.*)?$/.test(index.lineText(line))) return { entry: undefined, file };
  if (line > 0) {
    const above = ignoreDirectives(path, index.lineText(line - 1)).find((d) => d.scope === "next" && d.ownLine);
    if (above && !above.ruleIds.includes(ruleId)) {
      const at = index.lineStart(line - 1) + above.idsSpan.end;
      return { entry: { path, span: { start: at, end: at }, newText: `,${ruleId}` }, file };
    }
  }
  const start = index.lineStart(line);
  const content = index.lineText(line);
  // A BOM belongs to the file, not to the first line's indentation.
  const lineBom = start === 0 && content.charCodeAt(0) === 0xfeff ? 1 : 0;
  const indent = /^[ \t]*/.exec(content.slice(lineBom))![0];
  return { entry: { path, span: { start: start + lineBom, end: start + lineBom }, newText: `${indent}# scaleout-ignore ${ruleId}${index.eol}` }, file };
}

export interface IgnoreOutcome {
  kept: Finding[];
  unused: IgnoreDirective[];
}

/** Drops silenced findings and returns the directives that silenced nothing. */
export function applyIgnores(findings: Finding[], texts: Map<string, string>): IgnoreOutcome {
  const directivesByPath = new Map<string, IgnoreDirective[]>();
  const indexes = new Map<string, LineIndex>();
  for (const [path, text] of texts) {
    const directives = ignoreDirectives(path, text);
    if (directives.length > 0) {
      directivesByPath.set(path, directives);
      indexes.set(path, new LineIndex(text));
    }
  }
  const used = new Set<IgnoreDirective>();
  const kept: Finding[] = [];
  for (const finding of findings) {
    const directives = directivesByPath.get(finding.location.path);
    let silenced = false;
    if (directives) {
      const line = indexes.get(finding.location.path)!.positionAt(finding.location.span.start).line;
      for (const d of directives) {
        if (!d.ruleIds.includes(finding.ruleId) && !d.ruleIds.includes("*")) continue;
        if (d.scope === "file" || (line >= d.firstLine && line <= d.lastLine)) {
          used.add(d);
          silenced = true;
        }
      }
    }
    if (!silenced) kept.push(finding);
  }
  const unused: IgnoreDirective[] = [];
  for (const directives of directivesByPath.values()) for (const d of directives) if (!used.has(d)) unused.push(d);
  return { kept, unused };
}
