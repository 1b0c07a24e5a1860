import { appPaths, certaintyOf } from "../../model/queries";
import { clusterRelated, combineFixes, webApps, withRelated } from "../helpers";
import { defineRule } from "../rule";
import { logOffSharedStorage } from "./shared-log-file";

export const noPersistenceInCluster = defineRule({
  meta: {
    id: "storage/no-persistence-in-cluster",
    severity: "error",
    formats: ["H"],
    priority: "P1",
    clusterOnly: true,
    title: "Helm persistence disabled for a scaled-out installation",
    fixSafety: "unsafe",
    docs: {
      whatItDoes:
        "Flags Helm values of the Nextcloud or ownCloud chart that run several pods while `persistence.enabled` is false (the Nextcloud chart's default), so the pods share no claim; the Nextcloud chart then mounts an `emptyDir` in every pod.",
      whyItMatters:
        "Without persistence the Nextcloud chart gives each pod an `emptyDir` for `/var/www/html`: separate code and everything lost on restart (https://github.com/nextcloud/helm/blob/main/charts/nextcloud/values.yaml); by inference each pod then also keeps a separate `config.php` with its own `instanceid`, `secret` and `passwordsalt` and runs its own install against the shared database (https://github.com/nextcloud/helm/blob/main/charts/nextcloud/README.md, https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/config_sample_php_parameters.html). The chart README requires shared persistence with `ReadWriteMany` for more than one pod (https://github.com/nextcloud/helm/blob/main/charts/nextcloud/README.md). The ownCloud chart keeps persistence on by default and mounts its claim at `/mnt/data`; with persistence off the pods do not share that claim (https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud).",
      example: {
        "values.yaml": ["replicaCount: 3", "nextcloud:", "  host: cloud.example.com", ""].join("\n"),
      },
      useInstead: {
        "values.yaml": ["replicaCount: 3", "nextcloud:", "  host: cloud.example.com", "persistence:", "  enabled: true", "  accessMode: ReadWriteMany", ""].join("\n"),
      },
      fixSafety:
        "Unsafe: the fix sets `persistence.enabled: true` and a `ReadWriteMany` access mode (`[ReadWriteMany]` for the ownCloud chart, with `owncloud.log.file: /dev/stdout` while the log is at the image default, and for the Nextcloud chart a `nextcloud.configs` `logging.config.php` with `'log_type' => 'errorlog'` while no config file sets the log, so the pods do not all write one log file on the shared claim). The cluster needs a storage class that provides ReadWriteMany volumes (NFS, CephFS, Azure Files…), and the first rollout starts from an empty volume: what the pods kept in `emptyDir` is not carried over.",
      sources: ["https://github.com/nextcloud/helm/blob/main/charts/nextcloud/values.yaml", "https://github.com/nextcloud/helm/blob/main/charts/nextcloud/README.md", "https://github.com/owncloud-docker/helm-charts/tree/master/charts/owncloud", "https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/config_sample_php_parameters.html"],
    },
  },
  check({ model, fix, report }) {
    for (const app of webApps(model)) {
      const persistence = app.persistence;
      const enabled = persistence?.enabled;
      if (!persistence || !enabled || enabled.value || certaintyOf(enabled) === "unknown") continue;
      const modes = persistence.claims[0]?.accessModes;
      const alreadyMany = modes?.value.includes("ReadWriteMany") === true;
      // Files on shared storage would also put ownCloud's default log file there: the fix moves it too.
      const log = logOffSharedStorage(model, app, fix, "");
      const title = `Enable persistence with a ReadWriteMany volume${log ? ` and set ${log.what}` : ""}`;
      const enable = fix.setFact(enabled, "true", title, "unsafe");
      const whole = persistence.wholeBlock;
      const consequence =
        app.product === "nextcloud"
          ? "each pod gets its own emptyDir, so pods do not share code, config.php or data and lose it on restart"
          : `the pods do not share the chart's claim for ${appPaths(app).dataRoot} (files, config, apps)`;
      report({
        message: `${app.name} runs on several ${model.vocabulary.instance}s with ${enabled.label} ${certaintyOf(enabled) === "defaulted" ? "unset (chart default false)" : "false"}: ${consequence}.`,
        location: enabled.location ?? app.replicas.location ?? app.nameLocation,
        related: withRelated(clusterRelated(model, app)),
        fixes: [
          combineFixes(
            title,
            // Two inserts into a missing block would each create it; write the block once.
            whole
              ? fix.setFact(whole.fact, whole.value, title, "unsafe")
              : alreadyMany
                ? enable
                : combineFixes(title, enable, fix.setFactItem(modes, "ReadWriteMany", /^ReadWriteOnce(Pod)?$/, title, "unsafe")),
            ...(log ? [log.fix] : []),
          ),
        ],
      });
    }
  },
});
