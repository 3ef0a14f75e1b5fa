// `herald server`: the chat server (a Mattermost API v4 subset) on SQLite in the data dir, or on
// PostgreSQL when HERALD_DATABASE_URL is set; with HERALD_REDIS_URL, one node of several.
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { createChatServer } from '@herald/server';
import { webAppBuilt, webAppDir } from '@herald/app';
import { intOption, parse, UsageError, type Command } from '../args.js';
import { waitForShutdown } from '../shutdown.js';

export const DEFAULT_SERVER_DATA = '.herald/server';
export const DEFAULT_SERVER_PORT = 8065;

const USAGE = `Usage: herald server [--data DIR] [--port ${DEFAULT_SERVER_PORT}] [--host 127.0.0.1] [--tls-cert FILE --tls-key FILE]

Runs the chat server: the part of the Mattermost REST API v4 (and its WebSocket) that mobile push
needs, so the official @mattermost/client drives it unchanged, and the Herald web app (PWA with
Web Push and System Console) at /. The first account created becomes the system admin.

Options:
  --data DIR   data dir; the embedded SQLite database is DIR/herald.db (default ${DEFAULT_SERVER_DATA})
  --port N     HTTP port (default ${DEFAULT_SERVER_PORT}; 0 picks a free one)
  --host ADDR  listen address (default 127.0.0.1)
  --tls-cert FILE, --tls-key FILE
               serve HTTPS and WSS with this PEM certificate (chain) and key; SIGHUP re-reads them
  -h, --help   this help

Environment:
  HERALD_DATABASE_URL  postgres://user:pass@host:port/db to use PostgreSQL instead of SQLite
  HERALD_REDIS_URL     redis://[:pass@]host:port (or rediss://): run as one of several nodes over the
                       same HERALD_DATABASE_URL; WebSocket events, presence, logouts, config and
                       license changes reach every node through Redis pub/sub
  HERALD_OUTBOX_LEASE_SECONDS  how long a push claimed by a node is its own (default 30): when a
                       node dies, another sends its claimed pushes after this
  HERALD_TRUSTED_PROXIES  comma-separated addresses/CIDRs of front proxies (e.g. nginx: 127.0.0.1)
                       whose X-Forwarded-For/-Proto give the client's address and scheme
  HERALD_LOG_LEVEL     trace, debug, info (default), warn, error
  HERALD_PUSH_SERVICE_KEY  key for a hosted-mode push service (herald push keys create)
  HERALD_SERVER_ID     server_id sent with pushes (the one that key is bound to); default the one
                       stored in the database on the first start, shared by every node

Signals: SIGHUP reloads the TLS certificate and key; SIGTERM/SIGINT close connections and the
database, then exit.`;

/** At least 15 s: a lease must outlast the push client's 10 s timeout, or two nodes send one push. */
function leaseFromEnv(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 15 || n > 3600) throw new UsageError(`HERALD_OUTBOX_LEASE_SECONDS: expected whole seconds from 15 to 3600, got "${value}"`);
  return n;
}

/** Addresses or CIDRs, checked here so a typo stops the start naming the variable. */
function trustedProxiesFromEnv(value: string): string[] {
  const list = value.split(',').map((v) => v.trim()).filter(Boolean);
  for (const v of list) {
    const [addr, bits, extra] = v.split('/');
    const family = isIP(addr ?? '');
    const max = family === 4 ? 32 : 128;
    if (!family || extra !== undefined || (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= max))) {
      throw new UsageError(`HERALD_TRUSTED_PROXIES: "${v}" is not an IP address or CIDR (e.g. 127.0.0.1, 10.0.0.0/8)`);
    }
  }
  return list;
}

export const serverCommand: Command = {
  name: 'server',
  summary: 'the chat server (Mattermost API v4 subset, SQLite or PostgreSQL)',
  usage: USAGE,
  async run(argv) {
    const { values } = parse(argv, { data: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, 'tls-cert': { type: 'string' }, 'tls-key': { type: 'string' } }, USAGE);
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    const port = intOption(values.port as string | undefined, 'port', 0, 65535) ?? DEFAULT_SERVER_PORT;
    const dataDir = resolve(String(values.data ?? DEFAULT_SERVER_DATA));
    const databaseUrl = process.env.HERALD_DATABASE_URL || undefined;
    const tlsCert = values['tls-cert'] as string | undefined;
    const tlsKey = values['tls-key'] as string | undefined;
    if ((tlsCert === undefined) !== (tlsKey === undefined)) throw new UsageError(`--tls-cert and --tls-key go together\n\n${USAGE}`);
    const leaseSeconds = leaseFromEnv(process.env.HERALD_OUTBOX_LEASE_SECONDS);
    const server = await createChatServer({
      dataDir,
      databaseUrl,
      port,
      host: String(values.host ?? '127.0.0.1'),
      webAppDir: webAppDir(),
      ...(tlsCert && tlsKey ? { tls: { certFile: resolve(tlsCert), keyFile: resolve(tlsKey) } } : {}),
      ...(process.env.HERALD_PUSH_SERVICE_KEY ? { pushServiceKey: process.env.HERALD_PUSH_SERVICE_KEY } : {}),
      ...(process.env.HERALD_SERVER_ID ? { serverId: process.env.HERALD_SERVER_ID } : {}),
      ...(process.env.HERALD_REDIS_URL ? { redisUrl: process.env.HERALD_REDIS_URL } : {}),
      ...(leaseSeconds !== undefined ? { push: { leaseMs: leaseSeconds * 1000 } } : {}),
      ...(process.env.HERALD_TRUSTED_PROXIES ? { trustedProxies: trustedProxiesFromEnv(process.env.HERALD_TRUSTED_PROXIES) } : {}),
    });
    if (!webAppBuilt()) console.warn('The web app is not built: run `npm run build` to serve it at /.');
    console.log(`Chat server on ${server.url} (web app ${server.url}/, API ${server.url}/api/v4, database: ${server.store.engine}${server.store.engine === 'sqlite' ? ` in ${dataDir}` : ''})`);
    if (server.cluster) console.log(`Cluster node ${server.nodeId} (server id ${server.serverId}), sharing events through Redis`);
    console.log('Stop with Ctrl-C.');
    const onHup = () => {
      server.reloadTls().catch((e: Error) => server.logger.error(`TLS reload failed, keeping the previous certificate: ${e.message}`));
    };
    process.on('SIGHUP', onHup);
    await waitForShutdown();
    process.off('SIGHUP', onHup);
    console.log('Stopping chat server…');
    await server.close();
    return 0;
  },
};
