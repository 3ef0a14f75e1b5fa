// The provider sandbox with devices and a push service configured against it, as the push
// benchmarks use them: `herald sandbox --port 0 --data DIR`, `devices` registered APNs tokens,
// and startPush() starting `herald push` on a copy of DIR/push-proxy.json (ThrottlePerSec raised
// so the throttle does not cap a measurement, plus `pushConfig`) trusting the sandbox's CA.
// `start` is the caller's process starter (startProcess, usually wrapped to stop them all at the end).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const herald = new URL('../../packages/cli/bin/herald.js', import.meta.url).pathname;

export async function startPushSandbox({ start, data, devices = 20, pushConfig = {} }) {
  const sandbox = start([herald, 'sandbox', '--port', '0', '--data', data], /Stop with Ctrl-C/);
  await sandbox.ready;
  const running = JSON.parse(readFileSync(join(data, 'running.json'), 'utf8'));
  const manifest = JSON.parse(readFileSync(join(data, 'sandbox.json'), 'utf8'));
  const topic = manifest.apns.topics[0];
  const tokens = [];
  for (let i = 0; i < devices; i++) {
    const res = await fetch(`${running.adminUrl}/apns/devices`, { method: 'POST', body: JSON.stringify({ topic }) });
    if (!res.ok) throw new Error(`sandbox: registering a device failed: ${res.status} ${await res.text()}`);
    tokens.push((await res.json()).token);
  }
  // The sandbox keeps every delivery; a long run clears it between measurements.
  const clearInbox = () => fetch(`${running.adminUrl}/inbox`, { method: 'DELETE' }).then((r) => r.arrayBuffer());
  const inboxCount = async (token) => (await (await fetch(`${running.adminUrl}/inbox?token=${token}`)).json()).deliveries.length;

  const config = { ...JSON.parse(readFileSync(join(data, 'push-proxy.json'), 'utf8')), ThrottlePerSec: 1_000_000, ...pushConfig };
  const configPath = join(data, 'push-proxy-bench.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const providerEnv = { NODE_EXTRA_CA_CERTS: join(data, 'ca.pem'), HERALD_APNS_URL: running.origin, HERALD_FCM_URL: running.origin };
  /** Resolves `ready` with [line, url] once the service listens (http://127.0.0.1:PORT). */
  const startPush = (env = {}) => start([herald, 'push', '--config', configPath, '--listen', '127.0.0.1:0', '--log-level', 'warn'], /Push service on (http:\/\/\S+)/, { ...providerEnv, ...env });

  /** Sends one push with `send` (resolving with the reply's JSON): Herald must say OK and the sandbox have it. */
  async function firstPushGetsThrough(send, token, what = 'a first push') {
    await clearInbox();
    const reply = await send();
    const got = await inboxCount(token);
    if (reply?.status !== 'OK' || got !== 1) throw new Error(`${what} did not get through: reply ${JSON.stringify(reply)}, sandbox inbox ${got}`);
  }

  return { sandbox, running, manifest, topic, tokens, clearInbox, configPath, providerEnv, startPush, firstPushGetsThrough };
}
