// `herald start`: the whole stack on embedded defaults: the provider sandbox, and the push service
// in test mode wired to it. The chat server and web app join as they land.
import { resolve } from 'node:path';
import { loadCheckedConfig, startPushService } from '@herald/push';
import { startSandbox } from '@herald/sandbox';
import { intOption, parse, type Command } from '../args.js';
import { waitForShutdown } from '../shutdown.js';
import { DEFAULT_SANDBOX_PORT, describeSandbox } from './sandbox.js';

export const DEFAULT_PUSH_PORT = 8066;

const USAGE = `Usage: herald start [--data DIR] [--host 127.0.0.1] [--sandbox-port ${DEFAULT_SANDBOX_PORT}] [--push-port ${DEFAULT_PUSH_PORT}]

Starts the Herald stack on embedded defaults and prints what it started:
  - the provider sandbox (local APNs, FCM and Web Push) with credentials in DIR/sandbox
  - the push service in test mode, sending to the sandbox

Options:
  --data DIR           where all state lives (default .herald)
  --host ADDR          address to listen on (default 127.0.0.1)
  --sandbox-port N     TLS port of the sandbox (default ${DEFAULT_SANDBOX_PORT}; its admin API on N+1)
  --push-port N        port of the push service (default ${DEFAULT_PUSH_PORT})
  --log-level LEVEL    push service log level (default info; debug shows one line per push)
  -h, --help           this help`;

export const startCommand: Command = {
  name: 'start',
  summary: 'start the whole stack on embedded defaults',
  usage: USAGE,
  async run(argv) {
    const { values: v } = parse(
      argv,
      { data: { type: 'string' }, host: { type: 'string' }, 'sandbox-port': { type: 'string' }, 'push-port': { type: 'string' }, 'log-level': { type: 'string' } },
      USAGE,
    );
    if (v.help) {
      console.log(USAGE);
      return 0;
    }
    const data = resolve(String(v.data ?? '.herald'));
    const host = String(v.host ?? '127.0.0.1');
    const sandboxPort = intOption(v['sandbox-port'] as string | undefined, 'sandbox-port', 0, 65535) ?? DEFAULT_SANDBOX_PORT;
    const pushPort = intOption(v['push-port'] as string | undefined, 'push-port', 0, 65535) ?? DEFAULT_PUSH_PORT;
    console.log('Starting Herald…');
    const sandbox = await startSandbox({ dataDir: resolve(data, 'sandbox'), host, port: sandboxPort, adminPort: sandboxPort === 0 ? 0 : sandboxPort + 1 });
    console.log(describeSandbox(sandbox));

    const { config, warnings } = await loadCheckedConfig(sandbox.credentials.path('pushProxyConfig'));
    for (const w of warnings) console.warn(`push config: ${w}`);
    config.Mode = 'test';
    const push = await startPushService({
      config,
      listen: `${host.includes(':') ? `[${host}]` : host}:${pushPort}`,
      env: { ...process.env, HERALD_APNS_URL: sandbox.env.HERALD_APNS_URL, HERALD_FCM_URL: sandbox.env.HERALD_FCM_URL },
      extraCa: [sandbox.credentials.ca.certPem],
      ...(typeof v['log-level'] === 'string' ? { logLevel: v['log-level'] } : {}),
    });
    console.log(`Push service (test mode, sending to the sandbox) on ${push.url}: POST ${push.url}/api/v1/send_push`);
    console.log('\nHerald is running. Stop with Ctrl-C.');
    await waitForShutdown();
    console.log('Stopping…');
    await push.close();
    await sandbox.close();
    return 0;
  },
};
