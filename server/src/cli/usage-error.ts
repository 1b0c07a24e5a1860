/** A mistake in how the CLI was called (unknown flag, bad value, missing path): exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
