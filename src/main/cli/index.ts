import { APP_VERSION } from '../core/app/version';
import {
  EXIT,
  UnavailableError,
  UsageError,
  commandHelp,
  parseCommandArgs,
  type CliCommand,
  type CliIo,
} from './args';
import { clusterCommand } from './commands/cluster';
import { forwardCommand } from './commands/forward';
import { exportCommand, importCommand } from './commands/import';
import { serveCommand } from './commands/serve';
import { statusCommand } from './commands/status';
import { useColour } from './format';
import { textIo, type CliSink } from './terminalText';

const COMMANDS: CliCommand[] = [
  serveCommand,
  statusCommand,
  clusterCommand,
  forwardCommand,
  importCommand,
  exportCommand,
];

function mainHelp(): string {
  return [
    'Usage: tether <command> [options]',
    '',
    'Tether keeps your Kubernetes clusters and port-forwards alive.',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary.split('. ')[0]}`),
    '',
    'Run `tether <command> --help` for a command’s options.',
    'Exit codes: 0 ok, 1 a check failed, 2 bad arguments, 3 cannot run, 130 interrupted.',
    'Settings, state and logs live in TETHER_HOME (default: the OS app-data folder).',
  ].join('\n');
}

/** Runs the CLI and returns its exit code (never calls process.exit itself). */
export async function runCli(argv: string[], sink: CliSink): Promise<number> {
  const io: CliIo = textIo(sink, useColour(sink.env, process.stdout.isTTY));
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(mainHelp());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-V') {
    io.out(APP_VERSION);
    return EXIT.ok;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    io.err(`tether: unknown command "${name}". Run \`tether --help\`.`);
    return EXIT.usage;
  }
  try {
    const parsed = parseCommandArgs(cmd, rest);
    if (parsed.values.help) {
      io.out(commandHelp(cmd));
      return EXIT.ok;
    }
    return await cmd.run(parsed, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`tether ${cmd.name}: ${err.message}\n\n${commandHelp(cmd)}`);
      return EXIT.usage;
    }
    io.err(`tether ${cmd.name}: ${err instanceof Error ? err.message : String(err)}`);
    return err instanceof UnavailableError ? EXIT.unavailable : EXIT.failed;
  }
}

// Entry point when bundled as out/cli/tether.js.
const isEntry = process.argv[1] !== undefined && /tether(\.js)?$/.test(process.argv[1]);
if (isEntry || process.env.TETHER_CLI_ENTRY === '1') {
  const code = await runCli(process.argv.slice(2), {
    out: (l) => process.stdout.write(l + '\n'),
    err: (l) => process.stderr.write(l + '\n'),
    env: process.env,
  });
  process.exitCode = code;
  // Anything still holding the loop after a command finished must not keep it alive.
  setTimeout(() => process.exit(code), 2000).unref();
}
