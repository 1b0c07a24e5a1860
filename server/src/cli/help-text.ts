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

Exit codes: 0 no error-severity finding, 1 at least one (or more warnings than --max-warnings),
2 usage error (unknown option, format or rule id, a missing path, an invalid .scaleout.yaml,
nothing to lint), or something was not linted: a binary file, a file over the size limit
(maxFileSize, 5 MB by default), an unreadable file, a path that is not a lintable file, a rule
that failed (each is named on standard error, in JSON's "problems" and in SARIF's invocations;
--no-fail-on-skip exits by the findings only).
`;

const SHARED_LINT_OPTIONS = `  --config FILE          use this config for every file instead of the nearest .scaleout.yaml
  --assume-cluster       treat every deployment as running on several nodes
  --deploy CMD           how the Compose files are deployed: compose (docker compose reads
                         .env for \${VAR}) or stack (docker stack deploy does not); default:
                         by the file's name (stack.yml, *.stack.yml) or deploy.placement
  --values FILE          a Helm values file of one release; repeat it for the layers in the
                         order helm install -f gets them (later files win): --values
                         values.yaml --values values-prod.yaml
  --file FILE            a Compose file of the set to lint, as docker compose -f takes it;
                         repeat in merge order (--file compose.yaml --file compose.prod.yaml);
                         without paths, the set is what is linted
  --env-file FILE        an env file that fills \${VAR} instead of .env, as docker compose
                         --env-file; repeat for several (a later file wins)
  --no-ignore            also lint what .gitignore and .git/info/exclude ignore
  --stdin                lint standard input instead of files (needs --stdin-filename)
  --stdin-filename FILE  the file standard input stands for: its name decides the kind of
                         file, its project (the .env beside it is read) and its config
  --no-color             no colors (also NO_COLOR=1; colors only on a terminal anyway)
  --no-fail-on-skip      exit by the findings only when something was not linted (still reported)
  -h, --help             this help`;

export const COMMAND_HELP: Record<CommandName, string> = {
  check: `Usage: scaleout-lint check [paths…] [options]

Lints files and folders (folders are searched for compose*.yaml, docker-compose*.yml,
*.stack.yml, values*.yaml, YAML with top-level services:, and .env files; hidden folders such
as .examples are searched, node_modules, .git, dist and tool folders such as .venv are not;
what .gitignore ignores is skipped, except paths named on the command line).
Each file is linted with its project: the compose.override.yaml, the .env and env_file files,
the Chart.yaml next to Helm values, and with the nearest .scaleout.yaml above it.
Nothing to lint is an error (exit code 2).

Options:
  -f, --format FORMAT    text (default), json, sarif (SARIF 2.1.0) or github (GitHub Actions
                         annotations: ::error file=…,line=…::message)
  --severity LEVEL       report only findings at or above error, warning, info or hint (default)
  --quiet                report errors only (as --severity error)
  --max-warnings N       exit 1 when there are more than N warnings, even without errors
                         (warnings hidden by --quiet or --severity count; info and hints never)
  -o, --output FILE      write the report to FILE instead of standard output
${SHARED_LINT_OPTIONS}
`,
  fix: `Usage: scaleout-lint fix [paths…] [options]

Applies the safe fixes of every finding (with --unsafe also the unsafe ones; suggestions never),
writes the files, then lints again and prints what is left. With --stdin, the fixes that edit
only that text are applied, the fixed text goes to standard output and what is left to
standard error; nothing is written.

Options:
  --dry-run              print the changes as a patch for git apply (a change that would show
                         a secret is a note instead) and what would be left, write nothing
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
