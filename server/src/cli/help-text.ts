import type { CommandName } from "./parse-args";

export const GENERAL_HELP = `scaleout-lint — lint the deployment files of clustered ownCloud and Nextcloud installations
(Docker Compose/Swarm + .env, Helm values of nextcloud/helm and owncloud-docker/helm-charts, .env)

Usage:
  scaleout-lint check [paths…] [options]   report findings (default path: .)
  scaleout-lint fix [paths…] [options]     apply the safe fixes, then lint again
  scaleout-lint rules [--format F]         list every rule
  scaleout-lint explain <rule-id>          print a rule's documentation
  scaleout-lint --help | --version

Run \`scaleout-lint <command> --help\` for the options of a command.

Exit codes: 0 no error-severity finding, 1 at least one, 2 usage error (unknown option,
format or rule id, a missing path, an invalid .scaleout.yaml).
`;

const SHARED_LINT_OPTIONS = `  --config FILE          read this config instead of ./.scaleout.yaml
  --assume-cluster       treat every deployment as running on several nodes
  --no-color             no colors (also NO_COLOR=1; colors only on a terminal anyway)
  -h, --help             this help`;

export const COMMAND_HELP: Record<CommandName, string> = {
  check: `Usage: scaleout-lint check [paths…] [options]

Lints files and folders (folders are searched for compose*.yaml, docker-compose*.yml,
*.stack.yml, values*.yaml, YAML with top-level services:, and .env files; hidden folders such
as .examples are searched, node_modules, .git, dist and tool folders such as .venv are not).
Each file is linted with its project: the compose.override.yaml, the .env and env_file files,
the Chart.yaml next to Helm values. Nothing to lint is an error (exit code 2).

Options:
  -f, --format FORMAT    text (default), json or sarif (SARIF 2.1.0)
  --severity LEVEL       report only findings at or above error, warning, info or hint (default)
  -o, --output FILE      write the report to FILE instead of standard output
${SHARED_LINT_OPTIONS}
`,
  fix: `Usage: scaleout-lint fix [paths…] [options]

Applies the safe fixes of every finding (with --unsafe also the unsafe ones; suggestions never),
writes the files, then lints again and prints what is left.

Options:
  --dry-run              print the changes as a diff, write nothing
  --unsafe               also apply unsafe fixes (review them: they change behaviour)
${SHARED_LINT_OPTIONS}
`,
  rules: `Usage: scaleout-lint rules [--format text|json|markdown]

Lists every rule: id, default severity, formats (C Compose/Swarm, H Helm values, E .env,
K Kubernetes), priority, whether it is cluster-only, fix safety and title.
`,
  explain: `Usage: scaleout-lint explain <rule-id>

Prints a rule's documentation: what it does, why it matters, an example, what to use
instead, what its fix does. \`scaleout-lint rules\` lists the ids.
`,
};
