import type { Rule } from "../rule";
import { chownOnSharedStorage } from "./chown-on-shared-storage";
import { uidMismatch } from "./uid-mismatch";

export const permissionsRules: Rule[] = [chownOnSharedStorage, uidMismatch];
