import { asMap, asScalar, entryOf, get, type YNode, type YScalar } from "../documents/yaml-tree";
import { joinPath } from "../workspace";
import { interpolate } from "./interpolate";
import type { Span } from "../text/span";

/**
 * What a Compose service's `build:` makes of a Dockerfile in the workspace: the image it starts
 * from and what its stages change of that image (ENV, ENTRYPOINT, CMD, USER). Read as text, the
 * way the Dockerfile reference describes it (https://docs.docker.com/reference/dockerfile/):
 * parser directives (`# escape=`), line continuations, comment lines, heredocs, `ARG` before
 * `FROM` (the only variables `FROM` may use), stages named with `AS` and a later `FROM <stage>`.
 * Nothing is built or run. Whatever the text leaves open (a `FROM $BASE` without a default, an
 * `ENV` value made of variables) is unknown, never guessed.
 */

export interface DockerfileInstruction {
  /** Upper case: FROM, ENV, ENTRYPOINT, … */
  keyword: string;
  /** The arguments, continuation lines joined (escape, line break and comment lines removed). */
  args: string;
  /** From the keyword to the end of its last line. */
  span: Span;
  /** The arguments' text when they stand on the keyword's line alone, else the instruction. */
  argsSpan: Span;
}

export interface DockerfileStage {
  /** The image or stage named by FROM, as written (variables unexpanded). */
  from: string;
  fromSpan: Span;
  /** The `AS` name, lower case (stage names are case-insensitive). */
  name?: string;
  instructions: DockerfileInstruction[];
}

export interface Dockerfile {
  path: string;
  /** `ARG` before the first FROM: the variables FROM may use, with their defaults. */
  globalArgs: Map<string, string | undefined>;
  stages: DockerfileStage[];
}

export function parseDockerfile(path: string, text: string): Dockerfile {
  const instructions = instructionsOf(text);
  const globalArgs = new Map<string, string | undefined>();
  const stages: DockerfileStage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === "FROM") {
      const from = fromOf(instruction);
      if (from) stages.push({ ...from, instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (stage) stage.instructions.push(instruction);
    else if (instruction.keyword === "ARG") for (const [name, value] of argsOf(instruction.args)) globalArgs.set(name, value);
  }
  return { path, globalArgs, stages };
}

/** A value from the Dockerfile with the place it stands; `value` undefined when the text leaves it open. */
export interface DockerfileValue {
  value?: string;
  span: Span;
}

export interface BuiltImage {
  /** The image the chosen stage starts from, after following stages; value undefined when unknown. */
  base: DockerfileValue;
  /** ENV of the stages from that image up to the chosen one, later ones winning. */
  env: Map<string, DockerfileValue>;
  entrypoint?: DockerfileValue;
  command?: DockerfileValue;
  user?: DockerfileValue;
}

const MAX_STAGE_CHAIN = 50;

/**
 * The image `build:` makes: the `target` stage (else the last), started from its FROM image or
 * the stage it names, with `args` (Compose `build.args`; undefined for a value the files do not
 * give) in place of the global ARG defaults. Undefined without any FROM.
 */
export function builtImageOf(file: Dockerfile, target: string | undefined, args: ReadonlyMap<string, string | undefined>): BuiltImage | undefined {
  let stage = target === undefined ? file.stages.at(-1) : file.stages.find((s) => s.name === target.toLowerCase());
  if (!stage) return undefined;
  const chain: DockerfileStage[] = [];
  for (let depth = 0; stage && depth < MAX_STAGE_CHAIN; depth++) {
    chain.unshift(stage);
    const index = file.stages.indexOf(stage);
    const from = stage.from.toLowerCase();
    // A FROM names an earlier stage by its AS name; any other name is an image.
    stage = file.stages.slice(0, index).find((s) => s.name === from);
  }
  const root = chain[0];
  const base: DockerfileValue = { value: expandArgs(root.from, file.globalArgs, args), span: root.fromSpan };
  if (base.value !== undefined && (base.value === "" || /\s/.test(base.value))) base.value = undefined;
  const image: BuiltImage = { base, env: new Map() };
  for (const s of chain) {
    for (const instruction of s.instructions) {
      switch (instruction.keyword) {
        case "ENV":
          for (const [name, value] of envOf(instruction.args)) image.env.set(name, { value: value !== undefined && !value.includes("$") ? value : undefined, span: instruction.span });
          break;
        case "ENTRYPOINT":
          image.entrypoint = { value: commandText(instruction.args), span: instruction.argsSpan };
          // "If CMD is defined from the base image, setting ENTRYPOINT will reset CMD to an empty value."
          image.command = undefined;
          break;
        case "CMD":
          image.command = { value: commandText(instruction.args), span: instruction.argsSpan };
          break;
        case "USER":
          image.user = { value: instruction.args.includes("$") ? undefined : instruction.args.trim(), span: instruction.argsSpan };
          break;
      }
    }
  }
  return image;
}

/**
 * FROM's text with the global ARGs in place (`${X}`, `$X`, `${X:-d}`, `${X:+a}`, read by the
 * project's interpolate): a build arg replaces the default of an ARG the Dockerfile declares,
 * and only of one it declares (https://docs.docker.com/reference/dockerfile/#arg). Undefined when
 * a value stays open: a build arg the files do not give, or a plain reference to an unset ARG.
 */
function expandArgs(text: string, globals: ReadonlyMap<string, string | undefined>, args: ReadonlyMap<string, string | undefined>): string | undefined {
  let unknown = false;
  const r = interpolate(text, (name) => {
    if (!globals.has(name)) return undefined;
    if (!args.has(name)) return globals.get(name);
    const given = args.get(name);
    if (given === undefined) unknown = true;
    return given;
  });
  if (unknown || r.errors.length > 0 || r.truncated || r.references.some((ref) => !ref.resolved && ref.modifier === "")) return undefined;
  return r.value;
}

/** Exec form (a JSON array) as its words joined by spaces, shell form as written. */
function commandText(args: string): string | undefined {
  const trimmed = args.trim();
  if (trimmed.startsWith("[")) {
    try {
      const words: unknown = JSON.parse(trimmed);
      if (Array.isArray(words) && words.every((w) => typeof w === "string")) return words.join(" ");
    } catch {
      // Not valid JSON: Docker runs it in shell form.
    }
  }
  return trimmed === "" ? undefined : trimmed;
}

function fromOf(instruction: DockerfileInstruction): Pick<DockerfileStage, "from" | "fromSpan" | "name"> | undefined {
  const words = [...instruction.args.matchAll(/\S+/g)];
  let i = 0;
  while (i < words.length && words[i][0].startsWith("--")) i++;
  const image = words[i];
  if (!image) return undefined;
  const name = words[i + 1]?.[0].toLowerCase() === "as" ? words[i + 2]?.[0].toLowerCase() : undefined;
  // The image's own span when the arguments stand on the keyword's line.
  const onLine = instruction.argsSpan.end - instruction.argsSpan.start === instruction.args.length;
  const fromSpan = onLine ? { start: instruction.argsSpan.start + image.index, end: instruction.argsSpan.start + image.index + image[0].length } : instruction.span;
  return { from: image[0], fromSpan, ...(name ? { name } : {}) };
}

/** `ARG A=1 B`: names with their defaults. */
function argsOf(args: string): [string, string | undefined][] {
  return wordsOf(args).map((word) => {
    const eq = word.indexOf("=");
    return eq < 0 ? [word, undefined] : [word.slice(0, eq), word.slice(eq + 1)];
  });
}

/** `ENV A=1 B="two words"`, or the older `ENV A one value`. */
function envOf(args: string): [string, string | undefined][] {
  const trimmed = args.trim();
  // The older form: a first word without `=`, then the value (the rest of the line).
  const legacy = /^([^\s=]+)\s+(.*)$/s.exec(trimmed);
  if (legacy) return [[legacy[1], legacy[2].trim().replace(/^(["'])(.*)\1$/s, "$2")]];
  return wordsOf(trimmed).flatMap((word): [string, string | undefined][] => {
    const eq = word.indexOf("=");
    return eq > 0 ? [[word.slice(0, eq), word.slice(eq + 1)]] : [];
  });
}

/** Words split at blanks outside quotes, quotes removed (`\"` inside double quotes kept as `"`). */
function wordsOf(text: string): string[] {
  const words: string[] = [];
  let word = "";
  let started = false;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === "\\" && quote === '"' && i + 1 < text.length) word += text[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      started = true;
    } else if (/\s/.test(c)) {
      if (started) words.push(word);
      word = "";
      started = false;
    } else {
      if (c === "\\" && i + 1 < text.length) word += text[++i];
      else word += c;
      started = true;
    }
  }
  if (started) words.push(word);
  return words;
}

/** The instructions of a Dockerfile, continuation lines joined, comments and heredoc bodies left out. */
function instructionsOf(text: string): DockerfileInstruction[] {
  const lines: { text: string; start: number }[] = [];
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    lines.push({ text: text.slice(start, end).replace(/\r$/, ""), start });
    start = end + 1;
  }
  if (lines.length > 0) lines[0].text = lines[0].text.replace(/^\uFEFF/, "");
  // Parser directives: `# name=value` comments at the very top (https://docs.docker.com/reference/dockerfile/#parser-directives).
  let escape = "\\";
  for (const line of lines) {
    const directive = /^#\s*([A-Za-z]+)\s*=\s*(\S+)\s*$/.exec(line.text);
    if (!directive) break;
    if (directive[1].toLowerCase() === "escape" && (directive[2] === "`" || directive[2] === "\\")) escape = directive[2];
  }
  const instructions: DockerfileInstruction[] = [];
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i];
    const match = /^\s*([A-Za-z]+)(\s+|$)/.exec(first.text);
    if (!match || /^\s*#/.test(first.text)) continue;
    const keyword = match[1].toUpperCase();
    let args = first.text.slice(match[0].length);
    let last = i;
    while (endsWithEscape(args, escape) && last + 1 < lines.length) {
      args = args.replace(/\s*$/, "").slice(0, -1);
      last++;
      // Comment lines inside a continuation are removed; the instruction goes on.
      while (last + 1 < lines.length && /^\s*#/.test(lines[last].text)) last++;
      args += ` ${lines[last].text.trim()}`;
    }
    const argsStart = first.start + match[0].length;
    const lineEnd = lines[last].start + lines[last].text.length;
    instructions.push({ keyword, args: args.trim(), span: { start: first.start + match.index + (match[0].length - match[0].trimStart().length), end: lineEnd }, argsSpan: last === i ? { start: argsStart, end: argsStart + args.trimEnd().length } : { start: first.start, end: lineEnd } });
    // Heredocs (`RUN <<EOF` … `EOF`): their lines are the command's input, not instructions.
    for (const heredoc of args.matchAll(/<<(-?)(["']?)([A-Za-z_]\w*)\2/g)) {
      const terminator = heredoc[3];
      const strip = heredoc[1] === "-";
      while (last + 1 < lines.length) {
        last++;
        const line = strip ? lines[last].text.replace(/^\t+/, "") : lines[last].text;
        if (line === terminator) break;
      }
    }
    i = last;
  }
  return instructions;
}

function endsWithEscape(text: string, escape: string): boolean {
  return text.replace(/\s*$/, "").endsWith(escape);
}

/** A Compose service's `build:` as the files give it (https://docs.docker.com/reference/compose-file/build/). */
export interface ComposeBuild {
  /** The Dockerfile in the workspace; undefined when the context is remote or the path not written out (`${…}`). */
  dockerfilePath?: string;
  /** `dockerfile_inline:` (the Dockerfile written in the compose file). */
  inline?: YScalar;
  target?: string;
  /** `args:` by name; a scalar to resolve, or undefined for a name passed from the shell (`- VERSION`). */
  args: Map<string, YScalar | undefined>;
}

/** `build:` of a service body, its paths taken from `dir` (the compose file's project directory). */
export function composeBuildOf(body: YNode | undefined, dir: string): ComposeBuild | undefined {
  const build = entryOf(body, "build")?.value;
  if (!build) return undefined;
  const map = asMap(build);
  const context = map ? (asScalar(get(map, "context"))?.text ?? ".") : asScalar(build)?.text;
  const dockerfile = map ? (asScalar(get(map, "dockerfile"))?.text ?? "Dockerfile") : "Dockerfile";
  const args = new Map<string, YScalar | undefined>();
  const argsNode = map ? get(map, "args") : undefined;
  if (argsNode?.kind === "map") for (const entry of argsNode.entries) args.set(entry.key, asScalar(entry.value));
  if (argsNode?.kind === "seq") {
    for (const item of argsNode.items) {
      if (item.kind !== "scalar") continue;
      const eq = item.text.indexOf("=");
      // `- NAME=value`: the value is the text after `=`, located inside the item.
      if (eq < 0) args.set(item.text.trim(), undefined);
      else args.set(item.text.slice(0, eq).trim(), { ...item, text: item.text.slice(eq + 1) });
    }
  }
  const inline = map ? asScalar(get(map, "dockerfile_inline")) : undefined;
  const target = map ? asScalar(get(map, "target"))?.text : undefined;
  // A Git or HTTP context is fetched at build time: its Dockerfile is not in the workspace.
  const remote = context === undefined || /^[a-z][\w+.-]*:\/\/|^git@|^github\.com\//i.test(context);
  // A path or stage the files do not write out (`${…}`) leaves the Dockerfile, or its stage, unknown.
  const written = context !== undefined && !context.includes("$") && !dockerfile.includes("$") && !(target ?? "").includes("$") && build.templated !== true;
  return {
    ...(inline ? { inline } : {}),
    ...(target ? { target } : {}),
    ...(!inline && !remote && written ? { dockerfilePath: joinPath(joinPath(dir, context), dockerfile) } : {}),
    args,
  };
}
