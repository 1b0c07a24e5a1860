import { runCli } from "./run-cli";

// `scaleout-lint check | head` closes the pipe early: that is not an error of ours.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

// The process shell around runCli: real argv, streams and exit code. Output is written before
// exiting (a pipe may be slow), so the exit code is set rather than process.exit() called.
process.exitCode = runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdoutIsTty: process.stdout.isTTY === true,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
