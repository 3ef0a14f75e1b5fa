// Benchmark: APNs sends accepted by the sandbox per second over one HTTP/2 connection, against a
// hello-world HTTP/2 server measured in the same run. The push service benchmark sends through the
// sandbox, so the sandbox must not be what limits it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, importPKCS8 } from 'jose';
import { http2Load, table } from '../lib/http2-load.js';
import { startProcess } from '../lib/processes.js';

const root = new URL('../../', import.meta.url).pathname;
const quick = process.argv.includes('--quick');
const total = quick ? 5_000 : 50_000;
const concurrency = 200;

const data = mkdtempSync(join(tmpdir(), 'herald-bench-sandbox-'));
const sandbox = startProcess([join(root, 'packages/cli/bin/herald.js'), 'sandbox', '--port', '0', '--data', data], /Stop with Ctrl-C/);
try {
  await sandbox.ready;
  const running = JSON.parse(readFileSync(join(data, 'running.json'), 'utf8'));
  const manifest = JSON.parse(readFileSync(join(data, 'sandbox.json'), 'utf8'));
  const ca = readFileSync(join(data, 'ca.pem'));
  const topic = manifest.apns.topics[0];
  const device = await (await fetch(`${running.adminUrl}/apns/devices`, { method: 'POST', body: JSON.stringify({ topic }) })).json();
  const key = await importPKCS8(readFileSync(join(data, 'apns-auth-key.p8'), 'utf8'), 'ES256');
  const jwt = await new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: manifest.apns.keyId }).setIssuer(manifest.apns.teamId).setIssuedAt().sign(key);
  const body = JSON.stringify({ aps: { alert: { title: 'Town Square', body: 'bench' }, badge: 1 }, type: 'message', server_id: 'bench' });
  const request = () => ({
    headers: { ':method': 'POST', ':path': `/3/device/${device.token}`, authorization: `bearer ${jwt}`, 'apns-topic': topic, 'apns-push-type': 'alert', 'apns-priority': '10' },
    body,
  });

  const hello = startProcess([join(root, 'bench/sandbox/h2-hello-server.js'), data], /listening (https:\/\/\S+)/);
  const [, helloOrigin] = await hello.ready;
  console.log(`warming up, then ${total} requests at concurrency ${concurrency} against each…`);
  await http2Load({ origin: helloOrigin, ca, total: 1000, concurrency, request });
  const base = await http2Load({ origin: helloOrigin, ca, total, concurrency, request });
  await hello.stop();
  await http2Load({ origin: running.origin, ca, total: 1000, concurrency, request });
  await fetch(`${running.adminUrl}/inbox`, { method: 'DELETE' });
  const sb = await http2Load({ origin: running.origin, ca, total, concurrency, request });

  const row = (name, r) => ({ target: name, 'req/s': Math.round(r.rps), 'p50 ms': r.p50.toFixed(2), 'p99 ms': r.p99.toFixed(2), failures: r.failures, 'vs baseline': (r.rps / base.rps).toFixed(2) });
  console.log(table([row('h2 hello-world (baseline)', base), row('sandbox APNs', sb)]));
  if (sb.failures > 0) console.log('statuses:', sb.statuses);
} finally {
  await sandbox.stop();
  rmSync(data, { recursive: true, force: true });
}
