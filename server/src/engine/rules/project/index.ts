import type { Rule } from "../rule";
import { unseenInput } from "./unseen-input";

export const projectRules: Rule[] = [unseenInput];
