import type { Rule } from "../rule";
import { helmSqliteShadowsDb } from "./helm-sqlite-shadows-db";
import { readCommitted } from "./read-committed";
import { replicasShareDatadir } from "./replicas-share-datadir";

export const databaseRules: Rule[] = [readCommitted, replicasShareDatadir, helmSqliteShadowsDb];
