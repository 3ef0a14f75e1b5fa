// `herald sandbox`: run local APNs / FCM / Web Push stand-ins, or drive a running one.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SandboxClient, startSandbox, type RunningSandbox, type Service } from '@herald/sandbox';
import { intOption, parse, UsageError, type Command } from '../args.js';
import { waitForShutdown } from '../shutdown.js';

export const DEFAULT_SANDBOX_DATA = '.herald/sandbox';
export const DEFAULT_SANDBOX_PORT = 7443;

const USAGE = `Usage:
  herald sandbox [--host 127.0.0.1] [--port 7443] [--admin-port PORT+1] [--data DIR] [--max-streams 1000] [--verbose]
      Start local stand-ins for APNs, FCM (with its OAuth endpoint) and a Web Push service on one TLS
      port, and a plain-HTTP admin API on the admin port. Credentials are created in DIR on first start.

  herald sandbox register apns [--topic T] [--token HEX]     register a device token (prints it)
  herald sandbox register fcm [--project P] [--token T]
  herald sandbox register webpush [--key VAPID_PUBLIC_KEY]   create a browser-style subscription
  herald sandbox unregister apns|fcm|webpush TOKEN            the token is now gone (410 / UNREGISTERED)
  herald sandbox inbox [--token T] [--service S] [--wait SEC] [--follow]
  herald sandbox fault add --kind status|latency|drop|ratelimit [--service S] [--token T]
        [--status N --reason R] [--latency MS] [--drop goaway|reset] [--per-second N] [--retry-after S] [--times N]
  herald sandbox fault list | fault clear
  herald sandbox env                                          print the environment lines again

Options:
  --data DIR   data dir (default ${DEFAULT_SANDBOX_DATA}); the actions find the running sandbox through it
  --admin URL  admin API of the sandbox to drive (default: read from DIR/running.json)
  -h, --help   this help`;

const OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  'admin-port': { type: 'string' },
  data: { type: 'string' },
  'max-streams': { type: 'string' },
  verbose: { type: 'boolean', short: 'v' },
  admin: { type: 'string' },
  topic: { type: 'string' },
  token: { type: 'string' },
  project: { type: 'string' },
  key: { type: 'string' },
  service: { type: 'string' },
  wait: { type: 'string' },
  follow: { type: 'boolean', short: 'f' },
  kind: { type: 'string' },
  status: { type: 'string' },
  reason: { type: 'string' },
  latency: { type: 'string' },
  drop: { type: 'string' },
  'per-second': { type: 'string' },
  'retry-after': { type: 'string' },
  times: { type: 'string' },
} as const;

type Values = Record<string, string | boolean | undefined>;

export const sandboxCommand: Command = {
  name: 'sandbox',
  summary: 'local APNs, FCM and Web Push services for tests and demos',
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parse(argv, OPTIONS, USAGE);
    const v = values as Values;
    if (v.help) {
      console.log(USAGE);
      return 0;
    }
    const dataDir = resolve(String(v.data ?? DEFAULT_SANDBOX_DATA));
    const [action, ...rest] = positionals;
    if (action === undefined || action === 'start') return runSandbox(v, dataDir);
    const client = new SandboxClient(adminUrl(v, dataDir));
    switch (action) {
      case 'register':
        return register(client, rest, v);
      case 'unregister': {
        const [service, token] = rest;
        if (!token) throw new UsageError(`unregister needs a service and a token\n\n${USAGE}`);
        print(await client.unregister(serviceArg(service), token));
        return 0;
      }
      case 'inbox':
        return inbox(client, v);
      case 'fault':
        return fault(client, rest, v);
      case 'env':
        print((await client.info()).env);
        return 0;
      default:
        throw new UsageError(`unknown action "${action}"\n\n${USAGE}`);
    }
  },
};

function print(v: unknown): void {
  console.log(JSON.stringify(v, null, 2));
}

function serviceArg(s: string | undefined): Service {
  if (s === 'apns' || s === 'fcm' || s === 'webpush') return s;
  throw new UsageError(`service: expected apns, fcm or webpush, got "${s ?? ''}"`);
}

function adminUrl(v: Values, dataDir: string): string {
  if (typeof v.admin === 'string') return v.admin.replace(/\/$/, '');
  const f = join(dataDir, 'running.json');
  if (!existsSync(f)) throw new UsageError(`no running sandbox found in ${dataDir} (start one with "herald sandbox", or pass --admin URL)`);
  return (JSON.parse(readFileSync(f, 'utf8')) as { adminUrl: string }).adminUrl;
}

export function describeSandbox(sb: RunningSandbox): string {
  const c = sb.credentials;
  return [
    `Sandbox providers (APNs, FCM, Web Push) on ${sb.origin}; admin API on ${sb.adminUrl}`,
    `  data dir:        ${c.dataDir}`,
    `  APNs auth key:   ${c.path('apnsAuthKey')} (key id ${c.manifest.apns.keyId}, team id ${c.manifest.apns.teamId}, topics ${c.manifest.apns.topics.join(', ')})`,
    `  APNs client cert:${' '}${c.path('appleCertP12')} (topic ${c.manifest.apns.certTopic}; password in ${c.path('manifest')})`,
    `  FCM account:     ${c.path('firebaseServiceAccount')} (project ${c.firebase.project_id})`,
    `  VAPID keys:      ${c.path('vapid')}`,
    `  push-proxy.json: ${c.path('pushProxyConfig')}`,
    'Environment for clients:',
    ...Object.entries(sb.env).map(([k, val]) => `  ${k}=${val}`),
  ].join('\n');
}

async function runSandbox(v: Values, dataDir: string): Promise<number> {
  const port = intOption(v.port as string | undefined, 'port', 0, 65535) ?? DEFAULT_SANDBOX_PORT;
  const adminPort = intOption(v['admin-port'] as string | undefined, 'admin-port', 0, 65535) ?? (port === 0 ? 0 : port + 1);
  const maxConcurrentStreams = intOption(v['max-streams'] as string | undefined, 'max-streams', 1, 2 ** 31 - 1) ?? 1000;
  console.log(`Starting sandbox (first start creates a CA and credentials in ${dataDir})…`);
  const sb = await startSandbox({
    dataDir,
    host: String(v.host ?? '127.0.0.1'),
    port,
    adminPort,
    maxConcurrentStreams,
    ...(v.verbose ? { onRequest: (service, status, detail) => console.log(`${new Date().toISOString()} ${service} ${status} ${detail}`) } : {}),
  });
  console.log(describeSandbox(sb));
  console.log('Try: herald sandbox register apns   (then send to it and read it with: herald sandbox inbox --follow)');
  console.log('Stop with Ctrl-C.');
  await waitForShutdown();
  console.log('Stopping sandbox…');
  await sb.close();
  return 0;
}

async function register(client: SandboxClient, rest: string[], v: Values): Promise<number> {
  const service = serviceArg(rest[0]);
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  if (service === 'apns') print(await client.registerApns({ ...(str('topic') ? { topic: str('topic')! } : {}), ...(str('token') ? { token: str('token')! } : {}) }));
  else if (service === 'fcm') print(await client.registerFcm({ ...(str('project') ? { project: str('project')! } : {}), ...(str('token') ? { token: str('token')! } : {}) }));
  else print(await client.subscribeWebPush(str('key') ? { applicationServerKey: str('key')! } : {}));
  return 0;
}

async function inbox(client: SandboxClient, v: Values): Promise<number> {
  const token = typeof v.token === 'string' ? v.token : undefined;
  const service = v.service === undefined ? undefined : serviceArg(String(v.service));
  const wait = intOption(v.wait as string | undefined, 'wait', 0, 60) ?? 0;
  if (!v.follow) {
    print(await client.inbox({ ...(token ? { token } : {}), ...(service ? { service } : {}), wait: wait * 1000 }));
    return 0;
  }
  let after = await client.lastSeq();
  // A long-poll may be in flight when the user stops us; nothing is left to clean up, so exit.
  void waitForShutdown().then(() => process.exit(0));
  console.error('Waiting for pushes (Ctrl-C to stop)…');
  for (;;) {
    const ds = await client.inbox({ ...(token ? { token } : {}), ...(service ? { service } : {}), after, wait: 25_000 });
    for (const d of ds) {
      console.log(JSON.stringify(d));
      after = Math.max(after, d.seq);
    }
  }
}

async function fault(client: SandboxClient, rest: string[], v: Values): Promise<number> {
  const [sub] = rest;
  if (sub === 'clear') {
    print(await client.clearFaults());
    return 0;
  }
  if (sub === 'list') {
    print(await (await fetch(`${client.adminUrl}/faults`)).json());
    return 0;
  }
  if (sub !== 'add') throw new UsageError(`fault: expected add, list or clear\n\n${USAGE}`);
  const num = (k: string, max: number) => intOption(v[k] as string | undefined, k, 0, max);
  const rule: Record<string, unknown> = { kind: v.kind };
  if (v.service !== undefined) rule.service = serviceArg(String(v.service));
  if (v.token !== undefined) rule.token = v.token;
  if (v.status !== undefined) rule.status = num('status', 599);
  if (v.reason !== undefined) rule.reason = v.reason;
  if (v.latency !== undefined) rule.latencyMs = num('latency', 600_000);
  if (v.drop !== undefined) rule.drop = v.drop;
  if (v['per-second'] !== undefined) rule.perSecond = num('per-second', 1e9);
  if (v['retry-after'] !== undefined) rule.retryAfter = num('retry-after', 86400);
  if (v.times !== undefined) rule.times = num('times', 1e9);
  print(await client.addFault(rule as Parameters<SandboxClient['addFault']>[0]));
  return 0;
}
