// `herald doctor` against a healthy stack (sandbox + push service in test mode + chat server, real
// sockets) passes every hop; against each broken hop it fails and names that hop: DNS, TCP, a
// server that is not Mattermost, a self-signed certificate, a wrong push server URL, a corrupt
// APNs key, a stopped push service. And the CLI: --json, exit status, --help.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createCertificateAuthority, issueServerCertificate, SandboxClient } from '@herald/sandbox';
import { runDoctor, type DoctorReport } from './run-doctor.js';
import type { DoctorOptions, Hop } from './types.js';
import { closedPort, notAChatServer, pushConfigWithCorruptP8, startDoctorStack, tlsFront, type DoctorStack } from './testing/doctor-stack.js';

const herald = new URL('../../bin/herald.js', import.meta.url).pathname;

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [herald, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const statusOf = (rep: DoctorReport, hop: Hop) => rep.results.filter((r) => r.hop === hop).map((r) => r.status);
const messages = (rep: DoctorReport, hop: Hop) => rep.results.filter((r) => r.hop === hop).map((r) => r.message).join('\n');
const explain = (rep: DoctorReport) => rep.results.map((r) => `${r.status} ${r.hop}: ${r.message}`).join('\n');

describe('herald doctor', () => {
  let stack: DoctorStack;
  let base: DoctorOptions;
  before(async () => {
    stack = await startDoctorStack();
    base = {
      server: stack.server.url,
      login: { username: stack.admin.username, password: stack.admin.password },
      sandbox: stack.sandbox.adminUrl,
      pushConfig: stack.pushConfigPath,
      timeoutMs: 5000,
    };
  });
  after(async () => {
    await stack.close();
  });
  const sessionsOf = async (username: string) => {
    const auth = { authorization: `Bearer ${stack.admin.token}` };
    const user = (await (await fetch(`${stack.server.url}/api/v4/users/username/${username}`, { headers: auth })).json()) as { id: string };
    return (await (await fetch(`${stack.server.url}/api/v4/users/${user.id}/sessions`, { headers: auth })).json()) as unknown[];
  };

  it('a healthy stack: every hop passes, the procedure and the ping reach the device, the log level is restored', async () => {
    const before = (await (await fetch(`${stack.server.url}/api/v4/config`, { headers: { authorization: `Bearer ${stack.admin.token}` } })).json()) as { LogSettings: { FileLevel: string } };
    const rep = await runDoctor(base);
    assert.equal(rep.ok, true, explain(rep));
    assert.deepEqual(rep.failed, []);
    for (const hop of ['dns', 'tcp', 'server-version', 'auth', 'push-settings', 'provider-credentials', 'delivery', 'server-log', 'ping'] as const) {
      assert.ok(statusOf(rep, hop).includes('ok'), `${hop} ok:\n${explain(rep)}`);
    }
    assert.deepEqual(statusOf(rep, 'tls'), ['warn'], 'http: mobile apps need TLS');
    assert.match(messages(rep, 'push-service'), /herald-push .*mode test.*not for production/);
    assert.match(messages(rep, 'delivery'), /DM "Hello" \(doctor-b-\w+ -> doctor-a-\w+\) reached A's device/);
    assert.match(messages(rep, 'server-log'), /Sending push notification to \w+ wi msg of '/);
    assert.match(messages(rep, 'ping'), /CanReceiveNotifications true; the silent test push reached the device/);
    const after = (await (await fetch(`${stack.server.url}/api/v4/config`, { headers: { authorization: `Bearer ${stack.admin.token}` } })).json()) as { LogSettings: { FileLevel: string } };
    assert.equal(after.LogSettings.FileLevel, before.LogSettings.FileLevel, 'file log level restored');
    // Cleaned up: the sandbox device is unregistered, the temporary users have no session left.
    const data = rep.results.find((r) => r.hop === 'delivery' && r.status === 'ok')!.data as { device: string; users: string[] };
    const devices = (await (await fetch(`${stack.sandbox.adminUrl}/devices?service=apns`)).json()) as { token: string; unregisteredAt?: number }[];
    const device = devices.find((d) => d.token.startsWith(data.device));
    assert.ok(device?.unregisteredAt, 'the test device is unregistered');
    for (const username of data.users) {
      assert.match(username, /^doctor-[ab]-[0-9a-f]{6}$/);
      assert.deepEqual(await sessionsOf(username), [], `${username} has no session left`);
    }
    assert.match(messages(rep, 'cleanup'), /deactivated temporary user doctor-a-\w+/);
    assert.match(messages(rep, 'cleanup'), /deactivated temporary user doctor-b-\w+/);
    for (const username of data.users) {
      const u = (await (await fetch(`${stack.server.url}/api/v4/users/username/${username}`, { headers: { authorization: `Bearer ${stack.admin.token}` } })).json()) as { delete_at: number };
      assert.ok(u.delete_at > 0, `${username} is deactivated`);
    }
  });

  it('given users instead of temporary ones, without admin rights: the procedure runs, admin-only steps are skipped', async () => {
    for (const u of ['givena', 'givenb']) {
      const r = await fetch(`${stack.server.url}/api/v4/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: u, email: `${u}@doctor.test`, password: `${u}-password` }) });
      assert.equal(r.status, 201);
    }
    const rep = await runDoctor({ server: stack.server.url, sandbox: stack.sandbox.adminUrl, users: [{ username: 'givena', password: 'givena-password' }, { username: 'givenb', password: 'givenb-password' }], timeoutMs: 5000 });
    assert.equal(rep.ok, true, explain(rep));
    assert.match(messages(rep, 'delivery'), /\(givenb -> givena\) reached A's device/);
    assert.deepEqual(await sessionsOf('givena'), [], "the doctor's sessions are logged out");
    assert.deepEqual(await sessionsOf('givenb'), []);
    assert.deepEqual(statusOf(rep, 'push-settings'), ['skip']);
    assert.deepEqual(statusOf(rep, 'provider-credentials'), ['info'], 'no --push-config is information, not a failure');
    assert.match(messages(rep, 'provider-credentials'), /skipped: no --push-config/);
  });

  it('no --sandbox: the delivery check and the ping are skipped with a note, not failed', async () => {
    const rep = await runDoctor({ ...base, sandbox: undefined } as DoctorOptions);
    assert.equal(rep.ok, true, explain(rep));
    assert.match(messages(rep, 'delivery'), /skipped: no --sandbox/);
    assert.deepEqual(statusOf(rep, 'ping'), ['skip']);
  });

  it('DNS: a host name that does not resolve', async () => {
    const rep = await runDoctor({ server: 'http://no-such-host.invalid', timeoutMs: 3000 });
    assert.deepEqual(rep.failed, ['dns'], explain(rep));
    assert.deepEqual(statusOf(rep, 'tcp'), ['skip']);
  });

  it('TCP: nothing listens on the port', async () => {
    const rep = await runDoctor({ server: `http://127.0.0.1:${await closedPort()}`, timeoutMs: 3000 });
    assert.deepEqual(rep.failed, ['tcp'], explain(rep));
    assert.match(rep.results.find((r) => r.status === 'fail')!.hint!, /Nothing listens on port/);
  });

  it('server version: a web server that is not a Mattermost server gets the seed\'s message with the real cause', async () => {
    const other = await notAChatServer();
    try {
      const rep = await runDoctor({ server: other.url, timeoutMs: 3000 });
      assert.deepEqual(rep.failed, ['server-version'], explain(rep));
      const fail = rep.results.find((r) => r.status === 'fail')!;
      assert.match(fail.message, /no Mattermost API .*HTTP 404, text\/html/);
      assert.match(fail.hint!, /We could not connect to the Mattermost server or the server is running an incompatible version.*real cause/);
    } finally {
      await other.close();
    }
  });

  it('TLS: a self-signed certificate in front of the server fails the tls hop (the seed); the other hops are still checked', async () => {
    const front = await tlsFront(stack.server.url, createCertificateAuthority('127.0.0.1'));
    try {
      const rep = await runDoctor({ ...base, server: front.url });
      assert.deepEqual(rep.failed, ['tls'], explain(rep));
      const fail = rep.results.find((r) => r.hop === 'tls' && r.status === 'fail')!;
      assert.match(fail.message, /self-signed certificate/);
      assert.match(fail.hint!, /accept neither self-signed nor client certificates/);
      assert.ok(statusOf(rep, 'delivery').includes('ok'), 'went on to the remaining hops');
    } finally {
      await front.close();
    }
  });

  it('TLS: a private CA passes only with --ca, with a warning; a certificate about to expire warns', async () => {
    const ca = stack.sandbox.credentials.ca;
    const front = await tlsFront(stack.server.url, issueServerCertificate(ca, ['127.0.0.1', 'localhost']));
    try {
      const untrusted = await runDoctor({ server: front.url, timeoutMs: 3000 });
      assert.deepEqual(untrusted.failed, ['tls'], explain(untrusted));
      assert.match(messages(untrusted, 'tls'), /does not lead to a trusted CA/);

      const trusted = await runDoctor({ server: front.url, timeoutMs: 3000, extraCa: [ca.certPem] });
      assert.deepEqual(trusted.failed, [], explain(trusted));
      assert.match(messages(trusted, 'tls'), /trusted here only through a private CA/);

      // 825-day certificate, seen from 815 days on: under 30 days left.
      const later = await runDoctor({ server: front.url, timeoutMs: 3000, extraCa: [ca.certPem], now: () => Date.now() + 815 * 86400e3 });
      assert.match(messages(later, 'tls'), /expires in \d+ days/);
      assert.deepEqual(later.failed, []);
      const wrongName = await tlsFront(stack.server.url, issueServerCertificate(ca, ['chat.example.com']));
      try {
        const rep = await runDoctor({ server: wrongName.url, timeoutMs: 3000, extraCa: [ca.certPem] });
        assert.deepEqual(rep.failed, ['tls'], explain(rep));
        assert.match(messages(rep, 'tls'), /not for 127\.0\.0\.1: it names chat\.example\.com/);
      } finally {
        await wrongName.close();
      }
    } finally {
      await front.close();
    }
  });

  it('provider credentials: a corrupt .p8 in the push config fails that hop and names the entry', async () => {
    const rep = await runDoctor({ ...base, pushConfig: await pushConfigWithCorruptP8(stack) });
    assert.deepEqual(rep.failed, ['provider-credentials'], explain(rep));
    const fail = rep.results.find((r) => r.status === 'fail')!;
    assert.match(fail.message, /ApplePushSettings\[0\] \(apple_rn\)/);
    assert.match(fail.hint!, /\.p8 key/);
  });

  it('push service: a push server URL pointing at a closed port', async () => {
    const port = await closedPort();
    await stack.patchConfig({ EmailSettings: { PushNotificationServerType: 'custom', PushNotificationServer: `http://127.0.0.1:${port}` } });
    try {
      const rep = await runDoctor(base);
      assert.deepEqual(rep.failed, ['push-service'], explain(rep));
      assert.match(messages(rep, 'push-service'), new RegExp(`http://127\\.0\\.0\\.1:${port} is unreachable: .*ECONNREFUSED`));
      assert.match(messages(rep, 'delivery'), /skipped: the push service is unreachable/);
    } finally {
      await stack.patchConfig({ EmailSettings: { PushNotificationServerType: 'mtpns' } });
    }
  });

  it('a key Apple no longer accepts (InvalidProviderToken): delivery fails with the outbox\'s cause, the DEBUG line shows the server sent it, ping says unknown', async () => {
    const client = new SandboxClient(stack.sandbox.adminUrl);
    await client.addFault({ kind: 'status', service: 'apns', status: 403, reason: 'InvalidProviderToken' });
    try {
      const rep = await runDoctor({ ...base, timeoutMs: 2000 });
      assert.deepEqual(rep.failed, ['delivery', 'ping'], explain(rep));
      const delivery = rep.results.find((r) => r.hop === 'delivery' && r.status === 'fail')!;
      assert.match(delivery.message, /did not reach A's device within 2000 ms \(outbox: \w+, \d+ attempts, .*InvalidProviderToken/);
      assert.match(delivery.hint!, /The provider refuses the push service's credentials.*APNs key was revoked/);
      const log = rep.results.find((r) => r.hop === 'server-log' && r.status !== 'info')!;
      assert.equal(log.status, 'ok');
      assert.match(log.hint!, /sent the push to the push service; it was lost after that/);
      assert.match(messages(rep, 'ping'), /CanReceiveNotifications unknown/);
    } finally {
      await client.clearFaults();
    }
  });

  it('the CLI: --json and exit status 0 on the healthy stack, --help', async () => {
    const ok = await run(['doctor', '--server', stack.server.url, '--login', `${stack.admin.username}:${stack.admin.password}`, '--sandbox', stack.sandbox.adminUrl, '--json', '--timeout', '5']);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    const rep = JSON.parse(ok.stdout) as DoctorReport;
    assert.equal(rep.ok, true);
    assert.ok(rep.results.some((r) => r.hop === 'delivery' && r.status === 'ok'));
    const help = await run(['doctor', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: herald doctor --server URL/);
    const usage = await run(['doctor']);
    assert.equal(usage.code, 2);
  });

  it('push service stopped: the push-service hop fails (CLI exit 1, progress lines with the fix hint)', async () => {
    await stack.push.close();
    const out = await run(['doctor', '--server', stack.server.url, '--login', `${stack.admin.username}:${stack.admin.password}`, '--sandbox', stack.sandbox.adminUrl, '--timeout', '5']);
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.match(out.stdout, /^✔ TCP: connected/m);
    assert.match(out.stdout, /^✖ Push service: http:\/\/127\.0\.0\.1:\d+ is unreachable/m);
    assert.match(out.stdout, /fix \(push-service\): Nothing listens at/);
    assert.match(out.stdout, /Failed hop: push-service/);
  });
});
