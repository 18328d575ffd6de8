import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Exit codes scripts can rely on. */
export const EXIT = {
  ok: 0,
  /** The command ran and found a failure (e.g. a cluster Unhealthy). */
  failed: 1,
  /** Bad arguments. */
  usage: 2,
  /** Could not run: not built, engine unreachable, bad environment. */
  unavailable: 3,
  interrupted: 130,
} as const;

/** A subcommand: its help text, its options and what it does. */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(args: { values: Record<string, unknown>; positionals: string[] }, io: CliIo): Promise<number>;
}

/**
 * Where a command writes (built by runCli with textIo): `out`/`err` lines are shown with control
 * characters escaped; `exact` is for machine-readable output (`--json`, exports), unchanged.
 */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  exact(text: string): void;
  env: Record<string, string | undefined>;
}

export class UsageError extends Error {}

/** The command cannot run here and now (exit 3): the message says why. */
export class UnavailableError extends Error {}

/** Parses a subcommand's arguments strictly; unknown flags are usage errors. */
export function parseCommandArgs(cmd: CliCommand, argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: { ...cmd.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

/** `tether <cmd> --help` text. */
export function commandHelp(cmd: CliCommand): string {
  const opts = Object.entries(cmd.options).map(([name, o]) => {
    const short = o.short ? `-${o.short}, ` : '    ';
    const value = o.type === 'string' ? ' <value>' : '';
    return `  ${short}--${name}${value}`;
  });
  return [`Usage: ${cmd.usage}`, '', cmd.summary, '', 'Options:', ...opts, '  -h, --help'].join('\n');
}
