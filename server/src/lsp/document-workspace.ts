import type { TextDocument } from "vscode-languageserver-textdocument";
import { basename, dirname, type Workspace } from "../engine/workspace";
import { WorkspaceBoundary } from "../node/workspace-boundary";
import { fsPathOf, uriToPath } from "./uri-path";

/** Files above this size get no analysis: a deployment file is never that big, a log or a dump is. */
export const MAX_ANALYSED_BYTES = 2 * 1024 * 1024;

/**
 * The engine's Workspace for the language server: the open documents (their unsaved text)
 * layered over the file system. Read-only; a file that is too big or binary reads as absent,
 * so the engine simply has nothing to say about it.
 *
 * From disk it reads only inside the editor's workspace folders (a document opened outside
 * every folder: inside its own folder), through a WorkspaceBoundary: an `env_file:` or a `.env`
 * link leading elsewhere, a FIFO, a device or `/proc` are not read, and `refusal` says why.
 */
export class DocumentWorkspace implements Workspace {
  private readonly openByPath = new Map<string, TextDocument>();
  private folders: string[] = [];
  private cachedBoundary: WorkspaceBoundary | undefined;

  /** The editor's workspace folders (engine paths). */
  setFolders(folders: readonly string[]): void {
    this.folders = [...new Set(folders)];
    this.cachedBoundary = undefined;
  }

  changeFolders(added: readonly string[], removed: readonly string[]): void {
    this.setFolders([...this.folders.filter((f) => !removed.includes(f)), ...added]);
  }

  /** Whether a fix may edit this file: an open document, or a file inside the workspace. */
  writable(path: string): boolean {
    return this.openByPath.has(path) || this.boundary().refusal(fsPathOf(path)) === undefined;
  }

  /** The folders as roots, and the folder of each open document outside them. */
  private boundary(): WorkspaceBoundary {
    if (this.cachedBoundary) return this.cachedBoundary;
    const boundary = new WorkspaceBoundary(this.folders.map(fsPathOf));
    for (const path of this.openByPath.keys()) if (!boundary.contains(fsPathOf(path))) boundary.addRoot(fsPathOf(dirname(path)));
    this.cachedBoundary = boundary;
    return boundary;
  }

  /** Registers an open document; returns its engine path, or undefined for non-file URIs. */
  open(document: TextDocument): string | undefined {
    const path = uriToPath(document.uri);
    if (path !== undefined && !this.openByPath.has(path)) this.cachedBoundary = undefined;
    if (path !== undefined) this.openByPath.set(path, document);
    return path;
  }

  close(uri: string): string | undefined {
    const path = uriToPath(uri);
    if (path !== undefined) this.openByPath.delete(path);
    this.cachedBoundary = undefined;
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
    const { text } = this.boundary().readText(fsPathOf(path), MAX_ANALYSED_BYTES);
    return text === undefined ? undefined : analysable(text);
  }

  refusal(path: string): string | undefined {
    if (this.openByPath.has(path)) return undefined;
    return this.boundary().refusal(fsPathOf(path));
  }

  listDir(dir: string): string[] | undefined {
    let names = this.boundary().listDir(fsPathOf(dir));
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
