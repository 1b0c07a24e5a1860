import { readdirSync, readFileSync, statSync } from "node:fs";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { basename, dirname, type Workspace } from "../engine/workspace";
import { fsPathOf, uriToPath } from "./uri-path";

/** Files above this size get no analysis: a deployment file is never that big, a log or a dump is. */
export const MAX_ANALYSED_BYTES = 2 * 1024 * 1024;

/**
 * The engine's Workspace for the language server: the open documents (their unsaved text)
 * layered over the file system. Read-only; a file that is too big or binary reads as absent,
 * so the engine simply has nothing to say about it.
 */
export class DocumentWorkspace implements Workspace {
  private readonly openByPath = new Map<string, TextDocument>();

  /** Registers an open document; returns its engine path, or undefined for non-file URIs. */
  open(document: TextDocument): string | undefined {
    const path = uriToPath(document.uri);
    if (path !== undefined) this.openByPath.set(path, document);
    return path;
  }

  close(uri: string): string | undefined {
    const path = uriToPath(uri);
    if (path !== undefined) this.openByPath.delete(path);
    return path;
  }

  openDocument(path: string): TextDocument | undefined {
    return this.openByPath.get(path);
  }

  isOpen(path: string): boolean {
    return this.openByPath.has(path);
  }

  openPaths(): string[] {
    return [...this.openByPath.keys()];
  }

  readFile(path: string): string | undefined {
    const document = this.openByPath.get(path);
    if (document) return analysable(document.getText());
    try {
      const fsPath = fsPathOf(path);
      const stat = statSync(fsPath);
      if (!stat.isFile() || stat.size > MAX_ANALYSED_BYTES) return undefined;
      return analysable(readFileSync(fsPath, "utf8"));
    } catch {
      return undefined;
    }
  }

  listDir(dir: string): string[] | undefined {
    let names: string[] | undefined;
    try {
      names = readdirSync(fsPathOf(dir));
    } catch {
      names = undefined;
    }
    // An open document not saved yet (a new `.env`) is part of its folder all the same.
    for (const path of this.openByPath.keys()) {
      if (dirname(path) !== dir) continue;
      const name = basename(path);
      names ??= [];
      if (!names.includes(name)) names.push(name);
    }
    return names;
  }
}

function analysable(text: string): string | undefined {
  if (text.length > MAX_ANALYSED_BYTES) return undefined;
  // NUL never occurs in a text deployment file: this is a binary that happens to have a matching name.
  if (text.includes("\u0000")) return undefined;
  return text;
}
