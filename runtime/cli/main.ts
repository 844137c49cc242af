import { Command, CommanderError } from "commander";

/** Runs the CLI and returns the exit code (0 ok, 1 errors, 2 usage errors). */
export async function main(argv: string[]): Promise<number> {
  const program = new Command("funnelform")
    .description("Configuration-as-code for the marketing funnel.")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    throw e;
  }
}
