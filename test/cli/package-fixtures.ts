/** Shared by the packaging tests (npm, pre-commit, GitHub Action): two compose files and an offline npm. */
import { join } from "node:path";

/** An ownCloud stack with three replicas and every cluster default left as it is. */
export const badCompose = [
  "services:",
  "  owncloud:",
  "    image: owncloud/server:10.15",
  "    deploy:",
  "      replicas: 3",
  "    volumes:",
  "      - files:/mnt/data",
  "volumes:",
  "  files:",
  "",
].join("\n");

/** One Nextcloud container: nothing to report. */
export const goodCompose = [
  "services:",
  "  nextcloud:",
  "    image: nextcloud:29-apache",
  "    ports:",
  '      - "8080:80"',
  "    volumes:",
  "      - nextcloud:/var/www/html",
  "volumes:",
  "  nextcloud:",
  "",
].join("\n");

/** npm with no registry access, an empty cache and home, and none of the outer `npm test`'s npm_* variables. */
export function offlineNpmEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key) && key !== "INIT_CWD") env[key] = value;
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  return {
    ...env,
    HOME: home,
    npm_config_cache: join(home, ".npm"),
    npm_config_userconfig: join(home, ".npmrc"),
    npm_config_offline: "true",
    npm_config_update_notifier: "false",
    npm_config_audit: "false",
    npm_config_fund: "false",
  };
}
