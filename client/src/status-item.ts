import * as vscode from "vscode";
import type { ServerConnection, ServerStatus } from "./language-client";

/** What the status bar item shows, exposed so the extension API tests can read it. */
export interface StatusSnapshot {
  readonly visible: boolean;
  readonly text: string;
  readonly tooltip: string;
}

interface Counts {
  errors: number;
  warnings: number;
  infos: number;
  hints: number;
}

const label = "Scale-out Lint";

/**
 * The status bar item: the server's state, and for the active file the count of its findings (a
 * check mark when there are none). Shown only while the active editor is a file the server handles
 * or the server needs attention. Clicking opens the Problems panel.
 */
export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("scaleout.status", vscode.StatusBarAlignment.Right, 100);
  private readonly subscriptions: vscode.Disposable[] = [];
  private current: StatusSnapshot = { visible: false, text: "", tooltip: "" };

  constructor(private readonly server: ServerConnection) {
    this.item.name = label;
    this.item.command = "workbench.action.problems.focus";
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.languages.onDidChangeDiagnostics((event) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (event.uris.some((uri) => uri.toString() === active || isConfigUri(uri))) this.update();
      }),
      server.onDidChangeStatus(() => this.update()),
    );
    this.update();
  }

  get snapshot(): StatusSnapshot {
    return this.current;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.item.dispose();
  }

  private update(): void {
    const document = vscode.window.activeTextEditor?.document;
    const status = this.server.status;
    const handled = document !== undefined && this.server.handles(document);
    const broken = status === "running" ? this.brokenConfig() : undefined;
    const next = broken ? describeBrokenConfig(broken) : describe(status, handled, handled && document ? this.count(document.uri) : undefined, document);
    this.current = next;
    this.item.text = next.text;
    this.item.tooltip = next.tooltip;
    this.item.command = broken
      ? { title: "Open the configuration", command: "vscode.open", arguments: [broken.uri] }
      : "workbench.action.problems.focus";
    this.item.backgroundColor =
      status === "failed" ? new vscode.ThemeColor("statusBarItem.errorBackground") : broken ? new vscode.ThemeColor("statusBarItem.warningBackground") : undefined;
    if (next.visible) this.item.show();
    else this.item.hide();
  }

  /** A `.scaleout.yaml` the server found problems in: its settings apply only in part. */
  private brokenConfig(): { uri: vscode.Uri; problems: number } | undefined {
    let found: { uri: vscode.Uri; problems: number } | undefined;
    this.server.diagnostics?.forEach((uri, diagnostics) => {
      const problems = diagnostics.filter((d) => d.code === "config").length;
      if (!found && problems > 0 && isConfigUri(uri)) found = { uri, problems };
    });
    return found;
  }

  private count(uri: vscode.Uri): Counts {
    const counts: Counts = { errors: 0, warnings: 0, infos: 0, hints: 0 };
    for (const diagnostic of this.server.diagnostics?.get(uri) ?? []) {
      if (diagnostic.severity === vscode.DiagnosticSeverity.Error) counts.errors++;
      else if (diagnostic.severity === vscode.DiagnosticSeverity.Warning) counts.warnings++;
      else if (diagnostic.severity === vscode.DiagnosticSeverity.Information) counts.infos++;
      else counts.hints++;
    }
    return counts;
  }
}

function describe(
  status: ServerStatus,
  handled: boolean,
  counts: Counts | undefined,
  document: vscode.TextDocument | undefined,
): StatusSnapshot {
  const fileName = document ? vscode.workspace.asRelativePath(document.uri) : "";
  switch (status) {
    case "failed":
      return { visible: true, text: `$(error) ${label}`, tooltip: `${label}: the server failed to start. See the output channel.` };
    case "disabled":
      return { visible: handled, text: `$(circle-slash) ${label}`, tooltip: `${label} is turned off (scaleout.enable).` };
    case "starting":
      return { visible: handled, text: `$(sync~spin) ${label}`, tooltip: `${label}: starting the server…` };
    case "stopped":
      return { visible: handled, text: `$(debug-stop) ${label}`, tooltip: `${label}: the server is not running. Run "Scale-out Lint: Restart Server".` };
    case "running":
      break;
  }
  if (!counts) return { visible: false, text: `$(check) ${label}`, tooltip: label };
  const parts: string[] = [];
  if (counts.errors) parts.push(`$(error) ${counts.errors}`);
  if (counts.warnings) parts.push(`$(warning) ${counts.warnings}`);
  const text = parts.length ? `${label} ${parts.join(" ")}` : `$(check) ${label}`;
  const total = counts.errors + counts.warnings + counts.infos + counts.hints;
  const tooltip =
    total === 0
      ? `${label}: no findings in ${fileName}`
      : `${label}: ${plural(counts.errors, "error")}, ${plural(counts.warnings, "warning")}, ` +
        `${plural(counts.infos, "info")}, ${plural(counts.hints, "hint")} in ${fileName}. Click to open Problems.`;
  return { visible: true, text, tooltip };
}

function isConfigUri(uri: vscode.Uri): boolean {
  return uri.path.endsWith("/.scaleout.yaml");
}

/** Shown whatever file is active: a broken configuration changes every file's findings. */
function describeBrokenConfig(broken: { uri: vscode.Uri; problems: number }): StatusSnapshot {
  const file = vscode.workspace.asRelativePath(broken.uri);
  return {
    visible: true,
    text: `$(warning) ${label}: configuration broken`,
    tooltip: `${label}: ${file} has ${plural(broken.problems, "problem")}; those settings are not applied. Click to open it.`,
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
