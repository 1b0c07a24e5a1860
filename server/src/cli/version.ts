// The manifest is bundled into dist/cli.js (esbuild inlines the JSON); tsx reads it from the file.
import packageJson from "../../../package.json";

const { version } = packageJson;

/** The version the CLI and its SARIF `tool.driver.version` report: the extension's, from package.json. */
export const toolVersion: string = version;

/**
 * The tool's public home for SARIF `tool.driver.informationUri`: package.json `homepage`, else
 * its `repository` URL. Undefined while the manifest names neither (no address is made up).
 */
export const toolInformationUri: string | undefined = publicUrl((packageJson as { homepage?: unknown }).homepage) ?? publicUrl(repositoryUrl((packageJson as { repository?: unknown }).repository));

function repositoryUrl(repository: unknown): unknown {
  return typeof repository === "object" && repository !== null ? (repository as { url?: unknown }).url : repository;
}

function publicUrl(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const url = value.replace(/^git\+/, "").replace(/\.git$/, "");
  return /^https:\/\/\S+$/.test(url) ? url : undefined;
}
