import {
  CodeActionKind,
  createConnection,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  FileChangeType,
  MessageType,
  ShowMessageNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeParams,
  type InitializeResult,
} from "vscode-languageserver/node";
import { version } from "../../../package.json";
import { Engine } from "../engine/lint";
import type { LintOptions } from "../engine/lint-api";
import { docsUrlOf, ruleById } from "../engine/rules/registry";
import { ruleDocsSummary } from "../engine/services/rule-docs";
import { binaryReason, DEFAULT_MAX_FILE_SIZE } from "../engine/skipped-files";
import { basename, dirname, joinPath } from "../engine/workspace";
import { AnalysisScheduler } from "./analysis-scheduler";
import { codeActionsFor, FIX_ALL_KIND, SHOW_RULE_DOCS_COMMAND } from "./code-actions";
import { DIAGNOSTIC_SOURCE, type DiagnosticContext } from "./diagnostics";
import { clearDiagnostics, publishDiagnostics } from "./diagnostics-publisher";
import { DocumentWorkspace } from "./document-workspace";
import { describeError, guard } from "./guard";
import { completionAt } from "./completion";
import { hoverAt } from "./hover";
import { inlayHintsIn } from "./inlay-hints";
import { LineIndexes } from "./line-indexes";
import { definitionAt, documentLinksOf, type NavigationContext } from "./navigation";
import { existingFileIn } from "../engine/services/navigation";
import { ProjectAnalyses } from "./project-analyses";
import { CONFIG_FILE_NAME, ProjectConfigs } from "./project-config";
import { RULE_DOCS_REQUEST, ruleDocsResult } from "./rule-docs-request";
import { safeTextDocuments } from "./text-documents";
import { defaultSettings, lintOptionsOf, readSettings, type ServerSettings } from "./settings";
import { fsPathOf, pathToUri, uriToPath } from "./uri-path";
import { statSync } from "node:fs";
import { collectFiles, walkFinds } from "../cli/collect-files";
import { type CliConfig, type ConfigResolver, readConfig } from "../cli/load-config";
import { type IndexProgress, LINT_WORKSPACE_COMMAND, silentProgress, WorkspaceIndex } from "./workspace-index";
import type { CancellationToken, WorkDoneProgressReporter } from "vscode-languageserver";

// Wiring only: each feature lives in its own file. The transport (--stdio, --node-ipc, --socket)
// is chosen by createConnection from the command line.
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(safeTextDocuments);
const log = (message: string): void => connection.console.error(message);

const engine = new Engine();
// Once per rule and error: a rule that throws on every keystroke would otherwise flood the output.
const ruleErrors = new Set<string>();
engine.onRuleError = (ruleId, error) => {
  const text = describeError(error);
  if (ruleErrors.has(`${ruleId}\0${text}`)) return;
  ruleErrors.add(`${ruleId}\0${text}`);
  log(`rule ${ruleId} threw (skipped, other rules still report): ${text}`);
};
// A .scaleout.yaml may change the size limit of the files below it; its own size is the default one.
const workspace: DocumentWorkspace = new DocumentWorkspace((path: string): number => (basename(path) === CONFIG_FILE_NAME ? undefined : configs.optionsFor(path)?.maxFileSize) ?? DEFAULT_MAX_FILE_SIZE);
const lineIndexes = new LineIndexes();
const configs: ProjectConfigs = new ProjectConfigs(workspace, log, (configPath, text, problems) => {
  // Problems of `.scaleout.yaml` are diagnostics of that file: the user sees what is not applied.
  void connection
    .sendDiagnostics({
      uri: uriOf(configPath),
      diagnostics: problems.map((problem) => ({
        range: lineIndexes.rangeOf(configPath, text, problem.span),
        severity: DiagnosticSeverity.Error,
        source: DIAGNOSTIC_SOURCE,
        code: "config",
        message: problem.message.startsWith("not valid YAML") ? problem.message : `${problem.message} — this setting is not applied`,
      })),
    })
    .catch(() => undefined);
});
/** A document over its `maxFileSize` or binary gets no hover or completion, as it gets no lint. */
const tooLargeOrBinary = (path: string, text: string): boolean => text.length > (configs.optionsFor(path)?.maxFileSize ?? DEFAULT_MAX_FILE_SIZE) || binaryReason(text) !== undefined;
let initialSettings: ServerSettings = defaultSettings;
let settings: ServerSettings = defaultSettings;
/** The engine options of a project (by its entry file): the editor's settings over the nearest `.scaleout.yaml`. */
const optionsFor = (entry: string): LintOptions => ({ ...lintOptionsOf(settings, configs.optionsFor(entry), workspace.workspaceFolders(), workspace.folderOf(entry)), workspaceRoots: [...workspace.workspaceFolders()] });
const analyses = new ProjectAnalyses(engine, workspace, optionsFor, (path) => index.has(path));
/** The editor's workspace folders (engine paths): the workspace scan reads nothing outside them. */
let workspaceFolders: string[] = [];

/** The exact URI the client used for a path, so diagnostics land on its document. */
const knownUris = new Map<string, string>();
const uriOf = (path: string): string => workspace.openDocument(path)?.uri ?? knownUris.get(path) ?? pathToUri(path);
const pathOf = (uri: string): string | undefined => {
  const path = uriToPath(uri);
  if (path !== undefined) knownUris.set(path, uri);
  return path;
};
const diagnosticContext = (): DiagnosticContext => ({ engine, analyses, lineIndexes, docsBaseUrl: settings.docsBaseUrl, uriOf });

let supportsPullConfiguration = false;
let supportsDocumentChanges = false;
let supportsShowDocument = false;
let supportsWorkspaceFolders = false;
let supportsConfigurationRegistration = false;
let clientOpensRuleDocs = false;
let supportsInlayHintRefresh = false;
/** Commands the client registers itself (the VS Code extension: both), so the server does not advertise them. */
let clientCommands: string[] = [];

const scheduler = new AnalysisScheduler({
  analyse: ({ paths, nearby, everything }) => {
    // Disabled: every file that had diagnostics gets an empty list (no analysis reads it any more).
    if (!settings.enable) return analyses.clear();
    // Settings changed: the indexed projects are re-linted in the background, one per turn.
    if (everything) index.refresh();
    const affected = analyses.update(everything ? [...workspace.openPaths(), ...paths] : paths);
    for (const path of analyses.update(nearby, true)) affected.add(path);
    return affected;
  },
  publish: (paths) => {
    if (!settings.enable) clearDiagnostics(connection, paths, uriOf);
    else publishDiagnostics(connection, paths, workspace, diagnosticContext());
    // A `.env` edit changes the hints of the Compose file that reads it: the editor asks again.
    if (settings.enable && settings.inlayHints === true && paths.size > 0) refreshInlayHints();
  },
  onError: (error) => log(`analysis failed: ${describeError(error)}`),
});

/** The deployment files of the workspace folders, kept linted after "Lint the whole workspace". */
const index: WorkspaceIndex = new WorkspaceIndex({
  candidates: () => {
    const found = new Set<string>();
    for (const folder of workspaceFolders) {
      // The CLI's walk: .gitignore, `.scaleout.yaml` include/exclude, tool folders skipped; each file is checked later.
      const collected = collectFiles([folder], engine, workspace, { configs: folderConfigs(folder), respectGitignore: true, accept: () => true });
      for (const file of collected.files) found.add(file);
    }
    return [...found];
  },
  lintable: (path) => insideFolders(path) && engine.discover(path, workspace) !== undefined,
  isDirectory: (path) => isDirectory(path),
  // Only that folder is walked; each file found passes the whole walk's filter from the workspace folder down.
  candidatesUnder: (dir) => {
    const folder = workspace.folderOf(dir);
    if (folder === undefined) return [];
    const options = { configs: folderConfigs(folder), respectGitignore: true, accept: () => true };
    try {
      return collectFiles([dir], engine, workspace, options).files.filter((file) => walkFinds(folder, file, engine, workspace, options));
    } catch {
      // Gone again since it was reported.
      return [];
    }
  },
  // A file or folder created after the scan passes the scan's own filter (.gitignore, `.scaleout.yaml` exclude).
  found: (path) => workspaceFolders.some((folder) => walkFinds(folder, path, engine, workspace, { configs: folderConfigs(folder), respectGitignore: true, accept: () => true })),
  lint: (path) => (settings.enable ? analyses.update([path]) : new Set()),
  // A file of several Compose file sets is done once every one of them is linted (two sets may share it).
  settled: (path) => (optionsFor(path).composeFileSets?.length ?? 0) < 2 || analyses.hasAll(engine.discoverAll(path, workspace, optionsFor(path))),
  lintChange: (path, nearby) => (settings.enable ? analyses.update([path], nearby) : new Set()),
  publish: (paths) => {
    if (settings.enable) publishDiagnostics(connection, paths, workspace, diagnosticContext());
  },
  busy: () => !scheduler.idle,
  enabled: () => settings.enable,
  onError: (error) => log(`linting a change on disk failed: ${describeError(error)}`),
});

function isDirectory(path: string): boolean {
  try {
    return statSync(fsPathOf(path)).isDirectory();
  } catch {
    return false;
  }
}

const insideFolders = (path: string): boolean => workspaceFolders.some((folder) => path === folder || path.startsWith(folder.endsWith("/") ? folder : `${folder}/`));

/**
 * The nearest `.scaleout.yaml` include/exclude of a folder, as the CLI finds it, but never above
 * the workspace folder (nothing outside it is read); a broken one excludes nothing (its
 * problems show in the file).
 */
function folderConfigs(folder: string): Pick<ConfigResolver, "forDir"> {
  const none: CliConfig = { path: undefined, options: {}, root: folder, include: [], exclude: [] };
  const byDir = new Map<string, CliConfig>();
  const forDir = (dir: string): CliConfig => {
    if (!insideFolders(dir)) return none;
    const cached = byDir.get(dir);
    if (cached) return cached;
    const candidate = joinPath(dir, CONFIG_FILE_NAME);
    let config = none;
    if (workspace.readFile(candidate) !== undefined) {
      try {
        config = readConfig(candidate);
      } catch {
        config = none;
      }
    } else if (dir !== folder && dirname(dir) !== dir) config = forDir(dirname(dir));
    byDir.set(dir, config);
    return config;
  };
  return { forDir };
}

/** Runs a scan once the settings are known; a newer scan supersedes a running one. */
async function runIndex(progress: IndexProgress, known = false): Promise<{ files: number; projects: number; cancelled: boolean }> {
  await settingsReady;
  if (!settings.enable) {
    progress.done("Scale-out Lint is disabled");
    return { files: 0, projects: 0, cancelled: true };
  }
  return index.scan(progress, known);
}

/** LSP work-done progress (when the client supports it), cancellable by the client or by `$/cancelRequest`. */
function progressOf(reporter: WorkDoneProgressReporter & { token?: CancellationToken }, request?: CancellationToken): IndexProgress {
  return {
    begin: (title, message) => reporter.begin(title, 0, message, true),
    report: (percentage, message) => reporter.report(percentage, message),
    done: () => reporter.done(),
    get cancelled() {
      return reporter.token?.isCancellationRequested === true || request?.isCancellationRequested === true;
    },
  };
}

let settingsLoaded!: () => void;
/** Resolved once the editor's settings are known: requests wait for it rather than answer without them. */
const settingsReady = new Promise<void>((resolve) => (settingsLoaded = resolve));

/**
 * Requests answer from the latest finished analysis and never wait for a newer one, so typing
 * is never blocked behind a lint. Two exceptions run what is queued first: a document that has
 * no analysis yet (just opened: its first lint is due anyway), and `fresh` (fix-all, which
 * must apply to the current version).
 */
async function settledFor(path: string | undefined, fresh = false): Promise<void> {
  await settingsReady;
  if (!scheduler.hasPending) return;
  if (fresh || (path !== undefined && scheduler.isPending(path) && analyses.analysesOf(path).length === 0)) scheduler.flush();
}

function requestAnalysis(paths: string[], nearby = false): void {
  scheduler.request(paths, nearby);
}

// Until the editor's settings arrive, nothing is linted: a rule the user turned off must not flash.
scheduler.hold();

connection.onInitialize(
  guard("initialize", log, { capabilities: {} } as InitializeResult, (params: InitializeParams): InitializeResult => {
    const capabilities = params.capabilities;
    supportsPullConfiguration = capabilities.workspace?.configuration === true;
    supportsDocumentChanges = capabilities.workspace?.workspaceEdit?.documentChanges === true;
    supportsShowDocument = capabilities.window?.showDocument?.support === true;
    supportsWorkspaceFolders = capabilities.workspace?.workspaceFolders === true;
    supportsConfigurationRegistration = capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    clientOpensRuleDocs = clientShowsRuleDocs(params);
    supportsInlayHintRefresh = capabilities.workspace?.inlayHint?.refreshSupport === true;
    const declared = (params.initializationOptions as { clientCommands?: unknown } | undefined)?.clientCommands;
    clientCommands = Array.isArray(declared) ? declared.filter((c): c is string => typeof c === "string") : [];
    initialSettings = readSettings(params.initializationOptions);
    settings = initialSettings;
    const folders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((p): p is string => p !== undefined);
    const root = params.rootUri ? uriToPath(params.rootUri) : (params.rootPath ?? undefined);
    workspaceFolders = folders.length > 0 ? folders : root ? [root] : [];
    configs.setFolders(folders.length > 0 ? folders : root ? [root] : []);
    workspace.setFolders(folders.length > 0 ? folders : root ? [root] : []);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        hoverProvider: true,
        // Always offered; the `scaleout.inlayHints.enabled` setting (off by default) decides whether any are sent.
        inlayHintProvider: true,
        completionProvider: { triggerCharacters: ["=", ":", " ", "-"], resolveProvider: false },
        documentLinkProvider: { resolveProvider: false },
        definitionProvider: true,
        // VS Code's client shows rule docs itself (registering the command twice would fail there).
        // A language client registers the advertised commands in the editor; the client's own are left out.
        executeCommandProvider: {
          commands: [...(clientOpensRuleDocs ? [] : [SHOW_RULE_DOCS_COMMAND]), LINT_WORKSPACE_COMMAND].filter((c) => !clientCommands.includes(c)),
        },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: "scaleout-lint", version },
    };
  }),
);

function clientShowsRuleDocs(params: InitializeParams): boolean {
  const options = params.initializationOptions as { clientCommands?: unknown } | undefined;
  if (Array.isArray(options?.clientCommands)) return options.clientCommands.includes(SHOW_RULE_DOCS_COMMAND);
  return /visual studio code|vscodium|code - oss|code-server|cursor|windsurf/i.test(params.clientInfo?.name ?? "");
}

connection.onInitialized(
  guard("initialized", log, undefined, () => {
    if (supportsConfigurationRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: "scaleout" }).catch(() => undefined);
    }
    if (supportsWorkspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(
        guard("workspace folders", log, undefined, (event) => {
          const paths = (folders: { uri: string }[]): string[] => folders.map((f) => uriToPath(f.uri)).filter((p): p is string => p !== undefined);
          const removed = paths(event.removed);
          workspaceFolders = [...workspaceFolders.filter((f) => !removed.includes(f)), ...paths(event.added)];
          index.forget((path) => !insideFolders(path));
          configs.changeFolders(paths(event.added), paths(event.removed));
          workspace.changeFolders(paths(event.added), paths(event.removed));
          scheduler.requestAll();
          // An indexed workspace stays indexed whole: an added folder is walked and linted too.
          if (index.active && event.added.length > 0) void index.scan().catch((error: unknown) => log(`linting the workspace failed: ${describeError(error)}`));
        }),
      );
    }
    void reloadSettings();
  }),
);

/** Pulls `scaleout.*` from the editor (when it supports workspace/configuration), then re-lints everything. */
async function reloadSettings(pushed?: unknown): Promise<void> {
  const previous = settings;
  try {
    if (supportsPullConfiguration) {
      const pull = connection.workspace.getConfiguration([{ section: "scaleout" }]) as Promise<unknown[]>;
      // A client that never answers must not keep the server from linting.
      const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 3000).unref());
      const answer = await Promise.race([pull, timeout]);
      if (answer === undefined) log("the editor did not answer workspace/configuration within 3 s; using the initialization options");
      else settings = readSettings(answer[0], initialSettings);
    } else if (pushed !== undefined) {
      settings = readSettings(pushed, initialSettings);
    }
  } catch (error) {
    log(`reading the settings failed, keeping the previous ones: ${describeError(error)}`);
  }
  if ((settings.inlayHints === true) !== (previous.inlayHints === true) || settings.enable !== previous.enable) refreshInlayHints();
  scheduler.requestAll();
  scheduler.release();
  settingsLoaded();
  if (settings.lintWorkspaceOnStartup && !index.active && !index.running) {
    void createProgress().then((progress) => runIndex(progress)).catch((error: unknown) => log(`linting the workspace failed: ${describeError(error)}`));
  }
}

/** Server-initiated progress (window/workDoneProgress/create); nothing when the client does not support it. */
async function createProgress(workDoneToken?: string | number, request?: CancellationToken): Promise<IndexProgress> {
  if (workDoneToken !== undefined) return progressOf(connection.window.attachWorkDoneProgress(workDoneToken), request);
  try {
    return progressOf(await connection.window.createWorkDoneProgress(), request);
  } catch {
    return { ...silentProgress, get cancelled() { return request?.isCancellationRequested === true; } };
  }
}

connection.onDidChangeConfiguration(
  guard("didChangeConfiguration", log, undefined, (params) => {
    void reloadSettings((params.settings as { scaleout?: unknown } | undefined)?.scaleout ?? params.settings);
  }),
);

documents.onDidOpen(
  guard("didOpen", log, undefined, ({ document }) => {
    // Registered before the content event that follows, so the analysis reads the editor's text.
    if (pathOf(document.uri) !== undefined) workspace.open(document);
  }),
);
documents.onDidChangeContent(
  guard("didChange", log, undefined, ({ document }) => {
    const path = pathOf(document.uri);
    if (path === undefined) return;
    if (basename(path) === CONFIG_FILE_NAME) {
      // An unsaved edit of the config counts: it is checked now and every open project re-linted.
      configs.check(path);
      scheduler.requestAll();
      return;
    }
    requestAnalysis([path]);
  }),
);
documents.onDidSave(
  guard("didSave", log, undefined, ({ document }) => {
    const path = pathOf(document.uri);
    if (path !== undefined) requestAnalysis([path]);
  }),
);
documents.onDidClose(
  guard("didClose", log, undefined, ({ document }) => {
    // The file falls back to its content on disk; a project with no open file left is dropped.
    const path = workspace.close(document.uri);
    if (path !== undefined) requestAnalysis([path]);
  }),
);

connection.onDidChangeWatchedFiles(
  guard("didChangeWatchedFiles", log, undefined, ({ changes }) => {
    for (const change of changes) {
      const path = pathOf(change.uri);
      if (path === undefined) continue;
      if (basename(path) === CONFIG_FILE_NAME) {
        if (change.type === FileChangeType.Deleted) configs.forget(path);
        else if (!workspace.isOpen(path)) configs.check(path);
        scheduler.requestAll();
        // Its include/exclude may let other files in or keep some out: the workspace is walked again.
        if (index.active) void index.scan().catch((error: unknown) => log(`linting the workspace failed: ${describeError(error)}`));
        continue;
      }
      if (basename(path) === ".gitignore") {
        // What the scan skips changed: the indexed files are found again (and ignored ones leave).
        if (index.active) void index.scan().catch((error: unknown) => log(`linting the workspace failed: ${describeError(error)}`));
        continue;
      }
      const nearby = change.type !== FileChangeType.Changed;
      if (change.type === FileChangeType.Deleted) {
        // A deleted folder (or a renamed one: deleted, then created) takes the files below it along.
        const below = analyses.filesUnder(path);
        engine.cache.forget(path);
        for (const file of below) engine.cache.forget(file);
        index.forget((file) => file === path || file.startsWith(`${path}/`));
        // An open document's text is the editor's, not the disk's: its own events cover it.
        if (workspace.isOpen(path) && below.length === 0) continue;
        const paths = [path, ...below.filter((file) => !workspace.isOpen(file))];
        // Once the workspace is indexed, changes on disk may be many: they wait for the editor's own analyses.
        if (index.active) index.lintInBackground(paths, nearby);
        else requestAnalysis(paths, nearby);
        continue;
      }
      engine.cache.noteChanged(path);
      // Created, or changed into a deployment file (a folder brings the files below it): whether it
      // joins the index is found out in the background too, one file per turn.
      if (index.active && !workspace.isOpen(path)) {
        index.lintInBackground([path], nearby, true);
        continue;
      }
      index.consider(path);
      if (!workspace.isOpen(path)) requestAnalysis([path], nearby);
    }
  }),
);

connection.onCodeAction(
  guard("codeAction", log, [], async (params) => {
    const path = uriToPath(params.textDocument.uri);
    const only = params.context.only;
    const wantsFixAll = only?.some((kind) => FIX_ALL_KIND === kind || FIX_ALL_KIND.startsWith(`${kind}.`)) === true;
    await settledFor(path, wantsFixAll);
    if (path === undefined || !settings.enable) return [];
    const actions = codeActionsFor(path, params, {
      analyses,
      lineIndexes,
      uriOf,
      openVersionOf: (p) => workspace.openDocument(p)?.version,
      supportsDocumentChanges,
      writable: (p) => workspace.writable(p),
    });
    // Edits computed for another version of the document would land in the wrong place: offer
    // only what needs no edit (the docs command) until the current version is analysed.
    const document = workspace.openDocument(path);
    if (document && !analyses.isCurrent(path, document.version)) return actions.filter((action) => !action.edit);
    return actions;
  }),
);

connection.onHover(
  guard("hover", log, null, async (params) => {
    const path = uriToPath(params.textDocument.uri);
    await settledFor(path);
    const document = documents.get(params.textDocument.uri);
    if (path === undefined || !document || !settings.enable) return null;
    const text = document.getText();
    if (tooLargeOrBinary(path, text)) return null;
    // The latest analysis may be of an older text: its findings, moved to where they are now.
    const seen = analyses.asSeenIn(path, text);
    return hoverAt(path, text, document.offsetAt(params.position), {
      engine,
      analyses: seen,
      lineIndexes,
      docsBaseUrl: settings.docsBaseUrl,
      ruleDocsCommand: clientOpensRuleDocs ? SHOW_RULE_DOCS_COMMAND : undefined,
    }) ?? null;
  }),
);

/** workspace/inlayHint/refresh, for clients that support it: their hints are of other settings or texts. */
function refreshInlayHints(): void {
  if (supportsInlayHintRefresh) void connection.languages.inlayHint.refresh().catch(() => undefined);
}

connection.languages.inlayHint.on(
  guard("inlayHint", log, [], async (params) => {
    const path = uriToPath(params.textDocument.uri);
    await settledFor(path);
    const document = documents.get(params.textDocument.uri);
    if (path === undefined || !document || !settings.enable || settings.inlayHints !== true) return [];
    const text = document.getText();
    if (tooLargeOrBinary(path, text)) return [];
    return inlayHintsIn(path, text, params.range, { analyses, lineIndexes });
  }),
);

connection.onCompletion(
  guard("completion", log, null, async (params) => {
    const path = uriToPath(params.textDocument.uri);
    await settledFor(path);
    const document = documents.get(params.textDocument.uri);
    if (path === undefined || !document || !settings.enable) return null;
    const text = document.getText();
    if (tooLargeOrBinary(path, text)) return null;
    return completionAt(path, text, document.offsetAt(params.position), { cache: engine.cache, analyses, workspace, lineIndexes });
  }),
);

const navigationContext = (): NavigationContext => ({ analyses, lineIndexes, cache: engine.cache, uriOf, exists: existingFileIn(workspace) });
/** Links and definitions come only from an analysis of this very text: one queued for it runs now rather than next turn. */
const navigationSettled = (path: string | undefined, uri: string): Promise<void> => {
  const text = documents.get(uri)?.getText();
  return settledFor(path, path !== undefined && scheduler.isPending(path) && !analyses.analysesOf(path).some((a) => a.texts.get(path) === text));
};

connection.onDocumentLinks(
  guard("documentLink", log, [], async (params) => {
    const path = uriToPath(params.textDocument.uri);
    await navigationSettled(path, params.textDocument.uri);
    const document = documents.get(params.textDocument.uri);
    if (path === undefined || !document || !settings.enable) return [];
    const text = document.getText();
    if (tooLargeOrBinary(path, text)) return [];
    return documentLinksOf(path, text, navigationContext());
  }),
);

connection.onDefinition(
  guard("definition", log, null, async (params) => {
    const path = uriToPath(params.textDocument.uri);
    await navigationSettled(path, params.textDocument.uri);
    const document = documents.get(params.textDocument.uri);
    if (path === undefined || !document || !settings.enable) return null;
    const text = document.getText();
    if (tooLargeOrBinary(path, text)) return null;
    return definitionAt(path, text, document.offsetAt(params.position), navigationContext());
  }),
);

connection.onRequest(
  RULE_DOCS_REQUEST,
  guard(RULE_DOCS_REQUEST, log, null, async (params: unknown) => {
    await settingsReady;
    return ruleDocsResult(params, settings.docsBaseUrl);
  }),
);

connection.onExecuteCommand(
  guard("executeCommand", log, null, async (params, token) => {
    if (params.command === LINT_WORKSPACE_COMMAND) return runIndex(await createProgress(params.workDoneToken, token));
    if (params.command !== SHOW_RULE_DOCS_COMMAND) return null;
    await settingsReady;
    const result = ruleDocsResult({ ruleId: params.arguments?.[0] }, settings.docsBaseUrl);
    const rule = ruleById(result.ruleId)!;
    // Editors without a docs view of their own: open the published page, or say the essentials.
    if (supportsShowDocument && settings.docsBaseUrl) {
      void connection.window.showDocument({ uri: docsUrlOf(result.ruleId, settings.docsBaseUrl), external: true }).catch(() => undefined);
    } else {
      // A notification, not window/showMessageRequest: there is nothing to choose.
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: ruleDocsSummary(rule.meta) });
    }
    return result;
  }),
);

connection.onShutdown(guard("shutdown", log, undefined, () => scheduler.dispose()));

// Last line of defence: a stray exception is logged; the server keeps serving.
process.on("uncaughtException", (error) => log(`uncaught: ${describeError(error)}`));
process.on("unhandledRejection", (error) => log(`unhandled rejection: ${describeError(error)}`));

documents.listen(connection);
connection.listen();
