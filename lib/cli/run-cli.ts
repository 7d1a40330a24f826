import { CliIo, EXIT_BAD_INPUT, EXIT_OK, runCommand } from './cli-io';
import { maxPodsCommand } from './max-pods-command';
import { planCommand } from './plan-command';

const COMMANDS: Record<string, (argv: string[], io: CliIo) => number> = {
  'max-pods': maxPodsCommand,
  plan: planCommand,
};

const USAGE = `usage: cdk-eks-netkit <command> [options]

commands:
${Object.keys(COMMANDS)
  .map((name) => `  ${name}`)
  .join('\n')}

Run cdk-eks-netkit <command> --help for a command's options.`;

/** The `cdk-eks-netkit` command line: returns the exit status. */
export function runCli(argv: string[], io: CliIo): number {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.err : io.out)(USAGE);
    return name === undefined ? EXIT_BAD_INPUT : EXIT_OK;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`cdk-eks-netkit: unknown command '${name}'; commands: ${Object.keys(COMMANDS).join(', ')}`);
    return EXIT_BAD_INPUT;
  }
  return runCommand(io, () => command(rest, io));
}
