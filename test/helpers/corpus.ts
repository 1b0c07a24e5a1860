import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { sharedDir } from "./shared-dir";

export interface CorpusFile {
  /** Absolute path in the rebuilt tree: <tmp>/<owner>/<repo>/<original path>. */
  path: string;
  repo: string;
  originalPath: string;
  kind: string;
}

/** shared/corpus (the corpus is never copied into the repo): see findSharedDir. */
export const corpusDir = join(sharedDir, "corpus");

/**
 * Lays the corpus out at each repository's original relative paths in a temporary folder, so
 * a compose file finds its `.env` and `db.env` the way it does in its own repository.
 */
export function rebuildCorpus(): { root: string; files: CorpusFile[] } {
  const manifest = readFileSync(join(corpusDir, "MANIFEST.tsv"), "utf8");
  const root = mkdtempSync(join(tmpdir(), "scaleout-corpus-"));
  const files: CorpusFile[] = [];
  for (const line of manifest.split("\n").slice(1)) {
    const [localName, repo, originalPath, , kind] = line.split("\t");
    if (!localName || !repo || !originalPath) continue;
    const source = join(corpusDir, "files", localName);
    if (!existsSync(source)) continue;
    const target = join(root, repo, originalPath);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(source, target);
    files.push({ path: target, repo, originalPath, kind });
  }
  return { root, files };
}
