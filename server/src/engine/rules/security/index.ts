import type { Rule } from "../rule";
import { plaintextSecret } from "./plaintext-secret";

export const securityRules: Rule[] = [plaintextSecret];
