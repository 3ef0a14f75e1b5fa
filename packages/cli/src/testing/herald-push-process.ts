// `herald push` as a child process, as it is deployed: a mattermost-push-proxy config file, the
// provider URLs and CA in its environment (the sandbox's), on a free loopback port.
import { heraldEnv, startHeraldProcess, type HeraldProcess } from './herald-process.js';

export interface StartHeraldPushOptions {
  configFile: string;
  /** Added to the environment (HERALD_APNS_URL, HERALD_FCM_URL, NODE_EXTRA_CA_CERTS, HERALD_REDIS_URL…). */
  env?: NodeJS.ProcessEnv;
  listen?: string;
  timeoutMs?: number;
}

export function startHeraldPushProcess(opts: StartHeraldPushOptions): Promise<HeraldProcess> {
  return startHeraldProcess({
    args: ['push', '--config', opts.configFile, '--listen', opts.listen ?? '127.0.0.1:0', '--log-level', 'warn'],
    env: heraldEnv(opts.env),
    ready: /Push service on (http:\/\/127\.0\.0\.1:\d+)/,
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
  });
}
