// deploy/nginx/herald.conf for real: Debian's nginx, with a throwaway CA's certificate, in front
// of the chat server and of the push service, and the seed's confirmation procedure through it.
//
// Who trusts the throwaway CA, and how:
// - the chat server is a `herald server` child with NODE_EXTRA_CA_CERTS (as deployed), so its
//   pushes go over HTTPS to nginx's push front, the Push Notification Server URL;
// - this process (Client4) cannot use NODE_EXTRA_CA_CERTS (read at start only): it installs a
//   global fetch that trusts the CA for nginx's two origins (testing/fetch-trusting-ca.ts);
//   Client4's WebSocket gets `ca` (testing/test-websocket.ts); raw checks use node:https with
//   `ca`; `herald doctor` gets `--ca`.
// The sandbox and the push service run in this process (plain HTTP behind nginx).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCheckedConfig, startPushService, type RunningPushService } from '@herald/push';
import { SandboxClient, startSandbox, type RunningSandbox } from '@herald/sandbox';
import { clientFetch as clientFetchUrl, PASSWORD, signUp, type Client4 } from '@herald/server/testing/client4';
import { eventually } from '../testing/eventually.js';
import { installFetchTrustingCa } from '../testing/fetch-trusting-ca.js';
import { startHeraldNginx, type HeraldNginx } from '../testing/herald-nginx.js';
import { startHeraldServerProcess, type HeraldServerProcess } from '../testing/herald-server-process.js';
import { freePort } from '../testing/nginx.js';
import { deliveries } from '../testing/sandbox-inbox.js';
import { connectTestWebSocket, postedId } from '../testing/test-websocket.js';
import { writeThrowawayTls, type ThrowawayTls } from '../testing/throwaway-tls.js';

const herald = new URL('../../bin/herald.js', import.meta.url).pathname;
const quiet = { write: () => {} };

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

function raw(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer; ca?: string } = {}): Promise<Raw> {
  const u = new URL(url);
  const mod = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(u, { method: opts.method ?? 'GET', headers: opts.headers, agent: false, ...(opts.ca ? { ca: opts.ca } : {}) }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** Client4's own request path for an API route it has no method for. */
function clientFetch<T>(c: Client4, path: string, init: { method: string; body?: string }): Promise<T> {
  return clientFetchUrl<T>(c, `${c.getBaseRoute()}${path}`, init);
}

describe('nginx (deploy/nginx/herald.conf) fronts the chat server and the push service with TLS', () => {
  let dir: string;
  let tls: ThrowawayTls;
  let sandbox: RunningSandbox;
  let sandboxClient: SandboxClient;
  let topic: string;
  let push: RunningPushService;
  let chat: HeraldServerProcess;
  let front: HeraldNginx;
  let restoreFetch: () => void = () => {};
  let admin: Client4;
  const nodes = () => ({ chat: [chat.hostPort], push: [new URL(push.url).host] });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'herald-deploy-nginx-'));
    tls = writeThrowawayTls(join(dir, 'tls'));
    sandbox = await startSandbox({ dataDir: join(dir, 'sandbox'), port: 0, adminPort: 0 });
    sandboxClient = new SandboxClient(sandbox.adminUrl);
    const { config } = await loadCheckedConfig(sandbox.credentials.path('pushProxyConfig'));
    config.ThrottlePerSec = 0;
    topic = config.ApplePushSettings.find((s) => s.Type === 'apple_rn')?.ApplePushTopic ?? 'com.mattermost.rn';
    push = await startPushService({
      config,
      listen: '127.0.0.1:0',
      env: { HERALD_APNS_URL: sandbox.origin, HERALD_FCM_URL: sandbox.origin },
      extraCa: [sandbox.credentials.ca.certPem],
      logLevel: 'error',
      logStream: quiet,
    });
    chat = await startHeraldServerProcess({ dataDir: join(dir, 'server'), env: { NODE_EXTRA_CA_CERTS: tls.caFile } });
    front = await startHeraldNginx({ ...nodes(), tls });
    restoreFetch = installFetchTrustingCa(tls.caPem, [front.chatUrl, front.pushUrl]);

    // The first account is the system admin; push on, pointing at the push service's front.
    admin = (await signUp(front.chatUrl, 'admin')).client;
    const cfg = (await admin.getConfig()) as unknown as { EmailSettings: Record<string, unknown>; LogSettings: Record<string, unknown> };
    cfg.EmailSettings.SendPushNotifications = true;
    cfg.EmailSettings.PushNotificationServerType = 'custom';
    cfg.EmailSettings.PushNotificationServer = front.pushUrl;
    cfg.LogSettings.FileLevel = 'DEBUG';
    await admin.updateConfig(cfg as never);
  });

  after(async () => {
    restoreFetch();
    await front?.stop();
    await chat?.stop();
    await push?.close().catch(() => {});
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  let a: Awaited<ReturnType<typeof signUp>>;
  let b: Awaited<ReturnType<typeof signUp>>;
  let token: string;
  let dmId: string;

  it("the seed's confirmation procedure through nginx: B DMs A \"Hello\", A's WebSocket (WSS) gets posted, A's device exactly one push, the DEBUG line is logged", async () => {
    const team = await admin.createTeam({ name: 'demo', display_name: 'Demo', type: 'O' } as never);
    a = await signUp(front.chatUrl, 'accounta');
    b = await signUp(front.chatUrl, 'accountb');
    await admin.addToTeam(team.id, a.user.id);
    await admin.addToTeam(team.id, b.user.id);
    // A's phone: a device of the sandbox attached to A's session, as the mobile app does.
    token = (await sandboxClient.registerApns({ topic })).token;
    await clientFetch(a.client, '/users/sessions/device', { method: 'put', body: JSON.stringify({ device_id: `apple_rn:${token}` }) });
    // "For mentions and direct messages"; push_status "online" because A's WebSocket below makes A
    // online, and the default ("away") pushes only to users who are not.
    await a.client.patchMe({ notify_props: { ...a.user.notify_props, push: 'mention', push_status: 'online' } } as never);

    const ws = connectTestWebSocket(front.chatUrl, a.client.getToken(), { ca: tls.caPem });
    try {
      await ws.next('hello');
      const dm = await b.client.createDirectChannel([b.user.id, a.user.id]);
      dmId = dm.id;
      const seq = await sandboxClient.lastSeq();
      const post = await b.client.createPost({ channel_id: dm.id, message: 'Hello' } as never);

      const posted = await ws.next('posted');
      assert.equal(postedId(posted), post.id, 'posted over WSS through nginx');

      const [d] = await deliveries(sandboxClient, token, seq, 1);
      assert.equal((d!.payload as { post_id?: string }).post_id, post.id);
      // Sent once: the outbox says done after one attempt, and nothing else arrives.
      const row = await eventually('outbox done', async () => {
        const { notifications } = await clientFetch<{ notifications: { post_id: string; state: string; attempts: number }[] }>(admin, '/herald/notifications?limit=50', { method: 'get' });
        const r = notifications.find((n) => n.post_id === post.id);
        return r?.state === 'done' ? r : undefined;
      });
      assert.equal(row.attempts, 1);
      assert.equal((await sandboxClient.inbox({ token, after: seq })).length, 1, 'exactly one push for A');

      // System Console > Logs: the seed's DEBUG line, the device shortened to a prefix.
      const line = await eventually('the DEBUG line', async () => {
        const lines = await clientFetch<string[]>(admin, '/logs?page=0&logs_per_page=1000', { method: 'get' });
        return lines.find((l) => /Sending push notification to \w+\.\.\. wi msg of '/.test(l));
      });
      assert.match(line, /"level":"debug"/);
      assert.ok(line.includes(token.slice(0, 7)) && !line.includes(token), line);

      // The push went chat server -> nginx (HTTPS) -> push service.
      const pushNode = new URL(push.url).host;
      assert.ok(
        front.nginx.accessLog().some((l) => l.includes('"POST /api/v1/send_push HTTP/1.1" 200') && l.includes(`upstream=${pushNode}`)),
        front.nginx.accessLog().join('\n'),
      );
    } finally {
      ws.close();
    }
  });

  it('plain HTTP redirects to HTTPS; plain HTTP on the TLS port is refused with 400; cookies get Secure; bodies over 1 MiB stop at nginx', async () => {
    const redirect = await raw(`${front.chatHttpUrl}/api/v4/system/ping?get_server_status=true`);
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.location, 'https://127.0.0.1/api/v4/system/ping?get_server_status=true');

    const plain = await raw(`${front.chatUrl.replace('https:', 'http:')}/api/v4/system/ping`);
    assert.equal(plain.status, 400);
    assert.match(plain.text, /The plain HTTP request was sent to HTTPS port/);
    const pushPlain = await raw(`${front.pushUrl.replace('https:', 'http:')}/api/v1/send_push`, { method: 'POST', body: '{}' });
    assert.equal(pushPlain.status, 400);

    const ping = await raw(`${front.chatUrl}/api/v4/system/ping`, { ca: tls.caPem });
    assert.equal(ping.status, 200, 'nginx still serves HTTPS');
    assert.match(String(ping.headers['strict-transport-security']), /max-age=\d+/);

    const login = await raw(`${front.chatUrl}/api/v4/users/login`, {
      method: 'POST',
      ca: tls.caPem,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login_id: 'accountb', password: PASSWORD }),
    });
    assert.equal(login.status, 200);
    const cookies = login.headers['set-cookie'] ?? [];
    assert.ok(cookies.length > 0, 'the login sets cookies');
    for (const c of cookies) assert.match(c, /;\s*Secure/i, c);

    const big = await raw(`${front.chatUrl}/api/v4/posts`, { method: 'POST', ca: tls.caPem, headers: { 'content-type': 'application/json' }, body: Buffer.alloc(1024 * 1024 + 1024, 0x20) });
    assert.equal(big.status, 413);
    assert.match(String(big.headers.server), /nginx/);
  });

  it('a node sees the proxy headers: X-Forwarded-For appended (chat) or replaced (push), X-Forwarded-Proto https, X-Real-IP, Host (a header-echoing node swapped in by reload)', async () => {
    const echo = http.createServer((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ url: req.url, headers: req.headers })));
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    const echoNode = `127.0.0.1:${(echo.address() as AddressInfo).port}`;
    try {
      await front.setUpstreams({ chat: [echoNode], push: [echoNode] });
      const seen = async (url: string) => JSON.parse((await raw(url, { ca: tls.caPem, headers: { 'x-forwarded-for': '203.0.113.7' } })).text) as { url: string; headers: http.IncomingHttpHeaders };
      const viaChat = await seen(`${front.chatUrl}/api/v4/system/ping?x=1`);
      assert.equal(viaChat.url, '/api/v4/system/ping?x=1');
      assert.equal(viaChat.headers['x-forwarded-for'], '203.0.113.7, 127.0.0.1');
      assert.equal(viaChat.headers['x-real-ip'], '127.0.0.1');
      assert.equal(viaChat.headers['x-forwarded-proto'], 'https');
      assert.equal(viaChat.headers['x-forwarded-host'], '127.0.0.1');
      assert.equal(viaChat.headers.host, '127.0.0.1');
      assert.equal(viaChat.headers.upgrade, undefined);
      assert.equal(viaChat.headers.connection, undefined, 'no Connection: close, so the upstream keepalive works');

      const viaPush = await seen(`${front.pushUrl}/version`);
      assert.equal(viaPush.headers['x-forwarded-for'], '127.0.0.1', 'replaced: a client cannot pick its throttle key');
      assert.equal(viaPush.headers['x-forwarded-proto'], 'https');
    } finally {
      await front.setUpstreams(nodes());
      await new Promise<void>((r) => echo.close(() => r()));
    }
    const ping = await raw(`${front.chatUrl}/api/v4/system/ping`, { ca: tls.caPem });
    assert.equal(ping.status, 200, 'back on the real chat server');
  });

  it('a node that refuses connections is skipped, for POSTs too (create post, send_push): every DM posts and pushes once', async () => {
    const dead = `127.0.0.1:${await freePort()}`;
    const [chatNode] = nodes().chat;
    const [pushNode] = nodes().push;
    await front.setUpstreams({ chat: [dead, chatNode!], push: [dead, pushNode!] });
    try {
      const seq = await sandboxClient.lastSeq();
      const triedDeadFirst = (path: string, node: string) =>
        front.nginx.accessLog().some((l) => l.includes(`"POST ${path} HTTP/1.1"`) && l.includes(`upstream=${dead}, ${node}`));
      // least_conn takes equally loaded nodes in turn, so one of the first two requests meets the dead one.
      let posts = 0;
      while (posts < 2 || (posts < 6 && !(triedDeadFirst('/api/v4/posts', chatNode!) && triedDeadFirst('/api/v1/send_push', pushNode!)))) {
        await b.client.createPost({ channel_id: dmId, message: `Hello again ${++posts}` } as never);
        await deliveries(sandboxClient, token, seq, posts);
      }
      assert.ok(triedDeadFirst('/api/v4/posts', chatNode!), `a POST /posts went to the dead node, then the live one:\n${front.nginx.accessLog().join('\n')}`);
      assert.ok(triedDeadFirst('/api/v1/send_push', pushNode!), `a send_push went to the dead node, then the live one:\n${front.nginx.accessLog().join('\n')}`);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal((await sandboxClient.inbox({ token, after: seq })).length, posts, 'one push per post, none lost, none twice');
    } finally {
      await front.setUpstreams(nodes());
    }
  });

  it('herald doctor through nginx (--ca): every hop passes, the TLS hop warns that only a private CA vouches for it', async () => {
    const out = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        [herald, 'doctor', '--server', front.chatUrl, '--login', `admin:${PASSWORD}`, '--sandbox', sandbox.adminUrl, '--ca', tls.caFile, '--json', '--timeout', '15'],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });
    const rep = JSON.parse(out.stdout) as { ok: boolean; failed: string[]; results: { hop: string; status: string; message: string }[] };
    const explain = rep.results.map((r) => `${r.status} ${r.hop}: ${r.message}`).join('\n');
    assert.equal(out.code, 0, explain + out.stderr);
    assert.deepEqual(rep.failed, []);
    const status = (hop: string) => rep.results.filter((r) => r.hop === hop).map((r) => r.status);
    assert.deepEqual(status('tls'), ['warn'], explain);
    assert.match(rep.results.find((r) => r.hop === 'tls')!.message, /private CA/);
    for (const hop of ['server-version', 'push-settings', 'push-service', 'delivery', 'server-log', 'ping']) assert.ok(status(hop).includes('ok'), `${hop}:\n${explain}`);
    assert.ok(rep.results.some((r) => r.hop === 'push-service' && r.message.includes(front.pushUrl)), explain);
  });
});
