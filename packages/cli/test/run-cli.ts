import { type CliIo, main } from "@lianxin/cli";

/** Runs the CLI in-process and captures what it prints. */
export async function runCli(
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIo = { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`), env };
  const code = await main(args, io);
  return { code, out, err };
}
