import type { FileEdit, Fix, FixSafety } from "../findings";
import { asMap, entryOf, ownEntries, sharedNodes, type YamlFile, type YEntry, type YMap, type YNode } from "../documents/yaml-tree";
import { chartProfileOf } from "../knowledge/chart-profiles";
import type { AppRole, ClusterModel, DatabaseModel, Fact, RedisModel, ServiceModel } from "../model/cluster-model";
import { writtenValue } from "../model/file-facts";
import { extraEnvList } from "../model/helm-adapter";
import { installationPeers, sharedVariable } from "../model/installation";
import type { HelmValuesLayer, Project, VariableDefinition } from "../project/project";
import { LineIndex } from "../text/line-index";
import { setK8sEnvs } from "./k8s-env-edit";
import { setK8sServerFlag } from "./k8s-server-flag-edit";
import { chartFlagsText, setComposeServerFlag } from "./server-flag-edit";
import type { Location } from "../text/span";

/** sharedNodes of each parsed file (a file's tree is kept while its text is unchanged). */
const sharedNodesByFile = new WeakMap<YamlFile, Set<YNode>>();

/**
 * Turns fix intents into the smallest text edits: replace a value in place, or insert a line
 * at the indentation of its neighbours. Never re-serialises a document, so comments, quoting
 * and the author's layout survive.
 */
/*
 * A new key is indented like the last key of its mapping, the line it is inserted after: in a
 * well-formed file every key of a block mapping has one column, and in a broken one (a tab
 * before the first key) the neighbour is the better guess.
 */
export class FixBuilder {
  private appSet: Set<ServiceModel> | undefined;
  private readonly indexes = new Map<string, LineIndex>();
  /** Per file, the outermost shared nodes in text order: an alias bomb shares many nodes, nested in a few. */
  private readonly outermostShared = new Map<string, YNode[]>();

  constructor(
    private readonly project: Project,
    private readonly model?: ClusterModel,
  ) {}

  private index(path: string): LineIndex | undefined {
    let index = this.indexes.get(path);
    if (!index) {
      const text = this.project.textOf(path);
      if (text === undefined) return undefined;
      index = new LineIndex(text);
      this.indexes.set(path, index);
    }
    return index;
  }

  /**
   * The first edit that lands inside a YAML node more than one place uses (an anchor that
   * aliases or merge keys share): applying it would change every one of them, which no fix title
   * says. The engine does not offer such a fix.
   */
  sharedEdit(fix: Fix): FileEdit | undefined {
    // A value a kustomize replacement or var copies is shared too: by the object that writes it and every copy.
    const copied = this.project.kustomize?.copied ?? [];
    for (const edit of fix.edits) if (copied.some((c) => c.path === edit.path && edit.span.start <= c.span.end && edit.span.end >= c.span.start)) return edit;
    for (const edit of fix.edits) {
      const file = this.yamlFile(edit.path);
      if (!file || !file.text.includes("*")) continue;
      for (const node of this.outermostSharedOf(file)) if (editsInside(file.text, node, edit)) return edit;
    }
    return undefined;
  }

  /**
   * Of layered values files, the highest that writes the whole path: its value wins, so the edit
   * goes there, in place. Undefined (edit the top file) when no file writes it or a higher file
   * writes something else above it.
   */
  private layerOf(path: string): HelmValuesLayer | undefined {
    const layers = this.project.helmValues?.layers ?? [];
    for (let i = layers.length - 1; i >= 0; i--) {
      let node: YNode | undefined = layers[i].root;
      let depth = 0;
      const segments = pathSegments(path);
      for (; depth < segments.length; depth++) {
        const entry = entryOf(asMap(node), segments[depth]);
        if (!entry) break;
        node = entry.value;
      }
      if (depth === segments.length) return layers[i];
      if (depth > 0) return undefined;
    }
    return undefined;
  }

  /** The one layer that writes every path, if there is one. */
  private sharedLayerOf(paths: string[]): HelmValuesLayer | undefined {
    const found = paths.map((p) => this.layerOf(p));
    return found[0] !== undefined && found.every((layer) => layer === found[0]) ? found[0] : undefined;
  }

  private yamlFile(path: string): YamlFile | undefined {
    if (this.project.helmValues?.file.path === path) return this.project.helmValues.file;
    return this.project.composeFiles.find((f) => f.path === path) ?? this.project.yamlFiles.find((f) => f.path === path) ?? this.project.k8sElsewhere?.files.find((f) => f.path === path);
  }

  /**
   * An entry written as `key: *name` whose anchored map other places share gets its own
   * block instead: `<<: *name` keeps what the anchor gives, the new lines override or add to it
   * for this entry alone (YAML merge keys, read by Compose and Helm alike).
   */
  private overrideAtAlias(path: string, entry: YEntry, lines: string[]): FileEdit | undefined {
    if (!entry.alias || entry.value?.kind !== "map") return undefined;
    const text = this.project.textOf(path);
    const index = this.index(path);
    if (text === undefined || !index) return undefined;
    // From just after the colon, so no space is left at the end of `key:`; a tag or anchor between them is not rewritten.
    const colon = text[entry.keySpan.end] === ":" ? entry.keySpan.end + 1 : -1;
    if (colon < 0 || text.slice(colon, entry.alias.start).trim() !== "") return undefined;
    const pad = " ".repeat(this.columnOf(path, entry.keySpan.start) + 2);
    const alias = text.slice(entry.alias.start, entry.alias.end);
    return { path, span: { start: colon, end: entry.alias.end }, newText: [`<<: ${alias}`, ...lines].map((l) => `${index.eol}${pad}${l}`).join("") };
  }

  private isShared(path: string, node: YNode | undefined): boolean {
    const file = this.yamlFile(path);
    return file !== undefined && node !== undefined && this.sharedOf(file).has(node);
  }

  private outermostSharedOf(file: YamlFile): YNode[] {
    let outermost = this.outermostShared.get(file.path);
    if (!outermost) {
      const sorted = [...this.sharedOf(file)].sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
      outermost = [];
      for (const node of sorted) {
        const last = outermost[outermost.length - 1];
        // Inside the last kept node: an edit inside it is inside that one too (same or later end, same text at the end).
        if (last && node.span.start >= last.span.start && node.span.end <= last.span.end) continue;
        outermost.push(node);
      }
      this.outermostShared.set(file.path, outermost);
    }
    return outermost;
  }

  private sharedOf(file: YamlFile): Set<YNode> {
    // Once per parsed file, not per builder: every rule that offers fixes has a builder of its own.
    let shared = sharedNodesByFile.get(file);
    if (!shared) sharedNodesByFile.set(file, (shared = sharedNodes(file)));
    return shared;
  }

  make(title: string, safety: FixSafety, edits: FileEdit[]): Fix {
    return { title, safety, edits };
  }

  replace(location: Location, newText: string, title: string, safety: FixSafety): Fix {
    return this.make(title, safety, [{ path: location.path, span: location.span, newText }]);
  }

  /** Deletes the whole lines a location covers (with their line break). */
  deleteLines(location: Location, title: string, safety: FixSafety): Fix | undefined {
    const index = this.index(location.path);
    if (!index) return undefined;
    const first = index.positionAt(location.span.start).line;
    const last = index.positionAt(Math.max(location.span.start, location.span.end - 1)).line;
    const start = index.lineStart(first);
    const end = last + 1 < index.lineCount ? index.lineStart(last + 1) : index.text.length;
    return this.make(title, safety, [{ path: location.path, span: { start, end }, newText: "" }]);
  }

  /** Inserts `text` as new line(s) after the line that contains `offset`, indented like `indent`. */
  insertLinesAfter(path: string, offset: number, lines: string[], indent: string): FileEdit | undefined {
    const index = this.index(path);
    if (!index) return undefined;
    // A block map or sequence ends after its last line break: that offset is the start of the
    // next line, but "after the value" means the end of the value's own last line.
    const text = index.text;
    let anchor = offset;
    if (anchor > 0 && text[anchor - 1] === "\n") anchor -= text[anchor - 2] === "\r" ? 2 : 1;
    const line = index.positionAt(anchor).line;
    const at = index.lineEnd(line);
    const eol = index.eol;
    return { path, span: { start: at, end: at }, newText: lines.map((l) => `${eol}${indent}${l}`).join("") };
  }

  /**
   * The indentation column of a node's start: where its tag or anchor (`!!str key`, `&a key`)
   * begins, since the node's own span starts after them; a BOM (YAML reads one at a document's
   * start) is no indentation.
   */
  columnOf(path: string, offset: number): number {
    const index = this.index(path);
    if (!index) return 0;
    const { line, character } = index.positionAt(propertiesStart(index.text, offset));
    const start = index.lineStart(line);
    let boms = 0;
    for (let i = start; i < start + character; i++) if (index.text.charCodeAt(i) === 0xfeff) boms++;
    return character - boms;
  }

  /**
   * How a Compose service's `environment:` reads the project `.env` variable that holds `value`
   * (`${REDIS_PASSWORD}`), `preferred` first: Compose interpolates it there
   * (https://docs.docker.com/reference/compose-file/interpolation/). Undefined when `.env` holds
   * no such variable or the files are not Compose (Helm values and manifests read no `.env`).
   */
  dotenvReference(value: string, preferred: string): string | undefined {
    if (this.project.kind !== "compose") return undefined;
    const variables = this.project.variables;
    const name = variables.get(preferred)?.value === value ? preferred : [...variables.values()].find((v) => v.value === value)?.name;
    return name === undefined ? undefined : `\${${name}}`;
  }

  /**
   * How a fix refers to the password a Redis server asks for, so an app it points there can
   * authenticate: the `${VAR}` the server's `--requirepass` (or its image's password variable) is
   * written with, else the `.env` variable that holds the literal — never the literal itself.
   * `asks` is false when the server asks none or the files cannot tell (a configuration file);
   * `reference` is undefined when it asks one that no fix can refer to.
   */
  redisPassword(redis: RedisModel): { asks: boolean; reference?: string } {
    const service = redis.service;
    for (const fact of [service.command, service.entrypoint]) {
      if (!fact?.location) continue;
      // `--requirepass X`, `--requirepass=X`, and X as the next item of a flow or block list.
      const written = /--requirepass(?:=|["']?[\s,]*(?:-\s+)?["']?)(\$\{[^}\r\n]*\}|[^\s"',\]]+)/.exec(this.project.sourceAt(fact.location))?.[1];
      if (written !== undefined) return { asks: true, reference: this.passwordReference(written, undefined) };
    }
    const auth = redis.auth;
    if (!auth?.value || auth.certainty === "unknown") return { asks: false };
    const setting = auth.label ? service.env.get(auth.label) : undefined;
    if (!setting || setting.opaque || setting.passthrough) return { asks: true };
    return { asks: true, reference: this.passwordReference(writtenValue(this.project, setting) ?? "", setting.value) };
  }

  private passwordReference(written: string, value: string | undefined): string | undefined {
    if (/^(\$\{[A-Za-z_]\w*(?::?\?[^}]*)?\}|\$[A-Za-z_]\w*)$/.test(written)) return written;
    if (written.includes("$")) return undefined;
    return this.dotenvReference(value ?? written, "REDIS_PASSWORD");
  }

  /** Sets one environment variable of a compose service; see setEnvs. */
  setEnv(service: ServiceModel, name: string, value: string, title: string, safety: FixSafety): Fix | undefined {
    return this.setEnvs(service, [[name, value]], title, safety);
  }

  /**
   * Sets environment variables of a service and, for the variables every service of one
   * installation must set alike (model/installation.ts), of the other services of its
   * installation too: setting one alone would leave the two configurations apart
   * (config/env-parity). Undefined when one of them cannot be edited.
   */
  setEnvs(service: ServiceModel, pairs: [string, string][], title: string, safety: FixSafety): Fix | undefined {
    const own = this.setServiceEnvs(service, pairs, title, safety);
    const model = this.model;
    this.appSet ??= new Set(model?.apps ?? []);
    const app = this.appSet.has(service) ? (service as AppRole) : model?.apps.find((a) => a === service || (a.name === service.name && a.nameLocation.path === service.nameLocation.path && a.nameLocation.span.start === service.nameLocation.span.start));
    // Chart values render one environment for every container of the release.
    if (!own || !model || model.helm || !app) return own;
    // A variable no other service must share (most of them): nothing to look for.
    if (!pairs.some(([name]) => sharedVariable(app.product, name, true))) return own;
    const fixes: Fix[] = [own];
    const names: string[] = [];
    // Each variable's peers once: asking per peer made a fix cubic in the services of a big stack.
    const peersOf = new Map(pairs.map(([name]) => [name, new Set(installationPeers(model, app, name))]));
    for (const peer of model.apps) {
      if (peer === app) continue;
      const missing = pairs.filter(([name, value]) => {
        if (!peersOf.get(name)!.has(peer)) return false;
        const current = peer.env.get(name);
        return !current || current.passthrough || (current.value !== value && writtenValue(this.project, current) !== value);
      });
      if (missing.length === 0) continue;
      const other = this.setServiceEnvs(peer, missing, title, safety);
      if (!other) return undefined;
      fixes.push(other);
      names.push(peer.name);
    }
    if (names.length === 0) return own;
    return this.combine(`${title} (also on ${names.join(", ")})`, safety, fixes);
  }

  /**
   * One fix made of several: an edit two of them share (one env_file or anchor two services
   * read) once, inserts at one offset as one edit in order. Undefined when one is missing or two
   * edits overlap otherwise, since applying both would garble the text.
   */
  combine(title: string, safety: FixSafety, fixes: (Fix | undefined)[]): Fix | undefined {
    return mergeFixes(title, safety, fixes);
  }

  /**
   * Sets environment variables of one compose service: edits each value where it is set (the
   * `environment:` item, the env_file line, or the `.env` line behind a lone `${X}`), and adds
   * the missing ones to the service's `environment:` in the style that block already uses,
   * creating the block when there is none. Undefined when the layout cannot be edited safely.
   */
  setServiceEnvs(service: ServiceModel, pairs: [string, string][], title: string, safety: FixSafety): Fix | undefined {
    if (this.model?.helm) return this.setRenderedEnvs(pairs, title, safety);
    if (this.project.kind === "k8s") return setK8sEnvs(this, this.project, service, pairs, title, safety);
    const shared = this.setSharedEnvironment(service, pairs, title, safety);
    if (shared) return shared.fix;
    const edits: FileEdit[] = [];
    const missing: [string, string][] = [];
    for (const [name, value] of pairs) {
      const current = service.env.get(name);
      if (!current?.valueLocation) {
        missing.push([name, value]);
        continue;
      }
      const text = this.project.textOf(current.valueLocation.path) ?? "";
      const written = text.slice(current.valueLocation.span.start, current.valueLocation.span.end);
      const variable = this.variableBehind(current.valueLocation);
      if (variable) {
        edits.push(this.variableEdit(variable, value));
        continue;
      }
      const quoted = /^["']/.test(written) && /["']$/.test(written) && written.length >= 2;
      edits.push({ path: current.valueLocation.path, span: current.valueLocation.span, newText: quoted ? `${written[0]}${value}${written[0]}` : value });
    }
    if (missing.length > 0) {
      const insert = this.project.kind === "env" ? this.appendEnvLines(missing) : this.insertEnv(service, missing);
      if (!insert) return undefined;
      edits.push(insert);
    }
    return edits.length > 0 ? this.make(title, safety, edits) : undefined;
  }

  /**
   * A service whose `environment:` is an anchor other services share (`environment: *env`, or
   * merged from `<<: *common`) gets its own block that merges the anchor and overrides or adds the
   * variables, so no other service changes. Undefined when the environment is not shared (or a
   * variable is set in another file); `{ fix: undefined }` when it is shared but cannot be
   * written so (a list, or a merged map without an anchor to name).
   */
  private setSharedEnvironment(service: ServiceModel, pairs: [string, string][], title: string, safety: FixSafety): { fix: Fix | undefined } | undefined {
    if (this.project.kind !== "compose") return undefined;
    const body = this.serviceBody(service);
    const environment = body && entryOf(body, "environment");
    const env = environment?.value;
    if (!body || !environment || !this.isShared(body.path, env)) return undefined;
    if (pairs.some(([name]) => { const at = service.env.get(name)?.valueLocation; return at !== undefined && at.path !== body.path; })) return undefined;
    if (env?.kind !== "map") return { fix: undefined };
    const lines = pairs.map(([n, v]) => `${n}: ${yamlString(v)}`);
    if (!environment.merged) {
      const edit = this.overrideAtAlias(body.path, environment, lines);
      return { fix: edit && this.make(title, safety, [edit]) };
    }
    const keys = ownEntries(body);
    if (!env.anchor || body.flow || keys.length === 0) return { fix: undefined };
    const indent = " ".repeat(this.columnOf(body.path, keys[keys.length - 1].keySpan.start));
    const edit = this.insertLinesAfter(body.path, keys[keys.length - 1].span.end, ["environment:", `  <<: *${env.anchor}`, ...lines.map((l) => `  ${l}`)], indent);
    return { fix: edit && this.make(title, safety, [edit]) };
  }

  /**
   * Chart values render the environment: a variable is set by the values its chart profile names
   * (`REDIS_HOST` by `redis.enabled: true`); one the chart cannot render gets no fix.
   */
  private setRenderedEnvs(pairs: [string, string][], title: string, safety: FixSafety): Fix | undefined {
    const profile = chartProfileOf(this.model?.helm?.chart);
    const values: { path: string; value: string }[] = [];
    const extras: [string, string][] = [];
    for (const [name, value] of pairs) {
      // A variable the values also list among the chart's extra variables wins over anything the
      // chart renders, so writing chart values would change nothing: no fix.
      if (this.model?.apps.some((a) => a.env.get(name)?.chartExtraEnv)) return undefined;
      const rendered = profile?.env.find((e) => e.variable === name);
      // A variable the chart copies from one value verbatim is set by writing that value.
      const only = rendered?.choices.length === 1 ? rendered.choices[0] : undefined;
      const copiedFrom = only && !only.when && !only.whenEquals ? only.from : undefined;
      const setBy = rendered?.setBy ?? (copiedFrom ? [{ path: copiedFrom, value: JSON.stringify(value) }] : undefined);
      if (setBy) {
        for (const v of setBy) if (!values.some((w) => w.path === v.path)) values.push(v);
      } else if (!rendered && profile?.extraEnv) {
        extras.push([name, value]);
      } else return undefined;
    }
    if (extras.length === 0) return this.setValues(values, title, safety);
    const extraEdit = this.appendExtraEnv(profile!.extraEnv!.path, extras);
    if (!extraEdit) return undefined;
    return mergeFixes(title, safety, values.length > 0 ? [this.make(title, safety, [extraEdit]), this.setValues(values, title, safety)] : [this.make(title, safety, [extraEdit])]);
  }

  /**
   * A variable the chart does not render goes into its list of extra variables: a `{name, value}`
   * item after the last one, in the list's indentation. Only into a block list that exists: a
   * missing or flow list is left to the author.
   */
  private appendExtraEnv(path: string, pairs: [string, string][]): FileEdit | undefined {
    const values = this.project.helmValues;
    const node = values && extraEnvList(path, values.layers?.map((layer) => layer.root) ?? [values.root]);
    const file = node && this.yamlFile(node.path);
    if (!file || node?.kind !== "seq" || node.flow || node.items.length === 0) return undefined;
    const first = node.items[0];
    if (first.kind !== "map" || first.flow) return undefined;
    const indent = " ".repeat(Math.max(0, this.columnOf(file.path, first.span.start) - 2));
    const last = node.items[node.items.length - 1];
    return this.insertLinesAfter(file.path, last.span.end, pairs.flatMap(([n, v]) => [`- name: ${n}`, `  value: ${yamlString(v)}`]), indent);
  }

  /**
   * Sets several chart values in one fix. Values whose keys are missing under the same mapping
   * are written as one nested block, so two values under a missing `session:` do not each
   * create their own `session:` key.
   */
  setValues(values: { path: string; value: string }[], title: string, safety: FixSafety): Fix | undefined {
    const step = this.subchartPasswordStep(values);
    return step ? this.writeValues([...values, ...step.values], `${title}${step.title}`, safety) : this.writeValues(values, title, safety);
  }

  /**
   * Turning on the chart's Redis subchart with its published default password would give the
   * instance a password everyone knows (security/default-credentials). Where the values set no
   * password of their own, the fix also points the subchart and the app at a Secret, and says
   * in its title that the operator creates it (the chart requires it ahead of time).
   */
  private subchartPasswordStep(values: { path: string; value: string }[]): { values: { path: string; value: string }[]; title: string } | undefined {
    const helm = this.model?.helm;
    const subchart = chartProfileOf(helm?.chart)?.redisSubchart;
    const secret = subchart?.passwordSecret;
    if (!helm || !subchart || !secret || !values.some((v) => v.path === subchart.enabled && v.value === "true")) return undefined;
    if (values.some((v) => v.path.startsWith(`${subchart.enabled.replace(/\.enabled$/, "")}.auth.`))) return undefined;
    const auth = helm.get(secret.auth);
    if (auth && (auth.value === false || auth.value === "false")) return undefined;
    const existing = helm.get(secret.secret);
    const password = helm.get(secret.password);
    const written = (fact: typeof existing): string | undefined => (fact && !fact.isDefault && fact.value !== null && fact.value !== undefined ? String(fact.value) : undefined);
    if (existing?.certainty === "unknown" || password?.certainty === "unknown") return undefined;
    if (written(existing) || (written(password) && written(password) !== secret.defaultPassword)) return undefined;
    return {
      values: [
        { path: secret.secret, value: secret.suggestedSecret },
        { path: secret.key, value: secret.suggestedKey },
      ],
      title: `, with its password from Secret ${secret.suggestedSecret} (key ${secret.suggestedKey}), which you create first`,
    };
  }

  private writeValues(values: { path: string; value: string }[], title: string, safety: FixSafety): Fix | undefined {
    if (values.length === 0) return undefined;
    if (values.length === 1) return this.writeValue(values[0].path, values[0].value, title, safety);
    const layer = this.sharedLayerOf(values.map((v) => v.path));
    const file = layer?.file ?? this.project.helmValues?.file ?? this.project.yamlFiles[0];
    const root = asMap(layer?.root ?? this.project.helmValues?.root ?? file?.roots[0]);
    if (!file || !root) return undefined;
    type Tree = Map<string, Tree | string>;
    const inserts = new Map<YMap, Tree>();
    const edits: FileEdit[] = [];
    for (const { path, value } of values) {
      const segments = pathSegments(path);
      let map: YMap = root;
      let depth = 0;
      for (; depth < segments.length; depth++) {
        const entry = entryOf(map, segments[depth]);
        if (!entry || entry.merged) break;
        if (depth === segments.length - 1) {
          if (entry.value?.kind !== "scalar") return undefined;
          edits.push({ path: entry.value.path, span: entry.value.span, newText: value });
          break;
        }
        const next = asMap(entry.value);
        if (!next || next.flow) return undefined;
        map = next;
      }
      if (depth >= segments.length - 1 && entryOf(map, segments[segments.length - 1])) continue;
      if (map.flow || map.entries.every((e) => e.merged)) return undefined;
      let tree = inserts.get(map);
      if (!tree) {
        tree = new Map();
        inserts.set(map, tree);
      }
      let node: Tree = tree;
      for (const segment of segments.slice(depth, -1)) {
        const child = node.get(segment);
        if (typeof child === "string") return undefined;
        const sub: Tree = child ?? new Map();
        node.set(segment, sub);
        node = sub;
      }
      node.set(segments[segments.length - 1], value);
    }
    const render = (tree: Tree, pad: string): string[] => [...tree].flatMap(([key, v]) => (typeof v === "string" ? valueLines(`${pad}${key}: `, v, `${pad}  `) : [`${pad}${key}:`, ...render(v, `${pad}  `)]));
    for (const [map, tree] of inserts) {
      const own = ownEntries(map);
      if (own.length === 0) return undefined;
      const indent = " ".repeat(this.columnOf(file.path, own[own.length - 1].keySpan.start));
      const edit = this.insertLinesAfter(file.path, own[own.length - 1].span.end, render(tree, ""), indent);
      if (!edit) return undefined;
      edits.push(edit);
    }
    return this.make(title, safety, edits);
  }

  /**
   * Sets a fact the model located to a new value: a scalar in place (its quotes kept), or a
   * chart value by its path. Undefined when the fact cannot be edited.
   */
  setFact(fact: Fact<unknown> | undefined, value: string, title: string, safety: FixSafety): Fix | undefined {
    const edit = fact?.edit;
    if (!edit) return undefined;
    if (edit.kind === "chart-value") return this.setValue(edit.path, value, title, safety);
    if (edit.kind === "insert") return this.replace(edit.location, `${edit.prefix ?? ""}${value}${edit.suffix ?? ""}`, title, safety);
    if (edit.kind === "map-key") {
      const line = this.insertLinesAfter(edit.after.path, edit.after.span.end, [`${edit.key}: ${value}`], " ".repeat(edit.indent));
      return line ? this.make(title, safety, [line]) : undefined;
    }
    // `replicas: ${APP_REPLICAS}`: the value is the `.env` line's, when nothing else reads it.
    const variable = this.variableBehind(edit.location);
    if (variable) return this.make(title, safety, [this.variableEdit(variable, value)]);
    const written = this.project.sourceAt(edit.location);
    const quoted = written.length >= 2 && /^["']/.test(written) && written.endsWith(written[0]);
    return this.replace(edit.location, quoted ? `${written[0]}${value}${written[0]}` : value, title, safety);
  }

  /**
   * The `.env` variable behind a Compose value written as one reference (`${NAME}`,
   * `${NAME:-default}`, `$NAME`): Compose fills it from that line
   * (https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/), so a fix
   * of the value belongs there, not over the reference. Undefined for a stack (`docker stack
   * deploy` reads no `.env`: editing it would change nothing), for a variable no `.env` of the
   * file defines, and for one that other places read too, which the edit would change as well:
   * there the reference itself is replaced, in the one place the fix means.
   */
  private variableBehind(location: Location): VariableDefinition | undefined {
    if (this.project.kind !== "compose" || (this.project.stackFiles?.size ?? 0) > 0) return undefined;
    const lone = /^\$(?:([A-Za-z_]\w*)|\{([A-Za-z_]\w*)(?::?-[^}$]*)?\})$/.exec(this.project.sourceAt(location).trim());
    const name = lone?.[1] ?? lone?.[2];
    const variable = name === undefined ? undefined : this.project.variablesFor(location.path).get(name);
    if (!variable || this.project.textOf(variable.valueLocation.path) === undefined) return undefined;
    const inside = (use: Location, at: Location | undefined): boolean => at !== undefined && use.path === at.path && use.span.start >= at.span.start && use.span.end <= at.span.end;
    // Another service reading it would change too, unseen (and get a session handler without its path, say).
    if (this.usesOf(name!).some((use) => !inside(use, location))) return undefined;
    return variable;
  }

  private uses: Map<string, Location[]> | undefined;

  /** Where each variable is read, by name (built once: a scan per fix was quadratic in a big stack). */
  private usesOf(name: string): Location[] {
    if (!this.uses) {
      this.uses = new Map();
      for (const site of this.project.interpolations) {
        const list = this.uses.get(site.reference.name);
        if (list) list.push(site.location);
        else this.uses.set(site.reference.name, [site.location]);
      }
    }
    return this.uses.get(name) ?? [];
  }

  /** The `.env` value replaced, in its quotes when it had them, else in a form the env-file parser reads back unchanged. */
  private variableEdit(variable: VariableDefinition, value: string): FileEdit {
    const written = this.project.sourceAt(variable.valueLocation);
    const quote = written.length >= 2 && /^["']/.test(written) && written.endsWith(written[0]) ? written[0] : "";
    const newText = quote && !value.includes(quote) && !/[\r\n]/.test(value) ? `${quote}${value}${quote}` : envFileValue(value);
    return { path: variable.valueLocation.path, span: variable.valueLocation.span, newText };
  }

  /**
   * Defines `NAME=value` at the end of the project's `.env` (the file Compose fills `${NAME}`
   * from), in that file's line-break style, together with `alongWith` (e.g. the `${NAME}` that
   * replaces a literal). Undefined when there is no such file, it already names the variable, or
   * the value has no form the env-file parser reads back unchanged.
   */
  defineVariable(name: string, value: string, title: string, safety: FixSafety, alongWith: FileEdit[] = []): Fix | undefined {
    const env = this.project.dotenv;
    const written = dotenvLiteral(value);
    if (!env || written === undefined || env.entries.some((e) => e.key === name)) return undefined;
    // A `.env` git tracks is committed like the file the value would leave: moving it there hides nothing.
    if (this.project.trackedEnvFiles?.get(env.path) === true) return undefined;
    const eol = new LineIndex(env.text).eol;
    // A file without a final line break keeps that style, so several fixes append cleanly.
    const line = env.text.length > 0 && !/[\r\n]$/.test(env.text) ? `${eol}${name}=${written}` : `${name}=${written}${eol}`;
    return this.make(title, safety, [...alongWith, { path: env.path, span: { start: env.text.length, end: env.text.length }, newText: line }]);
  }

  /**
   * Passes `--name=value` to a database server: in the chart value that holds its flags (the
   * option's chart-value edit target; unsafe, the value is the author's or the chart's), or in
   * its Compose `command:` (see server-flag-edit). Undefined when the image is not known to take
   * server flags or the layout cannot be edited.
   */
  setServerFlag(database: DatabaseModel, option: Fact<string> | undefined, name: string, value: string, title: string): Fix | undefined {
    const edit = option?.edit;
    if (edit?.kind === "chart-value") {
      const current = this.model?.helm?.get(edit.path);
      if (!current || current.isDefault || current.value === null) return this.setValue(edit.path, yamlString(chartFlagsText(undefined, name, value)), title, "unsafe");
      if (typeof current.value !== "string" || !current.valueLocation) return undefined;
      const written = this.project.sourceAt(current.valueLocation);
      // A block scalar or an escaped string is not rewritten in place.
      const inner = /^["']/.test(written) ? written.slice(1, -1) : written;
      if (inner !== current.value) return undefined;
      return this.setFact({ value: current.value, related: [], edit: { kind: "text", location: current.valueLocation } }, chartFlagsText(current.value, name, value), title, "unsafe");
    }
    if (!database.takesServerFlags) return undefined;
    if (this.project.kind === "k8s") return setK8sServerFlag(this, this.project, database.service, name, value, title);
    return setComposeServerFlag(this, this.project, database.service, name, value, title);
  }

  /**
   * Writes one item into a fact the chart takes as one string or, for a `list` target, as a list
   * of strings (an access mode): the string keeps its quoting; in a block list the item that
   * `replacing` matches (else the first) is rewritten in place, so layout and comments stay; a
   * missing list becomes `[item]`. Other targets are set as by setFact.
   */
  setFactItem(fact: Fact<unknown> | undefined, item: string, replacing: RegExp, title: string, safety: FixSafety): Fix | undefined {
    const edit = fact?.edit;
    if (edit?.kind !== "chart-value") return this.setFact(fact, item, title, safety);
    let node: YNode | undefined = this.layerOf(edit.path)?.root ?? this.project.helmValues?.root;
    for (const segment of pathSegments(edit.path)) node = entryOf(asMap(node), segment)?.value;
    const quoteOf = (n: YNode | undefined): string => (n?.kind === "scalar" && n.quote === "double" ? '"' : n?.kind === "scalar" && n.quote === "single" ? "'" : "");
    if (!edit.list) return this.setValue(edit.path, `${quoteOf(node)}${item}${quoteOf(node)}`, title, safety);
    if (node?.kind === "seq" && node.items.length > 0) {
      const target = node.items.find((i) => i.kind === "scalar" && replacing.test(i.text)) ?? node.items[0];
      if (target.kind !== "scalar" || target.quote === "block") return undefined;
      return this.replace({ path: target.path, span: target.span }, `${quoteOf(target)}${item}${quoteOf(target)}`, title, safety);
    }
    if (node?.kind === "map") return undefined;
    return this.setValue(edit.path, `[${item}]`, title, safety);
  }

  /** A standalone `.env` has no block to insert into: new variables go at its end, in its line ending. */
  private appendEnvLines(missing: [string, string][]): FileEdit | undefined {
    const path = this.project.dotenv?.path;
    const text = path === undefined ? undefined : this.project.textOf(path);
    if (path === undefined || text === undefined) return undefined;
    const eol = this.index(path)?.eol ?? "\n";
    const prefix = text.length > 0 && !/[\r\n]$/.test(text) ? eol : "";
    const lines = missing.map(([n, v]) => `${n}=${envFileValue(v)}`);
    return { path, span: { start: text.length, end: text.length }, newText: prefix + lines.join(eol) + eol };
  }

  private insertEnv(service: ServiceModel, missing: [string, string][]): FileEdit | undefined {
    const body = this.serviceBody(service);
    if (!body) return undefined;
    const environment = entryOf(body, "environment");
    const env = environment?.value;
    if (env?.kind === "seq" && !env.flow && env.items.length > 0) {
      const last = env.items[env.items.length - 1];
      const indent = " ".repeat(Math.max(0, this.columnOf(body.path, env.items[0].span.start) - 2));
      return this.insertLinesAfter(body.path, last.span.end, missing.map(([n, v]) => `- ${n}=${v}`), indent);
    }
    if (env?.kind === "map" && !env.flow) {
      const own = ownEntries(env);
      if (own.length === 0) return undefined;
      const indent = " ".repeat(this.columnOf(body.path, own[own.length - 1].keySpan.start));
      return this.insertLinesAfter(body.path, own[own.length - 1].span.end, missing.map(([n, v]) => `${n}: ${yamlString(v)}`), indent);
    }
    if (environment) return undefined;
    const keys = ownEntries(body);
    if (body.flow || keys.length === 0) return undefined;
    const indent = " ".repeat(this.columnOf(body.path, keys[keys.length - 1].keySpan.start));
    return this.insertLinesAfter(body.path, keys[keys.length - 1].span.end, ["environment:", ...missing.map(([n, v]) => `  - ${n}=${v}`)], indent);
  }

  /** The service's own mapping in the file that declares it (the base file before overrides). */
  serviceBody(service: ServiceModel): YMap | undefined {
    for (const file of this.project.composeFiles) {
      if (file.path !== service.nameLocation.path) continue;
      const services = asMap(entryOf(file.roots[0], "services")?.value);
      // The indexed lookup first (a scan per fix made fixes quadratic in a big stack's services).
      const byKey = entryOf(services, service.name);
      const entry = byKey?.keySpan.start === service.nameLocation.span.start ? byKey : services?.entries.find((e) => e.key === service.name && e.keySpan.start === service.nameLocation.span.start);
      return asMap(entry?.value);
    }
    return undefined;
  }

  /**
   * Removes a key of a compose service mapping (its whole lines) where the fact it set was written:
   * undefined when the key is not the service's own there or the mapping is a flow mapping.
   */
  removeServiceKey(service: ServiceModel, key: string, fact: Fact<unknown> | undefined, title: string, safety: FixSafety): Fix | undefined {
    const body = this.serviceBody(service);
    const entry = body && !body.flow ? ownEntries(body).find((e) => e.key === key) : undefined;
    const at = fact?.location;
    if (!entry || !at || at.path !== body!.path || at.span.start < entry.span.start || at.span.end > entry.span.end) return undefined;
    return this.deleteLines({ path: body!.path, span: entry.span }, title, safety);
  }

  /**
   * Adds a config.php file that sets `settings` (string values) where the format lets a fix
   * write one: the chart's map of config files (`nextcloud.configs`, which the chart writes into
   * the config directory). Undefined in other formats or when a file of that name is written.
   */
  addConfigFile(name: string, settings: [string, string][], title: string, safety: FixSafety): Fix | undefined {
    const helm = this.model?.helm;
    const files = chartProfileOf(helm?.chart)?.configFiles;
    if (!helm || !files || settings.some(([key, value]) => /['\\\r\n]/.test(key + value))) return undefined;
    const written = helm.get(files.path);
    if (written?.certainty === "unknown" || (written?.value && typeof written.value === "object" && name in written.value)) return undefined;
    const content = ["|-", "<?php", "$CONFIG = array (", ...settings.map(([key, value]) => `  '${key}' => '${value}',`), ");"].join("\n");
    return this.setValue(`${files.path}.${name.replace(/\./g, "\\.")}`, content, title, safety);
  }

  /** Adds a key to a compose service mapping (e.g. `command:`), after its last key. */
  addServiceKey(service: ServiceModel, lines: string[], title: string, safety: FixSafety): Fix | undefined {
    const body = this.serviceBody(service);
    if (!body || body.flow) return undefined;
    const keys = ownEntries(body);
    if (keys.length === 0) return undefined;
    const indent = " ".repeat(this.columnOf(body.path, keys[keys.length - 1].keySpan.start));
    const edit = this.insertLinesAfter(body.path, keys[keys.length - 1].span.end, lines, indent);
    return edit ? this.make(title, safety, [edit]) : undefined;
  }

  /**
   * Sets a Helm value by dotted path in the values file: replaces the scalar when it exists,
   * otherwise adds the missing keys under the deepest block mapping that exists.
   */
  setValue(dottedPath: string, yamlValue: string, title: string, safety: FixSafety): Fix | undefined {
    return this.setValues([{ path: dottedPath, value: yamlValue }], title, safety);
  }

  private writeValue(dottedPath: string, yamlValue: string, title: string, safety: FixSafety): Fix | undefined {
    const layer = this.layerOf(dottedPath);
    const file = layer?.file ?? this.project.helmValues?.file ?? this.project.yamlFiles[0];
    if (!file) return undefined;
    const segments = pathSegments(dottedPath);
    const root = layer?.root ?? this.project.helmValues?.root ?? file.roots[0];
    if (!root) {
      const text = file.text;
      const eol = new LineIndex(text).eol;
      const prefix = text.length > 0 && !/[\r\n]$/.test(text) ? eol : "";
      return this.make(title, safety, [{ path: file.path, span: { start: text.length, end: text.length }, newText: prefix + nested(segments, yamlValue, "", "  ").join(eol) + eol }]);
    }
    let map: YMap | undefined = asMap(root);
    let depth = 0;
    let node: YNode | undefined = root;
    while (map && depth < segments.length) {
      const entry = entryOf(map, segments[depth]);
      if (!entry || entry.merged) break;
      node = entry.value;
      depth++;
      if (entry.alias && this.isShared(file.path, node)) {
        // `persistence: *off` shares `redis: &off`: edit at the alias, never the anchor.
        if (depth === segments.length) return node?.kind === "scalar" ? this.replace({ path: file.path, span: entry.alias }, yamlValue, title, safety) : undefined;
        const edit = this.overrideAtAlias(file.path, entry, nested(segments.slice(depth), yamlValue, "", "  "));
        return edit ? this.make(title, safety, [edit]) : undefined;
      }
      if (depth === segments.length) {
        if (node?.kind === "scalar") return this.replace({ path: node.path, span: node.span }, yamlValue, title, safety);
        if (!node) {
          const index = this.index(file.path);
          // Only `key:` with nothing after it: a half-typed key without its colon cannot be edited safely.
          if (!index || file.text[entry.keySpan.end] !== ":") return undefined;
          return this.make(title, safety, [{ path: file.path, span: { start: entry.keySpan.end + 1, end: entry.keySpan.end + 1 }, newText: ` ${yamlValue}` }]);
        }
        return undefined;
      }
      const next = asMap(node);
      if (!next || next.flow) {
        if (next && next.flow && next.entries.length === 0) {
          // `key: {}` → a block with the new keys under it
          const indent = " ".repeat(this.columnOf(file.path, entry.keySpan.start));
          const eol = this.index(file.path)?.eol ?? "\n";
          const lines = nested(segments.slice(depth), yamlValue, `${indent}  `, "  ");
          return this.make(title, safety, [{ path: file.path, span: { start: entry.keySpan.end + 1, end: next.span.end }, newText: eol + lines.join(eol) }]);
        }
        if (node?.kind === "scalar" && (node.value === null || node.text === "")) {
          const indent = " ".repeat(this.columnOf(file.path, entry.keySpan.start));
          const eol = this.index(file.path)?.eol ?? "\n";
          const lines = nested(segments.slice(depth), yamlValue, `${indent}  `, "  ");
          return this.make(title, safety, [{ path: file.path, span: { start: entry.keySpan.end + 1, end: node.span.end }, newText: eol + lines.join(eol) }]);
        }
        return undefined;
      }
      map = next;
    }
    if (!map || map.flow) return undefined;
    const own = ownEntries(map);
    if (own.length === 0) return undefined;
    const indent = " ".repeat(this.columnOf(file.path, own[own.length - 1].keySpan.start));
    const lines = nested(segments.slice(depth), yamlValue, "", "  ");
    const edit = this.insertLinesAfter(file.path, own[own.length - 1].span.end, lines, indent);
    return edit ? this.make(title, safety, [edit]) : undefined;
  }
}

/**
 * One fix made of several: an edit two of them share (one env_file or anchor two services
 * read) once, inserts at one offset as one edit in order. Undefined when one is missing or two
 * edits overlap otherwise, since applying both would garble the text.
 */
export function mergeFixes(title: string, safety: FixSafety, fixes: (Fix | undefined)[]): Fix | undefined {
  if (fixes.some((f) => f === undefined)) return undefined;
  const edits: FileEdit[] = [];
  const atSpan = new Map<string, FileEdit[]>();
  for (const edit of fixes.flatMap((f) => f!.edits)) {
    const key = `${edit.path}\u0000${edit.span.start}\u0000${edit.span.end}`;
    const there = atSpan.get(key) ?? [];
    if (there.some((e) => e.newText === edit.newText)) continue;
    const same = edit.span.start === edit.span.end ? there[0] : undefined;
    // Lines inserted after a nested mapping's last line belong before those of a shallower one
    // inserted there: `  log:` (under `owncloud:`) before a new top-level `persistence:`.
    if (same) same.newText = insertedIndent(edit.newText) > insertedIndent(same.newText) ? edit.newText + same.newText : same.newText + edit.newText;
    else {
      const copy = { ...edit };
      edits.push(copy);
      atSpan.set(key, [...there, copy]);
    }
  }
  // Sorted by file and start, two edits collide only when one starts before its predecessor ends.
  const sorted = [...edits].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.span.start - b.span.start || a.span.end - b.span.end));
  for (let i = 1; i < sorted.length; i++) {
    const [before, after] = [sorted[i - 1], sorted[i]];
    if (before.path === after.path && after.span.start < before.span.end) return undefined;
  }
  return { title, safety, edits };
}

/** The indentation of the first line an insert writes. */
function insertedIndent(text: string): number {
  return /^(?:\r?\n)*( *)/.exec(text)?.[1].length ?? 0;
}

function nested(segments: string[], value: string, indent: string, unit: string): string[] {
  const lines: string[] = [];
  segments.forEach((segment, i) => {
    const pad = indent + unit.repeat(i);
    if (i < segments.length - 1) lines.push(`${pad}${segment}:`);
    else lines.push(...valueLines(`${pad}${segment}: `, value, pad + unit));
  });
  return lines;
}

/** `key: value`, or for a block scalar (`|-` and its lines) the lines under the key, one level deeper. */
function valueLines(head: string, value: string, deeper: string): string[] {
  const [first, ...rest] = value.split("\n");
  return [`${head}${first}`, ...rest.map((line) => (line === "" ? "" : `${deeper}${line}`))];
}

/**
 * The keys of a dotted chart path; `\.` is a dot inside a key (`nextcloud.configs.logging\.config\.php`
 * names the file `logging.config.php` of `nextcloud.configs`).
 */
export function pathSegments(path: string): string[] {
  return path.split(/(?<!\\)\./).map((segment) => segment.replace(/\\\./g, "."));
}

/** An env-file value that Compose's env-file parser reads back as this exact string. */
/** How a value must be written in `.env` to be read back unchanged; undefined when no form is safe. */
function dotenvLiteral(value: string): string | undefined {
  if (/^[^\s'"#\\$`]*$/.test(value)) return value;
  if (!value.includes("'") && !/[\r\n]/.test(value)) return `'${value}'`;
  return undefined;
}

export function envFileValue(value: string): string {
  if (/^[A-Za-z0-9_./:@%+,=?&${}-]*$/.test(value)) return value;
  return value.includes("'") ? JSON.stringify(value) : `'${value}'`;
}

/** A YAML scalar that Compose reads back as this exact string. */
export function yamlString(value: string): string {
  if (/^[A-Za-z0-9_./:@%+-]+$/.test(value) && !/^(true|false|yes|no|on|off|null|~|y|n)$/i.test(value) && !/^[-+]?(\d|\.\d)/.test(value)) return value;
  return JSON.stringify(value);
}

/** Whether an edit changes the text of a node: replaces part of it, or inserts inside it (a block ending at the file's end without a line break included). */
function editsInside(text: string, node: YNode, edit: FileEdit): boolean {
  const { start, end } = node.span;
  if (end <= start) return false;
  if (edit.span.end > edit.span.start) return edit.span.start < end && edit.span.end > start;
  const at = edit.span.start;
  if (at > start && at < end) return true;
  return at === end && node.kind !== "scalar" && !node.flow && !/[\r\n]$/.test(text.slice(start, end));
}

/** The start of the YAML properties (tags `!x`, anchors `&x`) written on the same line right before an offset. */
function propertiesStart(text: string, offset: number): number {
  let at = offset;
  for (;;) {
    let gap = at;
    while (gap > 0 && (text[gap - 1] === " " || text[gap - 1] === "\t")) gap--;
    let token = gap;
    while (token > 0 && !/\s/.test(text[token - 1])) token--;
    if (token === gap || gap === at || (text[token] !== "!" && text[token] !== "&")) return at;
    at = token;
  }
}
