import { catalog } from "../../knowledge/catalog";
import { productProfiles } from "../../knowledge/product-profiles";
import type { AppRole, ClusterModel, EnvSetting } from "../../model/cluster-model";
import { settingOf, sharedRedis } from "../../model/queries";
import type { Project } from "../../project/project";
import type { Location } from "../../text/span";
import type { FixBuilder } from "../../fixes/fix-builder";
import { clusterRelated, envValue, isTrue, redisSessionAuth, webApps, withRelated } from "../helpers";
import { defineRule } from "../rule";

/** The schemes PHP's Redis session handler accepts in `session.save_path` (https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md). */
const REDIS_SAVE_PATH = /^(tcp|tls|unix):\/\//i;

export const redisHandlerWithoutPath = defineRule({
  meta: {
    id: "sessions/redis-handler-without-path",
    severity: "error",
    formats: ["C", "H", "E"],
    priority: "P1",
    clusterOnly: false,
    title: "ownCloud Redis session handler without a Redis save path",
    fixSafety: "unsafe",
    docs: {
      whatItDoes:
        "Flags ownCloud with `OWNCLOUD_SESSION_SAVE_HANDLER=redis` (Helm: `owncloud.session.saveHandler: redis`) whose `OWNCLOUD_SESSION_SAVE_PATH` (`owncloud.session.savePath`) is unset, empty or does not start with `tcp://`, `tls://` or `unix://`.",
      whyItMatters:
        "The ownCloud image writes the save path verbatim into PHP's `session.save_path`; it is not derived from `OWNCLOUD_REDIS_HOST`. Left at its default it is the directory `/mnt/data/sessions`, which the Redis handler cannot use, so sessions break (https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md; ownCloud's cluster guide sets both the handler and a `tcp://` path: https://doc.owncloud.com/server/next/admin_manual/installation/deployment_recommendations/clustered_shared_storage.html). The chart's `savePath` defaults to an empty string, which the image replaces by the same directory (https://github.com/owncloud-docker/base/tree/master/v24.04/overlay, https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud).",
      example: {
        "compose.yaml": [
          "services:",
          "  owncloud:",
          "    image: owncloud/server:10.16.4",
          "    environment:",
          "      - OWNCLOUD_REDIS_ENABLED=true",
          "      - OWNCLOUD_REDIS_HOST=redis",
          "      - OWNCLOUD_SESSION_SAVE_HANDLER=redis",
          "  redis:",
          "    image: redis:7",
          "",
        ].join("\n"),
      },
      useInstead: {
        "compose.yaml": [
          "services:",
          "  owncloud:",
          "    image: owncloud/server:10.16.4",
          "    environment:",
          "      - OWNCLOUD_REDIS_ENABLED=true",
          "      - OWNCLOUD_REDIS_HOST=redis",
          "      - OWNCLOUD_SESSION_SAVE_HANDLER=redis",
          "      - OWNCLOUD_SESSION_SAVE_PATH=tcp://redis:6379",
          "  redis:",
          "    image: redis:7",
          "",
        ].join("\n"),
      },
      fixSafety:
        "Unsafe: the quick fix sets the save path to `tcp://<host>:<port>` built from `OWNCLOUD_REDIS_HOST`/`OWNCLOUD_REDIS_PORT` (or the project's Redis service; Helm: `owncloud.redis.host`/`port`), with `?auth=` from the app's `OWNCLOUD_REDIS_PASSWORD` as written, or else a reference to the password the Redis server asks for (then set as `OWNCLOUD_REDIS_PASSWORD` too); a literal password is referred to through the `.env` variable that holds it, or no fix is offered. Check that this is the Redis the sessions should live in; users log in again once.",
      sources: ["https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md", "https://github.com/owncloud-docker/base/tree/master/v24.04/overlay", "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud", "https://doc.owncloud.com/server/next/admin_manual/installation/deployment_recommendations/clustered_shared_storage.html"],
    },
  },
  check({ model, project, fix, report }) {
    for (const app of webApps(model)) {
      if (app.product !== "owncloud") continue;
      if ((envValue(app, "OWNCLOUD_SESSION_SAVE_HANDLER") ?? "").trim() !== "redis") continue;
      const path = (envValue(app, "OWNCLOUD_SESSION_SAVE_PATH") ?? "").trim();
      if (REDIS_SAVE_PATH.test(path)) continue;
      const handler = settingOf(app, "OWNCLOUD_SESSION_SAVE_HANDLER");
      const savePath = settingOf(app, "OWNCLOUD_SESSION_SAVE_PATH");
      const handlerSetting = handler.setting;
      const pathSetting = savePath.setting;
      const handlerName = handler.label;
      const pathName = savePath.label;
      const current = path === "" ? "unset, so the image uses the directory /mnt/data/sessions" : `"${maskCredentials(path)}", not a Redis address`;
      // `redis:6379?auth=…` only lacks its scheme; anything else is rebuilt from the app's Redis settings.
      const missingScheme = /^[A-Za-z0-9.-]+:\d+(\?.*)?$/s.test(path);
      const target = missingScheme ? undefined : redisTarget(project, model, fix, app);
      const newPath = missingScheme ? `tcp://${path}` : target ? `tcp://${target.host}:${target.port}${target.auth ? `?auth=${target.auth}` : ""}` : undefined;
      const title = missingScheme
        ? `Add the tcp:// scheme to ${pathName}`
        : target
          ? `Set ${pathName} to tcp://${target.host}:${target.port}${target.auth ? " with the Redis password" : ""}`
          : "";
      report({
        message: `${app.name} sets ${handlerName} to redis but ${pathName} is ${current}: ownCloud writes it verbatim into PHP's session.save_path and the Redis handler needs tcp://, tls:// or unix://, so sessions break and logins do not stick.`,
        location: userSetting(pathSetting) ?? userSetting(handlerSetting) ?? app.nameLocation,
        related: withRelated(
          userSetting(pathSetting) && userSetting(handlerSetting) ? { location: handlerSetting!.location, message: `${handlerName} selects the Redis handler here` } : undefined,
          model.cluster.inCluster ? clusterRelated(model, app) : undefined,
        ),
        fixes: [newPath === undefined ? undefined : fix.setEnvs(app, [["OWNCLOUD_SESSION_SAVE_PATH", newPath], ...(target?.settings ?? [])], title, "unsafe")],
      });
    }
  },
});

/** A setting the user wrote (not a chart or image default). */
function userSetting(setting: EnvSetting | undefined): Location | undefined {
  return setting && !setting.passthrough && setting.origin !== "derived" ? setting.location : undefined;
}

interface RedisTarget {
  host: string;
  port: string;
  /** The password as written (a `${VAR}` stays a reference), for `?auth=`. */
  auth?: string;
  /** What the app needs set besides the path to log in there (its password variable). */
  settings: [string, string][];
}

/** Where the app's Redis is: its own OWNCLOUD_REDIS_* settings, else the project's Redis service. */
function redisTarget(project: Project, model: ClusterModel, fix: FixBuilder, app: AppRole): RedisTarget | undefined {
  // OWNCLOUD_REDIS_HOST defaults to `redis` (https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md); the default only counts once Redis is enabled.
  const host = (envValue(app, "OWNCLOUD_REDIS_HOST") ?? "").trim() || (isTrue(envValue(app, "OWNCLOUD_REDIS_ENABLED")) ? productProfiles.owncloud.redis.defaultHost : sharedRedis(model)?.host);
  if (!host || /^tls:\/\//i.test(host) || host.startsWith("/")) return undefined;
  const port = (envValue(app, "OWNCLOUD_REDIS_PORT") ?? "").trim() || "6379";
  const auth = redisSessionAuth(project, model, fix, app, host);
  return auth && { host, port, auth: auth.auth, settings: auth.settings };
}

/** Session paths carry `auth=` passwords and `user:pass@` credentials: never show them. */
export function maskCredentials(path: string): string {
  return path.replace(/(auth(?:\[\])?=)[^&]*/gi, (_m, key: string) => `${key}${catalog.maskSecret("x")}`).replace(/\/\/[^@/]*@/, `//${catalog.maskSecret("x")}@`);
}
