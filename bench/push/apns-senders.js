// One side of the "10,000 APNs sends" comparison, run in its own process (the sandbox is another):
//   node apns-senders.js herald|node-pushnotifications|raw-http2 '<json options>'
// Both sides get the same work: `total` distinct message pushes (text and ack id differ per push,
// as a chat server's do) to the sandbox's registered tokens, at most `concurrency` in flight, with
// token auth from the sandbox's .p8 key. Herald runs its real per-push path below the HTTP layer:
// parsePushRequest -> sendWithRetry -> ApnsProvider (payload mapping, cached JWT, HTTP/2 pool).
// node-pushnotifications runs its own: PushNotifications.send -> @parse/node-apn Provider.
// The CA is trusted through NODE_EXTRA_CA_CERTS, set by the parent. Prints one JSON line.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { mattermostMessagePush } from './mattermost-push.js';

const root = new URL('../../', import.meta.url).pathname;
const [side, json] = process.argv.slice(2);
const { data, origin, tokens, topic, total, concurrency, warmup } = JSON.parse(json);
const manifest = JSON.parse(readFileSync(join(data, 'sandbox.json'), 'utf8'));
const keyFile = join(data, 'apns-auth-key.p8');

// The same notification content for both sides: what a Mattermost server sends for a message.
const mattermostBody = (i) => mattermostMessagePush(tokens[i % tokens.length], i);

async function heraldSide() {
  const { ApnsProvider, parsePushRequest } = await import(join(root, 'packages/push/dist/index.js'));
  const { sendWithRetry } = await import(join(root, 'packages/push/dist/delivery/send-with-retry.js'));
  const provider = new ApnsProvider(
    { Type: 'apple_rn', ApplePushUseDevelopment: false, ApplePushCertPrivate: '', ApplePushCertPassword: '', ApplePushTopic: topic, AppleAuthKeyFile: keyFile, AppleAuthKeyID: manifest.apns.keyId, AppleTeamID: manifest.apns.teamId },
    { origin },
  );
  await provider.validate();
  const policy = { maxTries: 3, baseDelayMs: 1000, attemptTimeoutMs: 8000, totalTimeoutMs: 30000 };
  return {
    async send(i) {
      const parsed = parsePushRequest(mattermostBody(i));
      if (!parsed.ok) throw new Error(parsed.error);
      const { result } = await sendWithRetry(provider, parsed.push, policy);
      return result.status === 'OK' ? null : `${result.status} ${result.error}`;
    },
    connections: () => provider.connectionCount,
    close: () => provider.close(),
  };
}

async function nodePushNotificationsSide() {
  const require = createRequire(import.meta.url);
  const PushNotifications = require('node-pushnotifications');
  const url = new URL(origin);
  const push = new PushNotifications({
    apn: {
      token: { key: keyFile, keyId: manifest.apns.keyId, teamId: manifest.apns.teamId },
      production: true,
      // node-apn connects to https://<address>; an address with the port reaches the sandbox.
      address: `${url.hostname}:${url.port}`,
      port: Number(url.port),
    },
  });
  return {
    async send(i) {
      const b = mattermostBody(i);
      const res = await push.send([{ id: b.device_id, type: 'apn' }], {
        topic,
        title: b.channel_name,
        body: b.message,
        badge: b.badge,
        sound: b.sound,
        category: b.category,
        mutableContent: 1,
        threadId: b.channel_id,
        pushType: 'alert',
        priority: 'high',
        custom: { type: b.type, version: b.version, ack_id: b.ack_id, server_id: b.server_id, post_id: b.post_id, channel_id: b.channel_id, team_id: b.team_id, channel_name: b.channel_name, sender_id: b.sender_id, sender_name: b.sender_name },
      });
      const r = res[0];
      return r && r.success === 1 ? null : JSON.stringify(r?.message?.[0]?.errorMsg ?? r);
    },
    connections: () => 1,
    close: () => push.apn.shutdown(),
  };
}

// The floor under both: node:http2 with nothing on top — one connection, a provider token
// signed once, one fixed pre-serialized payload, no mapping, no retries, no timeouts. Neither
// library can be faster than this by more than its own overhead, so it bounds the speed-up.
async function rawHttp2Side() {
  const http2 = await import('node:http2');
  const { SignJWT, importPKCS8 } = await import('jose');
  const key = await importPKCS8(readFileSync(keyFile, 'utf8'), 'ES256');
  const jwt = await new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: manifest.apns.keyId }).setIssuer(manifest.apns.teamId).setIssuedAt().sign(key);
  const session = http2.connect(origin);
  await new Promise((resolve, reject) => session.once('remoteSettings', resolve).once('error', reject));
  const b = mattermostBody(0);
  const payload = JSON.stringify({ aps: { alert: { title: b.channel_name, body: b.message }, badge: b.badge, sound: 'default', 'mutable-content': 1 }, type: b.type, version: b.version, server_id: b.server_id });
  const paths = tokens.map((t) => `/3/device/${t}`);
  return {
    send(i) {
      return new Promise((resolve) => {
        const stream = session.request({ ':method': 'POST', ':path': paths[i % paths.length], authorization: `bearer ${jwt}`, 'apns-topic': topic, 'apns-push-type': 'alert', 'apns-priority': '10' });
        let status = 0;
        stream.on('response', (h) => (status = h[':status']));
        stream.on('error', (e) => resolve(e.message));
        stream.resume();
        stream.on('close', () => resolve(status === 200 ? null : `HTTP ${status}`));
        stream.end(payload);
      });
    },
    connections: () => 1,
    close: () => new Promise((r) => session.close(r)),
  };
}

async function run(client, count, offset) {
  let next = 0;
  let failures = 0;
  let firstError;
  const worker = async () => {
    while (next < count) {
      const i = offset + next++;
      const err = await client.send(i).catch((e) => e.message ?? String(e));
      if (err) {
        failures++;
        firstError ??= err;
      }
    }
  };
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, failures, firstError };
}

const sides = { herald: heraldSide, 'node-pushnotifications': nodePushNotificationsSide, 'raw-http2': rawHttp2Side };
const client = sides[side] ? await sides[side]() : undefined;
if (!client) throw new Error(`unknown side ${side}`);
// A short warm-up connects, signs the provider token and lets the JIT settle, for both sides alike.
const warm = await run(client, warmup, 0);
const cpu0 = process.cpuUsage();
const measured = await run(client, total, warmup);
const cpu = process.cpuUsage(cpu0);
const connections = client.connections();
await client.close();
console.log(JSON.stringify({ side, total, concurrency, ...measured, rps: total / measured.seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, warmupFailures: warm.failures, connections }));
process.exit(0);
