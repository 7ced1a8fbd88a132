/** A mistake in how the command was called; exits with status 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
