/**
 * A glob as `.scaleout.yaml` `include`/`exclude` writes it, matched against a path relative to
 * the config's folder: `*` and `?` stay within one path segment, `**` spans any number of them,
 * `{a,b}` is an alternative. A pattern without a `/` matches the name at any depth, as in
 * .gitignore, so `exclude: [legacy]` skips every folder called legacy.
 */
export function globToRegExp(pattern: string): RegExp {
  const glob = pattern.replace(/\\/g, "/").replace(/^\.\//, "").replace(/\/+$/, "");
  const anchored = glob.includes("/");
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*") {
      if (glob[i + 1] === "*") {
        const slashAfter = glob[i + 2] === "/";
        source += slashAfter ? "(?:.*/)?" : ".*";
        i += slashAfter ? 2 : 1;
      } else {
        source += "[^/]*";
      }
    } else if (c === "?") {
      source += "[^/]";
    } else if (c === "{") {
      const close = glob.indexOf("}", i);
      if (close < 0) {
        source += "\\{";
        continue;
      }
      source += `(?:${glob
        .slice(i + 1, close)
        .split(",")
        .map((alt) => alt.replace(/[.+^$()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]"))
        .join("|")})`;
      i = close;
    } else {
      source += c.replace(/[.+^$()|[\]\\}]/g, "\\$&");
    }
  }
  // A pattern also matches everything below a folder it names.
  return new RegExp(`^${anchored ? "" : "(?:.*/)?"}${source.replace(/^\//, "")}(?:/.*)?$`);
}

export function matchesAnyGlob(relativePath: string, patterns: readonly RegExp[]): boolean {
  return patterns.some((pattern) => pattern.test(relativePath));
}
