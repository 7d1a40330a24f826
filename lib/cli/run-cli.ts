import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliIo, EXIT_BAD_INPUT, EXIT_OK, runCommand } from './cli-io';
import { FlagSpec } from './flags';
import { MAX_PODS_FLAGS, maxPodsCommand } from './max-pods-command';
import { PLAN_FLAGS, planCommand } from './plan-command';

interface Command {
  readonly summary: string;
  readonly flags: readonly FlagSpec[];
  readonly run: (argv: string[], io: CliIo) => number;
}

const COMMANDS: Record<string, Command> = {
  'max-pods': {
    summary: 'max pods, ENI limit and pod-eni capacity of an instance type',
    flags: MAX_PODS_FLAGS,
    run: maxPodsCommand,
  },
  plan: {
    summary: 'whether subnets hold a node group at maximum size, and what a scale-up costs',
    flags: PLAN_FLAGS,
    run: planCommand,
  },
};

const USAGE = [
  'usage: cdk-eks-netkit <command> [options]',
  '',
  'commands:',
  ...Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(10)}${command.summary}`),
  '',
  'options:',
  '  --help     print this help and exit',
  '  --version  print the version and exit',
  '',
  "Run 'cdk-eks-netkit <command> --help' for a command's options.",
].join('\n');

/** The `cdk-eks-netkit` command line: returns the exit status. */
export function runCli(argv: string[], io: CliIo): number {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V') {
    io.out(packageVersion());
    return EXIT_OK;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.err : io.out)(USAGE);
    return name === undefined ? EXIT_BAD_INPUT : EXIT_OK;
  }
  const command = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    const what = name.startsWith('-') ? 'option' : 'command';
    io.err(
      `cdk-eks-netkit: unknown ${what} '${name}'; commands: ${Object.keys(COMMANDS).join(', ')}; see cdk-eks-netkit --help`,
    );
    return EXIT_BAD_INPUT;
  }
  return runCommand(io, command.flags, () => command.run(rest, io));
}

/** The installed package's version (lib/cli/ sits two levels below package.json, in the sources and the package). */
function packageVersion(): string {
  const file = path.join(__dirname, '..', '..', 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}
