import { readdirSync, readFileSync, statSync } from "node:fs";
import type { Workspace } from "../../server/src/engine/workspace";

/** The real file system as the engine's Workspace (what the CLI does). */
export const fsWorkspace: Workspace = {
  readFile(path) {
    try {
      return statSync(path).isFile() ? readFileSync(path, "utf8") : undefined;
    } catch {
      return undefined;
    }
  },
  listDir(dir) {
    try {
      return readdirSync(dir);
    } catch {
      return undefined;
    }
  },
};

/** Every file below a folder, as absolute paths, skipping the names given. */
export function filesBelow(dir: string, skip: (name: string) => boolean = () => false): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (skip(name)) continue;
    const path = `${dir}/${name}`;
    if (statSync(path).isDirectory()) out.push(...filesBelow(path, skip));
    else out.push(path);
  }
  return out;
}
