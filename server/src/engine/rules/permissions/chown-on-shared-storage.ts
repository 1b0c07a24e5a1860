import type { RelatedLocation } from "../../findings";
import { networkBackings, type AppRole, type MountModel } from "../../model/cluster-model";
import { productProfiles } from "../../knowledge/product-profiles";
import { appPaths, certaintyOf, settingOf } from "../../model/queries";
import { clusterRelated, settingOrService, webApps, withRelated } from "../helpers";
import { defineRule } from "../rule";

export const chownOnSharedStorage = defineRule({
  meta: {
    id: "permissions/chown-on-shared-storage",
    severity: "warning",
    formats: ["C", "H", "E"],
    priority: "P1",
    clusterOnly: false,
    title: "ownCloud startup chown walk over shared storage",
    fixSafety: "unsafe",
    docs: {
      whatItDoes:
        "Flags ownCloud app containers whose `OWNCLOUD_SKIP_CHOWN` is not `true` when they run in cluster context or when their data root (`/mnt/data`, or `OWNCLOUD_VOLUME_ROOT`) is on NFS, CIFS/SMB or GlusterFS. In the ownCloud chart it flags an empty or false `owncloud.skipChown` in cluster context, which adds a chown init container to every pod.",
      whyItMatters:
        "On every start the image walks the whole data root and chowns what is not owned by www-data (https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md). On a large NFS share that walk can take minutes per node, hammer the filer with stat calls and delay readiness until probes kill the pod, and several nodes doing it during a rolling update can saturate the storage; with the default `root_squash` export the chown can fail outright (ownCloud's cluster guide, \"Ownership, Permissions, and the Startup chown\": https://doc.owncloud.com/server/next/admin_manual/installation/deployment_recommendations/clustered_shared_storage.html). ownCloud's guide: set `OWNCLOUD_SKIP_CHOWN=true` (and usually `OWNCLOUD_SKIP_CHMOD=true`) on app nodes and fix ownership once, out of band (https://doc.owncloud.com/server/next/admin_manual/installation/deployment_recommendations/clustered_shared_storage.html).",
      example: {
        "compose.yaml": [
          "services:",
          "  owncloud:",
          "    image: owncloud/server:10.16.4",
          "    volumes:",
          "      - files:/mnt/data",
          "volumes:",
          "  files:",
          "    driver_opts:",
          "      type: nfs",
          '      o: "addr=10.0.0.10,rw,nfsvers=4,hard"',
          '      device: ":/export/owncloud"',
          "",
        ].join("\n"),
      },
      useInstead: {
        "compose.yaml": [
          "services:",
          "  owncloud:",
          "    image: owncloud/server:10.16.4",
          "    environment:",
          "      - OWNCLOUD_SKIP_CHOWN=true",
          "    volumes:",
          "      - files:/mnt/data",
          "volumes:",
          "  files:",
          "    driver_opts:",
          "      type: nfs",
          '      o: "addr=10.0.0.10,rw,nfsvers=4,hard"',
          '      device: ":/export/owncloud"',
          "",
        ].join("\n"),
      },
      fixSafety:
        "Unsafe: the quick fix sets `OWNCLOUD_SKIP_CHOWN=true` (Helm: `owncloud.skipChown: \"true\"`). The guide says to do this once ownership is correct: if files on the share are not yet owned by www-data (uid 33), skipping the walk leaves them unreadable to ownCloud. Fix ownership once with a one-shot job first.",
      sources: ["https://github.com/owncloud-docker/base/blob/master/ENVIRONMENT.md", "https://doc.owncloud.com/server/next/admin_manual/installation/deployment_recommendations/clustered_shared_storage.html", "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud"],
    },
  },
  check({ model, fix, report }) {
    for (const app of webApps(model)) {
      const chown = app.chownOnStart;
      if (!chown?.value || certaintyOf(chown) === "unknown") continue;
      if (app.chownInit) {
        // `{{- if not .Values.owncloud.skipChown }}` renders the chown init container (https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud): only a value the user set counts.
        const { skip, skipValue } = app.chownInit;
        if (!model.cluster.inCluster || !skip.location) continue;
        report({
          message: `${skip.label} is ${skip.value === "" ? "empty" : String(skip.value)}: the chart adds an init container that chowns the volume in every one of the ${app.replicas.value} ${model.vocabulary.instance}s at each start, a walk over the whole shared data tree.`,
          location: skip.location,
          related: withRelated(clusterRelated(model, app)),
          fixes: [fix.setFact(skip, skipValue, `Set ${skip.label}: ${skipValue} (after fixing ownership once)`, "unsafe")],
        });
        continue;
      }
      const shared = sharedDataMount(app);
      if (!shared && !model.cluster.inCluster) continue;
      const variable = productProfiles[app.product].startupChown?.skipVariable;
      if (!variable) continue;
      const { value, setting } = settingOf(app, variable);
      const state = value === undefined || value.trim() === "" ? "unset (default false)" : `"${value}"`;
      const where = shared ? `its data root ${shared.target} is on ${backingName(shared)}` : "it runs on several nodes that share the data root";
      report({
        message: `${app.name} has ${variable} ${state} and ${where}: every start walks and chowns the whole data tree, which can take minutes on a large share, trip readiness probes and fail under root_squash.`,
        location: settingOrService(app, setting),
        related: withRelated(shared ? mountRelated(shared) : undefined, model.cluster.inCluster ? clusterRelated(model, app) : undefined),
        fixes: [fix.setEnv(app, variable, "true", `Set ${variable}=true on ${app.name} (after fixing ownership once)`, "unsafe")],
      });
    }
  },
});

/** The app's mount at or above the data root, when a network file system backs it. */
function sharedDataMount(app: AppRole): MountModel | undefined {
  const root = appPaths(app).dataRoot;
  return app.mounts.find((m) => {
    const target = m.target.replace(/\/+$/, "");
    return networkBackings.has(m.backingKind) && (target === root || root.startsWith(`${target}/`) || target.startsWith(`${root}/`));
  });
}

function kindName(mount: MountModel): string {
  return mount.backingKind === "nfs" ? "NFS" : mount.backingKind === "cifs" ? "CIFS/SMB" : "GlusterFS";
}

function backingName(mount: MountModel): string {
  return mount.volume ? `${kindName(mount)} (volume ${mount.volume.name})` : kindName(mount);
}

function mountRelated(mount: MountModel): RelatedLocation[] {
  const out: RelatedLocation[] = [{ location: mount.location, message: `${mount.target} is mounted here` }];
  const declared = mount.volume?.type?.location ?? mount.volume?.declaredAt;
  if (declared) out.push({ location: declared, message: `volume ${mount.volume!.name} is ${kindName(mount)}` });
  return out;
}

