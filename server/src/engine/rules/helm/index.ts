import type { Rule } from "../rule";
import { helmOwncloudStringBoolean } from "./owncloud-string-boolean";
import { helmOwncloudVolumeRoot } from "./owncloud-volume-root";
import { helmUnquotedRedisPassword } from "./unquoted-redis-password";

export const helmRules: Rule[] = [helmOwncloudStringBoolean, helmOwncloudVolumeRoot, helmUnquotedRedisPassword];
