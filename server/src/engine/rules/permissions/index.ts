import type { Rule } from "../rule";
import { chownOnSharedStorage } from "./chown-on-shared-storage";

export const permissionsRules: Rule[] = [chownOnSharedStorage];
