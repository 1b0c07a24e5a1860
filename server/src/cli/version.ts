// esbuild inlines just this field of the manifest into dist/cli.js; tsx reads it from the file.
import { version } from "../../../package.json";

/** The version the CLI and its SARIF `tool.driver.version` report: the extension's, from package.json. */
export const toolVersion: string = version;
