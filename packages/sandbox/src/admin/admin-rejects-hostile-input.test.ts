// The admin API refuses hostile or malformed input with a JSON error naming the field at fault,
// and neither it nor the provider listener falls over: the sandbox keeps answering afterwards.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { Agent } from 'node:https';
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import webPush from 'web-push';
import { startTestSandbox, type TestSandbox } from '../testing/start-test-sandbox.js';
import { httpsRequest } from '../testing/https-request.js';

interface Answer {
  status: number;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

// One sandbox for the file: both suites below use it.
let sb: TestSandbox;
before(async () => {
  sb = await startTestSandbox();
});
after(() => sb.close());

describe('admin API hostile input', () => {
  async function admin(method: string, path: string, body?: string): Promise<Answer> {
    const res = await fetch(sb.adminUrl + path, { method, ...(body !== undefined ? { body, headers: { 'content-type': 'application/json' } } : {}) });
    const text = await res.text();
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/, `${method} ${path}: ${text}`);
    return { status: res.status, json: JSON.parse(text) };
  }

  /** A request whose body is streamed in chunks, without Content-Length. */
  function chunked(path: string, chunks: Buffer[]): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = request(sb.adminUrl + path, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
      });
      req.on('error', reject);
      for (const c of chunks) req.write(c);
      req.end();
    });
  }

  /** Writes raw bytes to a socket and returns whatever comes back before it closes (or 1 s). */
  function rawExchange(socket: import('node:net').Socket, bytes: Buffer | string): Promise<string> {
    return new Promise((resolve) => {
      let got = '';
      const done = () => {
        clearTimeout(timer);
        socket.destroy();
        resolve(got);
      };
      const timer = setTimeout(done, 1000);
      socket.on('data', (d: Buffer) => (got += d.toString('latin1')));
      socket.on('error', done);
      socket.on('close', done);
      socket.write(bytes);
    });
  }

  async function stillAnswering(): Promise<void> {
    assert.equal((await admin('GET', '/healthz')).status, 200);
    const probe = await httpsRequest(`${sb.origin}/no/such/path`, { ca: sb.credentials.ca.certPem, method: 'GET' });
    assert.equal(probe.status, 404);
  }

  test('non-JSON and non-object bodies -> 400 naming the body', async () => {
    for (const [body, msg] of [
      ['{"token": ', /body: not valid JSON/],
      ['token=abc', /body: not valid JSON/],
      ['[1,2,3]', /body: expected a JSON object/],
      ['[]', /body: expected a JSON object/],
      ['null', /body: expected a JSON object/],
      ['"a string"', /body: expected a JSON object/],
      ['42', /body: expected a JSON object/],
    ] as const) {
      for (const path of ['/fcm/devices', '/apns/devices', '/webpush/subscriptions', '/faults']) {
        const r = await admin('POST', path, body);
        assert.equal(r.status, 400, `${path} ${body}: ${JSON.stringify(r.json)}`);
        assert.match(r.json.error, msg);
      }
    }
  });

  test('bodies over 64 KiB -> 413, with or without Content-Length', async () => {
    const big = JSON.stringify({ token: 'a'.repeat(70 * 1024) });
    const r = await admin('POST', '/fcm/devices', big);
    assert.equal(r.status, 413);
    assert.match(r.json.error, /^body: larger than 64 KiB/);
    const c = await chunked('/faults', Array.from({ length: 20 }, () => Buffer.alloc(8 * 1024, 0x20)));
    assert.equal(c.status, 413);
    await stillAnswering();
  });

  const badFields: [string, string, unknown, string][] = [
    ['/fcm/devices', 'token', { token: 5 }, 'token'],
    ['/fcm/devices', 'token', { token: '' }, 'token'],
    ['/fcm/devices', 'token', { token: 'bad token with spaces!' }, 'token'],
    ['/fcm/devices', 'project', { project: ['p'] }, 'project'],
    ['/apns/devices', 'topic', { topic: {} }, 'topic'],
    ['/apns/devices', 'token', { token: 'not-hex' }, 'token'],
    ['/webpush/subscriptions', 'applicationServerKey', { applicationServerKey: 'short' }, 'applicationServerKey'],
    ['/webpush/subscriptions', 'applicationServerKey', { applicationServerKey: 12 }, 'applicationServerKey'],
    ['/faults', 'kind', { kind: 'explode' }, 'kind'],
    ['/faults', 'kind', {}, 'kind'],
    ['/faults', 'status', { kind: 'status', status: '503' }, 'status'],
    ['/faults', 'status', { kind: 'status', status: 700 }, 'status'],
    ['/faults', 'status', { kind: 'status' }, 'status'],
    ['/faults', 'reason', { kind: 'status', status: 503, reason: 7 }, 'reason'],
    ['/faults', 'latencyMs', { kind: 'latency', latencyMs: -1 }, 'latencyMs'],
    ['/faults', 'latencyMs', { kind: 'latency', latencyMs: 1.5 }, 'latencyMs'],
    ['/faults', 'drop', { kind: 'drop', drop: 'explode' }, 'drop'],
    ['/faults', 'perSecond', { kind: 'ratelimit', perSecond: 'many' }, 'perSecond'],
    ['/faults', 'times', { kind: 'status', status: 503, times: 0 }, 'times'],
    ['/faults', 'service', { kind: 'status', status: 503, service: 'gcm' }, 'service'],
    ['/faults', 'token', { kind: 'status', status: 503, token: 5 }, 'token'],
    ['/faults', 'retryAfter', { kind: 'ratelimit', perSecond: 1, retryAfter: 'soon' }, 'retryAfter'],
  ];
  for (const [path, what, body, field] of badFields) {
    test(`POST ${path} with a bad ${what} (${JSON.stringify(body)}) -> 400 naming ${field}`, async () => {
      const r = await admin('POST', path, JSON.stringify(body));
      assert.equal(r.status, 400, JSON.stringify(r.json));
      assert.ok(r.json.error.startsWith(`${field}:`), `error should name ${field}: ${r.json.error}`);
    });
  }

  test('no fault rule was added by the refused requests', async () => {
    assert.deepEqual((await admin('GET', '/faults')).json, []);
  });

  test('unknown routes and wrong methods -> 404 JSON', async () => {
    for (const [method, path] of [
      ['GET', '/nope'],
      ['PUT', '/faults'],
      ['POST', '/inbox'],
      ['DELETE', '/devices'],
      ['GET', '/fcm/devices'],
      ['PATCH', '/fcm/devices/abc'],
      ['POST', '/webpush/subscriptions/x/y'],
      ['GET', '/gcm/devices'],
    ] as const) {
      const r = await admin(method, path);
      assert.equal(r.status, 404, `${method} ${path}`);
      assert.match(r.json.error, /no route/);
    }
  });

  test('unknown tokens and fault ids -> 404 naming what was not found', async () => {
    for (const path of ['/fcm/devices/nope', '/apns/devices/abcd', '/webpush/subscriptions/nope', '/faults/nope']) {
      const r = await admin('DELETE', path);
      assert.equal(r.status, 404, path);
      assert.match(r.json.error, /^(token|fault)/);
    }
    assert.equal((await admin('GET', '/fcm/devices/nope')).status, 404);
  });

  test('a path with broken percent-encoding -> 400 naming the path', async () => {
    for (const path of ['/fcm/devices/%E0%A4%A', '/inbox/%zz']) {
      const r = await admin(path.startsWith('/inbox') ? 'GET' : 'DELETE', path);
      assert.equal(r.status, 400, `${path}: ${JSON.stringify(r.json)}`);
      assert.match(r.json.error, /^path:/);
    }
  });

  test('bad query parameters -> 400 naming the parameter', async () => {
    for (const [q, field] of [
      ['wait=abc', 'wait'],
      ['wait=-1', 'wait'],
      ['wait=600001', 'wait'],
      ['after=1.5', 'after'],
      ['after=x', 'after'],
      ['service=gcm', 'service'],
    ] as const) {
      const r = await admin('GET', `/inbox?${q}`);
      assert.equal(r.status, 400, q);
      assert.ok(r.json.error.startsWith(`${field}:`), `${q}: ${r.json.error}`);
    }
    const d = await admin('GET', '/devices?service=nope');
    assert.equal(d.status, 400);
    assert.match(d.json.error, /^service:/);
  });

  test('device listings never reveal the Web Push private key', async () => {
    const { id } = await sb.client.subscribeWebPush();
    const list = (await admin('GET', '/devices?service=webpush')).json as Record<string, unknown>[];
    assert.ok(list.length > 0);
    for (const d of list) assert.equal(d.privateKey, undefined);
    const one = (await admin('GET', `/webpush/subscriptions/${id}`)).json;
    assert.equal(one.privateKey, undefined);
    assert.equal(one.subscription.endpoint, `${sb.origin}/wp/${id}`);
  });

  test('garbage bytes on the admin port and on the TLS port are refused; the sandbox keeps answering', async () => {
    const adminPort = Number(new URL(sb.adminUrl).port);
    const tlsPort = Number(new URL(sb.origin).port);
    const httpGarbage = await rawExchange(netConnect(adminPort, '127.0.0.1'), 'GARBAGE \x00\x01\x02 / HTTP/9.9\r\n\r\n');
    assert.match(httpGarbage, /^HTTP\/1\.1 400/);
    // Plain text to the TLS listener, and random frames inside an h2 TLS session.
    await rawExchange(netConnect(tlsPort, '127.0.0.1'), 'GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    const h2 = tlsConnect({ port: tlsPort, host: '127.0.0.1', ca: sb.credentials.ca.certPem, ALPNProtocols: ['h2'] });
    await new Promise<void>((r) => h2.once('secureConnect', () => r()));
    assert.equal(h2.alpnProtocol, 'h2');
    await rawExchange(h2, Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), Buffer.alloc(64, 0xff)]));
    await stillAnswering();
  });
});

describe('admin inbox long-poll', () => {
  test('wait returns as soon as a push arrives, long before the timeout', async () => {
    const { id, subscription } = await sb.client.subscribeWebPush();
    const t = Date.now();
    const waiting = sb.client.inbox({ token: id, wait: 30_000 });
    // The push is sent while the long-poll is open.
    await new Promise((r) => setTimeout(r, 20));
    const agent = new Agent({ ca: sb.credentials.ca.certPem });
    await webPush.sendNotification(subscription, '{"hi":1}', { vapidDetails: sb.credentials.vapid, TTL: 60, agent });
    agent.destroy();
    const got = await waiting;
    assert.ok(Date.now() - t < 5000, `long-poll took ${Date.now() - t} ms`);
    assert.equal(got.length, 1);
    assert.deepEqual(got[0]!.payload, { hi: 1 });
  });

  test('wait returns [] when nothing arrives in time', async () => {
    const { id } = await sb.client.subscribeWebPush();
    const t = Date.now();
    assert.deepEqual(await sb.client.inbox({ token: id, wait: 150 }), []);
    assert.ok(Date.now() - t >= 140);
    await assert.rejects(sb.client.next(id, { timeoutMs: 50 }), /no push reached/);
  });

  test('a client hanging up mid-wait does not disturb the sandbox', async () => {
    const abort = new AbortController();
    const pending = fetch(`${sb.adminUrl}/inbox?token=nobody&wait=30000`, { signal: abort.signal });
    setTimeout(() => abort.abort(), 30);
    await assert.rejects(pending);
    const r = await fetch(`${sb.adminUrl}/healthz`);
    assert.equal(r.status, 200);
  });

  test('`after` skips deliveries already seen, and lastSeq tracks the newest', async () => {
    const device = await sb.client.registerFcm();
    const start = await sb.client.lastSeq();
    sb.context.inbox.add({ service: 'fcm', token: device.token, headers: {}, payload: { n: 1 }, id: 'one' });
    sb.context.inbox.add({ service: 'fcm', token: device.token, headers: {}, payload: { n: 2 }, id: 'two' });
    assert.deepEqual((await sb.client.inbox({ token: device.token, after: start })).map((d) => d.id), ['one', 'two']);
    assert.deepEqual((await sb.client.inbox({ token: device.token, after: start + 1 })).map((d) => d.id), ['two']);
    assert.equal(await sb.client.lastSeq(), start + 2);
  });
});
