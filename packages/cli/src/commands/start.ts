// `herald start`: the whole stack on embedded defaults. For now that is the sandbox; the push
// service and chat server join it as they land.
import { resolve } from 'node:path';
import { startSandbox } from '@herald/sandbox';
import { intOption, parse, type Command } from '../args.js';
import { waitForShutdown } from '../shutdown.js';
import { DEFAULT_SANDBOX_PORT, describeSandbox } from './sandbox.js';

const USAGE = `Usage: herald start [--data DIR] [--host 127.0.0.1] [--sandbox-port ${DEFAULT_SANDBOX_PORT}]

Starts the Herald stack on embedded defaults and prints what it started:
  - the provider sandbox (local APNs, FCM and Web Push) with credentials in DIR/sandbox

Options:
  --data DIR           where all state lives (default .herald)
  --host ADDR          address to listen on (default 127.0.0.1)
  --sandbox-port N     TLS port of the sandbox (default ${DEFAULT_SANDBOX_PORT}; its admin API on N+1)
  -h, --help           this help`;

export const startCommand: Command = {
  name: 'start',
  summary: 'start the whole stack on embedded defaults',
  usage: USAGE,
  async run(argv) {
    const { values } = parse(argv, { data: { type: 'string' }, host: { type: 'string' }, 'sandbox-port': { type: 'string' } }, USAGE);
    const v = values as Record<string, string | boolean | undefined>;
    if (v.help) {
      console.log(USAGE);
      return 0;
    }
    const data = resolve(String(v.data ?? '.herald'));
    const port = intOption(v['sandbox-port'] as string | undefined, 'sandbox-port', 0, 65535) ?? DEFAULT_SANDBOX_PORT;
    console.log('Starting Herald…');
    const sandbox = await startSandbox({
      dataDir: resolve(data, 'sandbox'),
      host: String(v.host ?? '127.0.0.1'),
      port,
      adminPort: port === 0 ? 0 : port + 1,
    });
    console.log(describeSandbox(sandbox));
    console.log('\nHerald is running. Stop with Ctrl-C.');
    await waitForShutdown();
    console.log('Stopping…');
    await sandbox.close();
    return 0;
  },
};
