import type { Rule } from "../rule";
import { binlogFormat } from "./binlog-format";
import { galeraMultiWriter } from "./galera-multi-writer";
import { helmExternalType } from "./helm-external-type";
import { helmSqliteShadowsDb } from "./helm-sqlite-shadows-db";
import { readCommitted } from "./read-committed";
import { replicasShareDatadir } from "./replicas-share-datadir";
import { subchartWithoutPersistence } from "./subchart-without-persistence";

export const databaseRules: Rule[] = [readCommitted, replicasShareDatadir, helmSqliteShadowsDb, helmExternalType, subchartWithoutPersistence, galeraMultiWriter, binlogFormat];
