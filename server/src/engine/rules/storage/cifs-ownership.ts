import type { AppRole, MountOption } from "../../model/cluster-model";
import { appPaths, certaintyOf } from "../../model/queries";
import { withRelated } from "../helpers";
import { defineRule } from "../rule";
import { coveringMount } from "./mount-coverage";
import { describeNetworkMount, networkVolumeRelated } from "./network-backing";
import { visibleMountOptions } from "./nfs-options";

const mountCifs = "https://www.samba.org/samba/docs/current/man-html/mount.cifs.8.html";
const dataDirCheck = "https://github.com/nextcloud/server/blob/master/lib/private/legacy/OC_Util.php";
const configSample = "https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/config_sample_php_parameters.html";

/**
 * The uid and gid the app's web server writes as: the service's numeric `user:`, else the image's
 * www-data — 33 in the Debian-based images, 82 in Nextcloud's Alpine ones
 * (https://github.com/nextcloud/docker/blob/master/README.md), 33 in ownCloud's Ubuntu image.
 * Undefined when a user name or an unresolved value leaves it open.
 */
function webUser(app: AppRole): { uid: string; gid: string; why: string } | undefined {
  if (app.user) {
    if (certaintyOf(app.user) === "unknown") return undefined;
    const match = /^\s*(\d+)(?::(\d+))?\s*$/.exec(app.user.value);
    if (!match) return undefined;
    return { uid: match[1], gid: match[2] ?? match[1], why: `the service's user ${app.user.value.trim()}` };
  }
  // A tag from an unset variable may name an Alpine image or not.
  if (!app.image || certaintyOf(app.image) === "unknown" || app.image.value.includes("$")) return undefined;
  const alpine = app.product === "nextcloud" && /alpine/i.test(app.imageTag ?? "");
  return alpine ? { uid: "82", gid: "82", why: "www-data of the Alpine image" } : { uid: "33", gid: "33", why: "www-data of the image" };
}

function last(options: readonly MountOption[], name: string): MountOption | undefined {
  return options.filter((o) => o.name === name).pop();
}

export const cifsOwnership = defineRule({
  meta: {
    id: "storage/cifs-ownership",
    severity: "warning",
    formats: ["C"],
    priority: "P2",
    clusterOnly: false,
    title: "CIFS data volume not owned by the web user",
    fixSafety: "none",
    docs: {
      whatItDoes:
        "Flags a CIFS/SMB volume (`driver_opts.type: cifs`) that holds a Nextcloud or ownCloud app's users' files (`NEXTCLOUD_DATA_DIR`, by default `/var/www/html/data`; ownCloud `OWNCLOUD_VOLUME_FILES`, by default `/mnt/data/files`) when its `o:` options give the files to another owner than the web server — no `uid=`/`gid=`, or numbers other than the service's numeric `user:` or the image's www-data (33; 82 in Nextcloud's Alpine images) — or when `dir_mode=` lets other users in (anything but 0 in the last digit, such as 0777 or 0755). Options the files do not show (a host mount, `o:` from an unset variable) are not guessed.",
      whyItMatters:
        "A CIFS mount has no per-file owners: every file belongs to the `uid=`/`gid=` of the mount, root when they are missing, and has the mode of `file_mode=`/`dir_mode=`, and `chown`/`chmod` do not change them (https://www.samba.org/samba/docs/current/man-html/mount.cifs.8.html). A web server running as www-data then cannot write the users' files, or only through world-writable modes. Nextcloud also refuses a data directory that other users can list — it tries `chmod 0770`, which a CIFS mount ignores, and reports \"Your data directory is readable by other users\" (https://github.com/nextcloud/server/blob/master/lib/private/legacy/OC_Util.php) unless `check_data_directory_permissions` is false in its config (https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/config_sample_php_parameters.html).",
      example: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:30-apache",
          "    volumes:",
          "      - data:/var/www/html/data",
          "volumes:",
          "  data:",
          "    driver_opts:",
          "      type: cifs",
          '      o: "addr=nas.example,vers=3.0,credentials=/root/.smb,file_mode=0777,dir_mode=0777"',
          '      device: "//nas.example/nextcloud"',
          "",
        ].join("\n"),
      },
      useInstead: {
        "compose.yaml": [
          "services:",
          "  app:",
          "    image: nextcloud:30-apache",
          "    volumes:",
          "      - data:/var/www/html/data",
          "volumes:",
          "  data:",
          "    driver_opts:",
          "      type: cifs",
          '      o: "addr=nas.example,vers=3.0,credentials=/root/.smb,uid=33,gid=33,file_mode=0770,dir_mode=0770"',
          '      device: "//nas.example/nextcloud"',
          "",
        ].join("\n"),
      },
      fixSafety:
        "No automatic fix: which uid the share must map to depends on the image and on the server. Write `uid=33,gid=33,file_mode=0770,dir_mode=0770` (82 for Nextcloud's Alpine images, or the service's `user:`) into `o:` and redeploy; if the share cannot honour the modes, set `'check_data_directory_permissions' => false` in a Nextcloud config file.",
      sources: [mountCifs, dataDirCheck, configSample, "https://github.com/nextcloud/docker/blob/master/README.md", "https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md"],
    },
  },
  check({ model, report }) {
    const seen = new Set<object>();
    for (const app of model.apps) {
      const dataDir = appPaths(app).files;
      const mount = coveringMount(app, dataDir);
      const options = mount && visibleMountOptions(mount, "cifs");
      if (!mount || !options || seen.has(mount.volume ?? mount)) continue;
      const problems: string[] = [];
      let at: MountOption | undefined;
      const user = webUser(app);
      if (user) {
        for (const [name, want] of [["uid", user.uid], ["gid", user.gid]] as const) {
          const option = last(options, name);
          // With the Unix or POSIX extensions the server's owners apply (mount.cifs `unix`, `posix`).
          if (!option && options.some((o) => /^(unix|linux|posix)$/.test(o.name))) continue;
          if (!option) problems.push(`no \`${name}=\``);
          else if (/^\d+$/.test(option.value ?? "") && option.value !== want) {
            problems.push(`\`${name}=${option.value}\` where ${user.why} is ${want}`);
            at ??= option;
          }
        }
      }
      const missing = problems.filter((p) => p.startsWith("no "));
      if (missing.length > 0) problems.splice(0, missing.length, `${missing.map((p) => p.slice(3)).join(" or ")} (the files belong to root)`.replace(/^/, "no "));
      const dirMode = last(options, "dir_mode");
      if (dirMode && /^0?[0-7]{3}$/.test(dirMode.value ?? "") && !(dirMode.value ?? "").endsWith("0")) {
        problems.push(`\`dir_mode=${dirMode.value}\` lets other users list the data directory, which ${app.product === "nextcloud" ? "Nextcloud" : "ownCloud"} refuses unless check_data_directory_permissions is false`);
        at ??= dirMode;
      }
      if (problems.length === 0) continue;
      seen.add(mount.volume ?? mount);
      const want = user ? `uid=${user.uid},gid=${user.gid},` : "";
      report({
        message: `${app.name} keeps its data directory ${dataDir} on ${describeNetworkMount(mount)} with ${problems.join("; ")}. A CIFS mount sets owner and modes for every file: use \`${want}file_mode=0770,dir_mode=0770\` (${mountCifs}).`,
        location: at?.location ?? mount.volume?.options?.location ?? mount.location,
        related: withRelated({ location: mount.location, message: `${app.name} mounts it at ${mount.target}` }, networkVolumeRelated(mount)),
      });
    }
  },
});
