/** Small deployments the LSP tests write into their temporary workspace. */

/** ownCloud scaled by `${APP_REPLICAS}` from the `.env`, no session handler: `sessions/files-in-cluster` at `owncloud` (line 1, 2–10). */
export const owncloudCompose = [
  "services:",
  "  owncloud:",
  "    image: owncloud/server:10.16.4",
  "    deploy:",
  "      replicas: ${APP_REPLICAS}",
  "    environment:",
  "      - OWNCLOUD_REDIS_ENABLED=true",
  "      - OWNCLOUD_REDIS_HOST=redis",
  "      - OWNCLOUD_DB_PASSWORD=hunter2",
  "  redis:",
  "    image: redis:7",
  "",
].join("\n");

export const threeReplicasEnv = "APP_REPLICAS=3\n";

export const FILES_IN_CLUSTER = "sessions/files-in-cluster";

/** The same deployment with sessions in Redis: silent for `sessions/files-in-cluster`. */
export const owncloudComposeWithRedisSessions = owncloudCompose.replace(
  "      - OWNCLOUD_DB_PASSWORD=hunter2\n",
  "      - OWNCLOUD_DB_PASSWORD=hunter2\n      - OWNCLOUD_SESSION_SAVE_HANDLER=redis\n      - OWNCLOUD_SESSION_SAVE_PATH=tcp://redis:6379\n",
);
