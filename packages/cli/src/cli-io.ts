/** Where the CLI writes: standard output and standard error, replaceable in tests. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /**
   * Writes to standard error without adding a newline, when standard error is a terminal (for
   * progress bars redrawn in place); absent otherwise.
   */
  errTerminal?: (text: string) => void;
  env: Record<string, string | undefined>;
}

/** The process's own standard output and error. */
export const processIo: CliIo = {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
  ...(process.stderr.isTTY ? { errTerminal: (t: string) => void process.stderr.write(t) } : {}),
  env: process.env,
};
