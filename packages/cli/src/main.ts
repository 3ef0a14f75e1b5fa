// The `herald` command: one subcommand per part of the stack.
import { readFileSync } from 'node:fs';
import { UsageError, type Command } from './args.js';
import { benchCommand } from './commands/bench.js';
import { doctorCommand } from './commands/doctor.js';
import { pushCommand } from './commands/push.js';
import { sandboxCommand } from './commands/sandbox.js';
import { serverCommand } from './commands/server.js';
import { startCommand } from './commands/start.js';

const COMMANDS: Command[] = [startCommand, pushCommand, serverCommand, sandboxCommand, doctorCommand, benchCommand];

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Herald: self-hosted mobile push for team chat.',
    '',
    'Usage: herald <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "herald <command> --help" for a command\'s options.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name === undefined ? 1 : 0;
  }
  if (name === '--version' || name === '-V') {
    console.log(version());
    return 0;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    console.error(`herald: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  try {
    return await cmd.run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`herald ${name}: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
