/**
 * How Redis images other than the official one decide whether clients need a password, as data.
 * The official `redis` and `valkey/valkey` images run with no password unless the command sets one
 * (`--requirepass`, an ACL); the images here take it from their environment. The model reads this
 * once (compose-adapter `redisAuthOf`); rules only see the resulting auth fact.
 */
export interface RedisImageProfile {
  /** Repositories as `images.parseImage` gives them (registry host dropped). */
  repositories: string[];
  /** Variables whose non-empty value becomes `requirepass` (a `_FILE` form reads it from a file). */
  passwordVariables: string[];
  /**
   * The switch without which the entrypoint refuses to start with an empty password; when it is
   * on (`yes`, `true` or `1`, any case) and no password is given, Redis runs without one.
   */
  emptyPasswordSwitch?: string;
  sources: string[];
}

export const redisImageProfiles: readonly RedisImageProfile[] = [
  {
    // redis-env.sh: REDIS_REQUIREPASS defaults to REDIS_PASSWORD, every variable has a _FILE form;
    // libredis.sh redis_validate: "The REDIS_PASSWORD environment variable is empty or not set. Set
    // the environment variable ALLOW_EMPTY_PASSWORD=yes …", and redis_configure_default sets
    // `requirepass` from it and `protected-mode no` under ALLOW_EMPTY_PASSWORD.
    repositories: ["bitnami/redis"],
    passwordVariables: ["REDIS_PASSWORD", "REDIS_PASSWORD_FILE", "REDIS_REQUIREPASS", "REDIS_REQUIREPASS_FILE", "REDIS_ACLFILE"],
    emptyPasswordSwitch: "ALLOW_EMPTY_PASSWORD",
    sources: [
      "https://github.com/bitnami/containers/blob/main/bitnami/redis/README.md",
      "https://github.com/bitnami/containers/blob/main/bitnami/redis/7.4/debian-12/rootfs/opt/bitnami/scripts/libredis.sh",
      "https://github.com/bitnami/containers/blob/main/bitnami/redis/7.4/debian-12/rootfs/opt/bitnami/scripts/redis-env.sh",
    ],
  },
  {
    // libvalkey.sh: the same validation with VALKEY_PASSWORD, and `requirepass` from it.
    repositories: ["bitnami/valkey"],
    passwordVariables: ["VALKEY_PASSWORD", "VALKEY_PASSWORD_FILE", "VALKEY_ACLFILE"],
    emptyPasswordSwitch: "ALLOW_EMPTY_PASSWORD",
    sources: [
      "https://github.com/bitnami/containers/blob/main/bitnami/valkey/README.md",
      "https://github.com/bitnami/containers/blob/main/bitnami/valkey/9.1/debian-12/rootfs/opt/bitnami/scripts/libvalkey.sh",
      "https://github.com/bitnami/containers/blob/main/bitnami/valkey/9.1/debian-12/rootfs/opt/bitnami/scripts/valkey-env.sh",
    ],
  },
];

/** The profile of a Redis image repository, if it has one. */
export function redisImageProfileOf(repository: string | undefined): RedisImageProfile | undefined {
  if (!repository) return undefined;
  return redisImageProfiles.find((profile) => profile.repositories.includes(repository));
}

/** How Bitnami's `is_boolean_yes` reads a switch (libvalidations.sh: `1`, `yes` or `true`, any case). */
export function isSwitchOn(value: string): boolean {
  return /^(1|yes|true)$/i.test(value.trim());
}
