/** A Nextcloud Deployment of two replicas on claim `nextcloud-html`, and that claim, for tests of deployments split over folders. */
export const splitDeployment = [
  "apiVersion: apps/v1",
  "kind: Deployment",
  "metadata:",
  "  name: nextcloud",
  "spec:",
  "  replicas: 2",
  "  template:",
  "    spec:",
  "      containers:",
  "        - name: app",
  "          image: nextcloud:31-apache",
  "          volumeMounts:",
  "            - name: html",
  "              mountPath: /var/www/html",
  "      volumes:",
  "        - name: html",
  "          persistentVolumeClaim:",
  "            claimName: nextcloud-html",
  "",
].join("\n");

export const splitClaim = (mode = "ReadWriteOnce"): string =>
  ["apiVersion: v1", "kind: PersistentVolumeClaim", "metadata:", "  name: nextcloud-html", "spec:", "  accessModes:", `    - ${mode}`, "  resources:", "    requests:", "      storage: 10Gi", ""].join("\n");
