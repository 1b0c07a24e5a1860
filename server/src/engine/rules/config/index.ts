import type { Rule } from "../rule";
import { cliUrlBehindProxy } from "./cli-url-behind-proxy";
import { customCommandWithoutUpdate } from "./custom-command-without-update";
import { envParity } from "./env-parity";
import { initHtaccess } from "./init-htaccess";
import { invalidValue } from "./invalid-value";
import { listSeparator } from "./list-separator";
import { remoteipVsTrustedProxies } from "./remoteip-vs-trusted-proxies";
import { secretPathAsValue } from "./secret-path-as-value";
import { setAndFileBoth } from "./set-and-file-both";
import { unknownVariable } from "./unknown-variable";

export const configRules: Rule[] = [envParity, unknownVariable, invalidValue, secretPathAsValue, setAndFileBoth, listSeparator, remoteipVsTrustedProxies, cliUrlBehindProxy, customCommandWithoutUpdate, initHtaccess];
