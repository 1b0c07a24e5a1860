import type { TextDocument } from "vscode-languageserver-textdocument";
import { DEFAULT_MAX_FILE_SIZE, tooLargeReason } from "../engine/skipped-files";
import { basename, dirname, type Workspace } from "../engine/workspace";
import { WorkspaceBoundary } from "../node/workspace-boundary";
import { fsPathOf, uriToPath } from "./uri-path";

/**
 * The engine's Workspace for the language server: the open documents (their unsaved text)
 * layered over the file system. Read-only. A file on disk over its size limit is not read and
 * `skipReason` says why; a binary or too large text is the engine's to judge (its ReadGuard
 * reports it as `lint/skipped-file`), as for the CLI.
 *
 * From disk it reads only inside the editor's workspace folders (a document opened outside
 * every folder: inside its own folder), through a WorkspaceBoundary: an `env_file:` or a `.env`
 * link leading elsewhere, a FIFO, a device or `/proc` are not read, and `refusal` says why.
 */
export class DocumentWorkspace implements Workspace {
  private readonly openByPath = new Map<string, TextDocument>();
  private folders: string[] = [];
  private cachedBoundary: WorkspaceBoundary | undefined;
  private readonly notRead = new Map<string, string>();

  /** `maxFileSizeFor`: the size limit of a file in bytes (its `.scaleout.yaml` `maxFileSize`). */
  constructor(private readonly maxFileSizeFor: (path: string) => number = () => DEFAULT_MAX_FILE_SIZE) {}

  /** The editor's workspace folders (engine paths). */
  setFolders(folders: readonly string[]): void {
    this.folders = [...new Set(folders)];
    this.cachedBoundary = undefined;
  }

  /** The editor's workspace folders (engine paths). */
  folderPaths(): readonly string[] {
    return this.folders;
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
    if (document) return document.getText();
    this.notRead.delete(path);
    const limit = this.maxFileSizeFor(path);
    const { text, refusal, size } = this.boundary().readText(fsPathOf(path), limit);
    if (text === undefined && refusal === undefined && size !== undefined && size > limit) this.notRead.set(path, tooLargeReason(size, limit));
    return text;
  }

  skipReason(path: string): string | undefined {
    return this.openByPath.has(path) ? undefined : this.notRead.get(path);
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
