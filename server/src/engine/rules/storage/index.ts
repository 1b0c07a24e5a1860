import type { Rule } from "../rule";
import { databaseOnNetworkFs } from "./database-on-network-fs";
import { fileSyncOfLiveData } from "./file-sync-of-live-data";
import { htmlNotShared } from "./html-not-shared";
import { mountUnderWebroot } from "./mount-under-webroot";
import { cifsOwnership } from "./cifs-ownership";
import { sharedLogFile } from "./shared-log-file";
import { objectstoreLateEnable } from "./objectstore-late-enable";
import { objectstoreConflict } from "./objectstore-conflict";
import { nfsNolock } from "./nfs-nolock";
import { nfsSoftMount } from "./nfs-soft-mount";
import { noPersistenceInCluster } from "./no-persistence-in-cluster";
import { rwoInCluster } from "./rwo-in-cluster";
import { sharedMutableConfig } from "./shared-mutable-config";
import { sqliteInCluster } from "./sqlite-in-cluster";

export const storageRules: Rule[] = [sqliteInCluster, databaseOnNetworkFs, fileSyncOfLiveData, htmlNotShared, noPersistenceInCluster, rwoInCluster, sharedMutableConfig, nfsNolock, nfsSoftMount, mountUnderWebroot, objectstoreConflict, cifsOwnership, objectstoreLateEnable, sharedLogFile];
