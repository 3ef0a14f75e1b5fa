// `herald push`: the push notification service, reading a mattermost-push-proxy config unchanged.
import { ConfigError, ProviderRegistry, loadCheckedConfig, modeProblems, redactConfig, startPushService } from '@herald/push';
import { parse, UsageError, type Command } from '../args.js';
import { runKeys } from './push-keys.js';

const USAGE = `Usage: herald push --config FILE [--listen ADDR] [--log-level LEVEL] [--check]
       herald push keys create|list|revoke --config FILE …   (hosted mode's server keys)

Runs the push notification service: a drop-in replacement for mattermost-push-proxy that reads
its JSON config file unchanged (see the README for Herald's optional additions).

Options:
  --config FILE      the mattermost-push-proxy JSON config (required)
  --check            validate the config and credentials, print a redacted summary, and exit
  --listen ADDR      override ListenAddress, e.g. 127.0.0.1:8066
  --log-level LEVEL  trace, debug, info (default), warn, error
  -h, --help         this help

Environment:
  HERALD_APNS_URL, HERALD_FCM_URL   send to these instead of Apple's and Google's hosts
  NODE_EXTRA_CA_CERTS               extra CA certificates to trust (e.g. the sandbox's ca.pem)
  HTTPS_PROXY, NO_PROXY             outbound proxy for APNs, FCM and Web Push
  HERALD_REDIS_URL                  share ThrottlePerSec across instances through Redis
  HERALD_LOG_LEVEL                  default log level when --log-level is not given

Signals: SIGHUP reloads keys and certificates (providers, TLSCertFile/TLSKeyFile, hosted keys);
SIGTERM/SIGINT drain in-flight sends and exit.
Every config key, variable, endpoint and metric: docs/push-service.md`;

export const pushCommand: Command = {
  name: 'push',
  summary: 'the push notification service (mattermost-push-proxy compatible)',
  usage: USAGE,
  async run(argv) {
    if (argv[0] === 'keys') {
      try {
        return await runKeys(argv.slice(1));
      } catch (e) {
        if (e instanceof ConfigError) {
          console.error(e.message);
          return 1;
        }
        throw e;
      }
    }
    const { values } = parse(argv, { config: { type: 'string', short: 'c' }, check: { type: 'boolean' }, listen: { type: 'string' }, 'log-level': { type: 'string' } }, USAGE);
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    if (typeof values.config !== 'string') throw new UsageError(`--config FILE is required\n\n${USAGE}`);
    try {
      if (values.check) return await check(values.config);
      return await serve(values.config, values.listen as string | undefined, values['log-level'] as string | undefined);
    } catch (e) {
      if (e instanceof ConfigError) {
        for (const w of e.warnings) console.error(`warning: ${w}`);
        console.error(e.message);
        return 1;
      }
      throw e;
    }
  },
};

async function check(path: string): Promise<number> {
  const { config, warnings } = await loadCheckedConfig(path);
  for (const w of warnings) console.error(`warning: ${w}`);
  const problems = modeProblems(config);
  if (problems.length) {
    for (const p of problems) console.error(`config file ${path}: ${p}`);
    return 1;
  }
  // Build the providers too: a key that does not parse or a missing file fails here, not at the first push.
  const providers = await ProviderRegistry.fromConfig(config).catch((e: Error) => {
    console.error(`config file ${path}: ${e.message}`);
    return undefined;
  });
  if (!providers) return 1;
  await providers.close();
  console.log(JSON.stringify(redactConfig(config), null, 2));
  console.log(`OK: ${providers.types().length} app types (${providers.types().join(', ') || 'none'}), mode ${config.Mode}`);
  return 0;
}

async function serve(path: string, listen: string | undefined, logLevel: string | undefined): Promise<number> {
  const service = await startPushService({ configPath: path, ...(listen ? { listen } : {}), ...(logLevel ? { logLevel } : {}) });
  console.log(`Push service on ${service.url} (${service.providers.types().join(', ')}); stop with Ctrl-C.`);
  const onHup = () => {
    service.reload().catch((e: Error) => service.logger.error(`reload failed, keeping the previous keys: ${e.message}`));
  };
  process.on('SIGHUP', onHup);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  process.off('SIGHUP', onHup);
  await service.close();
  return 0;
}
