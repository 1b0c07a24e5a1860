import { chromium, type Browser } from "playwright-core";
import { tools } from "./paths";

/**
 * Debian's Chromium, headless. As root it needs --no-sandbox; the rest keeps it off the network
 * (no component updates, sync or first-run pages) on this offline machine.
 */
export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

export function launchChromium(env: NodeJS.ProcessEnv): Promise<Browser> {
  return chromium.launch({
    executablePath: tools.chromium,
    headless: true,
    args: chromiumArgs,
    env: Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined)),
  });
}
