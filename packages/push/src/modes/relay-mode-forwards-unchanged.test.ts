// Mode "relay": send_push and ack go to RelayUpstreamURL unchanged and the upstream's reply comes
// back unchanged (OK, REMOVE, a hosted upstream's 401); through HTTPS_PROXY/HTTP_PROXY when set;
// an unreachable upstream is a retryable FAIL, never REMOVE.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../config/parse-config.js';
import { startPushService, type RunningPushService } from '../push-service.js';
import { message } from '../service-tests/mattermost-bodies.js';
import { httpRequest, startStack, type Stack } from '../testing/start-stack.js';
import { freePort } from '../http/testing-redis-server.js';
import { startConnectProxy, type TestConnectProxy } from '../transport/testing-connect-proxy.js';
import { throwawayCa } from '../tls/testing-certificates.js';
import { createKey } from './hosted-keys.js';

const quiet = { write: () => {} };
const agent = new Agent({ keepAlive: false });
let upstream: Stack;
let relay: RunningPushService;
let proxy: TestConnectProxy;

before(async () => {
  upstream = await startStack();
  proxy = await startConnectProxy();
  const { config } = parseConfig({ Mode: 'relay', RelayUpstreamURL: upstream.url, ThrottlePerSec: 0 });
  relay = await startPushService({ config, listen: '127.0.0.1:0', logStream: quiet, env: { HTTP_PROXY: proxy.url } });
});
after(async () => {
  await relay?.close();
  await proxy?.close();
  await upstream?.close();
});

const post = (svc: { url: string }, path: string, body: unknown, headers: Record<string, string> = {}) => httpRequest(svc.url, agent, { path, body, headers });

test('send_push is forwarded unchanged through the proxy; the upstream delivers it; the reply is passed back', async () => {
  const token = await upstream.apnsDevice();
  const body = message('apple_rn', token, { ack_id: 'relay-ok' });
  const since = await upstream.client.lastSeq();
  const r = await post(relay, '/api/v1/send_push', body);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, { status: 'OK' });
  assert.equal((await upstream.client.inbox({ token, after: since })).length, 1);
  assert.ok(upstream.logs.push('relay-ok'), 'the upstream logged the push by its ack id');
  assert.ok(proxy.tunnels().some((t) => t.authority === new URL(upstream.url).host), 'went through HTTP_PROXY');
  // The relay's own trace shows the hop.
  const t = await httpRequest(relay.url, agent, { path: '/api/v1/trace/relay-ok' });
  assert.equal(t.status, 200);
  assert.match(t.json.trace.requests[0].via, /^relay http:\/\/127\.0\.0\.1:/);
  assert.equal(t.json.trace.requests[0].result.status, 'OK');
});

test("the upstream's REMOVE and 400 come back as the upstream wrote them", async () => {
  const r = await post(relay, '/api/v1/send_push', message('apple_rn', 'ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000'));
  assert.equal(r.json.status, 'REMOVE', r.text);
  const direct = await upstream.sendPush({ platform: 'apple_rn' });
  const relayed = await post(relay, '/api/v1/send_push', { platform: 'apple_rn' });
  assert.equal(relayed.status, direct.status);
  assert.deepEqual(relayed.json, direct.json);
});

test('ack is forwarded', async () => {
  const r = await post(relay, '/api/v1/ack', { id: 'relay-ok', platform: 'apple_rn', type: 'message', received_at: Date.now() });
  assert.deepEqual(r.json, { status: 'OK' });
  const t = await upstream.request({ path: '/api/v1/trace/relay-ok' });
  assert.ok(t.json.trace.acked_at, 'the upstream recorded the ack');
});

test('upstream unreachable: 200 FAIL naming the relay, never REMOVE', async () => {
  const port = await freePort();
  const { config } = parseConfig({ Mode: 'relay', RelayUpstreamURL: `http://127.0.0.1:${port}`, SendTimeoutSec: 2 });
  const dead = await startPushService({ config, listen: '127.0.0.1:0', logStream: quiet, env: {} });
  try {
    const r = await post(dead, '/api/v1/send_push', message('apple_rn', 'abcd'));
    assert.equal(r.status, 200);
    assert.equal(r.json.status, 'FAIL');
    assert.match(r.json.error, /^relay: upstream http:\/\/127\.0\.0\.1:\d+ unreachable: .*ECONNREFUSED/);
  } finally {
    await dead.close();
  }
});

test('relay without RelayUpstreamURL does not start', async () => {
  const { config } = parseConfig({ Mode: 'relay' });
  await assert.rejects(startPushService({ config, listen: '127.0.0.1:0', logStream: quiet }), /RelayUpstreamURL: required in Mode "relay"/);
});

test('to a hosted upstream over TLS with RelayUpstreamKey; a wrong key gets the upstream 401 passed through', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'herald-relay-hosted-'));
  const ca = throwawayCa();
  const { certFile, keyFile } = await ca.issue(dir, 'hpns');
  const keysFile = join(dir, 'keys.json');
  const { key } = await createKey(keysFile, { serverId: 'ws1qpxh8p7rwbgqzb5nqchsq3e' });
  const hosted = await startStack({
    config: (c) => {
      c.Mode = 'hosted';
      c.TLSCertFile = certFile;
      c.TLSKeyFile = keyFile;
      c.HostedKeysFile = keysFile;
    },
  });
  const start = (k: string) =>
    startPushService({ config: parseConfig({ Mode: 'relay', RelayUpstreamURL: hosted.url, RelayUpstreamKey: k }).config, listen: '127.0.0.1:0', logStream: quiet, env: {}, extraCa: [ca.ca.certPem] });
  const good = await start(key);
  const bad = await start('hpk_wrong');
  try {
    assert.match(hosted.url, /^https:/);
    const token = await hosted.apnsDevice();
    const ok = await post(good, '/api/v1/send_push', message('apple_rn', token));
    assert.deepEqual(ok.json, { status: 'OK' });
    const refused = await post(bad, '/api/v1/send_push', message('apple_rn', token));
    assert.equal(refused.status, 401);
    assert.deepEqual(refused.json, { status: 'FAIL', error: 'hosted: unknown key' });
  } finally {
    await good.close();
    await bad.close();
    await hosted.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('stopping a relay waits for a forward in flight: the chat server still gets the upstream reply', async () => {
  // A slow upstream: answers OK 300 ms after the request arrived.
  const { createServer } = await import('node:http');
  let arrived!: () => void;
  const arrival = new Promise<void>((r) => (arrived = r));
  const slow = createServer((req, res) => {
    req.resume();
    arrived();
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"OK"}'), 300);
  });
  await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
  const { config } = parseConfig({ Mode: 'relay', RelayUpstreamURL: `http://127.0.0.1:${(slow.address() as { port: number }).port}`, ThrottlePerSec: 0 });
  const r2 = await startPushService({ config, listen: '127.0.0.1:0', logStream: quiet, env: {} });
  try {
    const reply = post(r2, '/api/v1/send_push', message('apple_rn', 'aa'.repeat(32)));
    await arrival;
    await r2.close();
    const r = await reply;
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, { status: 'OK' });
  } finally {
    await r2.close();
    slow.close();
  }
});
