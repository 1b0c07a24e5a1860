import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The repository's root folder. */
export const repoRoot = resolve(new URL("../../", import.meta.url).pathname);

/**
 * The project's shared/ folder (the real-world corpus, the benchmark generator, the Compose
 * schema): `SCALEOUT_SHARED_DIR` when set, else `shared/` beside the repository — where CI lays
 * it — or beside a folder above it (a worktree checked out one level deeper).
 */
export function findSharedDir(): { dir: string | undefined; tried: string[] } {
  const tried: string[] = [];
  if (process.env.SCALEOUT_SHARED_DIR) tried.push(resolve(process.env.SCALEOUT_SHARED_DIR));
  for (let dir = dirname(repoRoot); dirname(dir) !== dir; dir = dirname(dir)) tried.push(join(dir, "shared"));
  return { dir: tried.find((d) => existsSync(d)), tried };
}

/** The shared/ folder, or where it should be (tests that need it then fail with its path). */
export const sharedDir = findSharedDir().dir ?? join(dirname(repoRoot), "shared");
