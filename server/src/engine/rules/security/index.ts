import type { Rule } from "../rule";
import { defaultCredentials } from "./default-credentials";
import { plaintextSecret } from "./plaintext-secret";

export const securityRules: Rule[] = [plaintextSecret, defaultCredentials];
