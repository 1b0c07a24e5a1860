import { checkCommand } from "./check-command";
import { type CliIo, EXIT_OK, EXIT_USAGE } from "./cli-io";
import { explainCommand } from "./explain-command";
import { fixCommand } from "./fix-command";
import { COMMAND_HELP, GENERAL_HELP } from "./help-text";
import type { CommandName } from "./parse-args";
import { rulesCommand } from "./rules-command";
import { UsageError } from "./usage-error";
import { toolVersion } from "./version";

const commands: Record<CommandName, (argv: readonly string[], io: CliIo) => number> = {
  check: checkCommand,
  fix: fixCommand,
  rules: rulesCommand,
  explain: explainCommand,
};

const isHelp = (arg: string): boolean => arg === "--help" || arg === "-h";

/** The whole CLI behind `main.ts`: argv in, output through `io`, the exit code out. Never throws. */
export function runCli(argv: readonly string[], io: CliIo): number {
  try {
    const [first, ...rest] = argv;
    if (first === undefined) {
      io.stderr(GENERAL_HELP);
      return EXIT_USAGE;
    }
    if (isHelp(first) || first === "help") {
      const topic = rest[0] as CommandName | undefined;
      io.stdout(topic !== undefined && Object.hasOwn(COMMAND_HELP, topic) ? COMMAND_HELP[topic] : GENERAL_HELP);
      return EXIT_OK;
    }
    if (first === "--version" || first === "-v") {
      io.stdout(`${toolVersion}\n`);
      return EXIT_OK;
    }
    if (!Object.hasOwn(commands, first)) {
      throw new UsageError(first.startsWith("-") ? `unknown option ${first} (a command comes first: check, fix, rules, explain)` : `unknown command "${first}" (check, fix, rules, explain)`);
    }
    const command = first as CommandName;
    // `--help` anywhere before `--` asks for the command's help, whatever else is there.
    const end = rest.indexOf("--");
    if ((end < 0 ? rest : rest.slice(0, end)).some(isHelp)) {
      io.stdout(COMMAND_HELP[command]);
      return EXIT_OK;
    }
    return commands[command](rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`scaleout-lint: ${error.message}\nRun \`scaleout-lint --help\` for usage.\n`);
      return EXIT_USAGE;
    }
    io.stderr(`scaleout-lint: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_USAGE;
  }
}
