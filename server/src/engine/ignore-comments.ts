import type { Finding } from "./findings";
import { LineIndex } from "./text/line-index";
import type { Location } from "./text/span";

export interface IgnoreDirective {
  ruleIds: string[];
  scope: "next" | "file";
  /** The comment itself, for "unused ignore" findings and their removal. */
  location: Location;
  /** Lines it silences (inclusive, 0-based) for `next`. */
  firstLine: number;
  lastLine: number;
}

const DIRECTIVE = /(^|\s)#\s*scaleout-ignore(-file)?[ \t]+([A-Za-z0-9_/,.*-]+)(?:[ \t]+--[ \t]*(.*))?/;

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
    if (m[2]) {
      out.push({ ruleIds, scope: "file", location, firstLine: 0, lastLine: index.lineCount - 1 });
      continue;
    }
    const before = content.slice(0, hashAt).trim();
    if (before.length > 0) {
      out.push({ ruleIds, scope: "next", location, firstLine: line, lastLine: line });
      continue;
    }
    let target = line + 1;
    while (target < index.lineCount && /^\s*(#.*)?$/.test(index.lineText(target))) target++;
    if (target >= index.lineCount) {
      out.push({ ruleIds, scope: "next", location, firstLine: line, lastLine: line });
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
    out.push({ ruleIds, scope: "next", location, firstLine: target, lastLine: last });
  }
  return out;
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
