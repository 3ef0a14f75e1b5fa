// Mode "hosted" refuses to start on a plaintext listener unless BehindTLSProxy says a TLS proxy is
// in front; with TLSCertFile/TLSKeyFile it serves HTTPS (a throwaway CA), and keys still apply.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, ConfigError } from '../config/parse-config.js';
import { startPushService } from '../push-service.js';
import { httpsGet, throwawayCa } from '../tls/testing-certificates.js';
import { createKey } from './hosted-keys.js';

const quiet = { write: () => {} };
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'herald-hosted-tls-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('hosted without TLS and without BehindTLSProxy: the service does not start, and says what to set', async () => {
  const { config } = parseConfig({ Mode: 'hosted', HostedKeysFile: join(dir, 'keys.json') });
  await assert.rejects(
    startPushService({ config, listen: '127.0.0.1:0', logStream: quiet }),
    (e: Error) => e instanceof ConfigError && /refuses a plaintext listener; set TLSCertFile and TLSKeyFile, or BehindTLSProxy: true/.test(e.message),
  );
});

test('TLSCertFile without TLSKeyFile is refused, naming the missing key', async () => {
  const { config } = parseConfig({ TLSCertFile: join(dir, 'x.crt') });
  await assert.rejects(startPushService({ config, listen: '127.0.0.1:0', logStream: quiet }), /TLSKeyFile: must be set together with TLSCertFile/);
});

test('a key that does not match the certificate is refused at start, naming the file', async () => {
  const ca = throwawayCa();
  const a = await ca.issue(dir, 'mismatch-a');
  const b = await ca.issue(dir, 'mismatch-b');
  const { config } = parseConfig({ TLSCertFile: a.certFile, TLSKeyFile: b.keyFile });
  await assert.rejects(startPushService({ config, listen: '127.0.0.1:0', logStream: quiet }), /TLSKeyFile: .*mismatch-b\.key does not go with/);
});

test('hosted with TLSCertFile/TLSKeyFile: HTTPS listener, keys enforced over it', async () => {
  const ca = throwawayCa();
  const { certFile, keyFile } = await ca.issue(dir, 'hosted');
  const keysFile = join(dir, 'keys.json');
  const { key } = await createKey(keysFile, { serverId: 'srv-tls' });
  const { config } = parseConfig({ Mode: 'hosted', HostedKeysFile: keysFile, TLSCertFile: certFile, TLSKeyFile: keyFile });
  const svc = await startPushService({ config, listen: '127.0.0.1:0', logStream: quiet });
  try {
    assert.match(svc.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const version = await httpsGet(`${svc.url}/version`, ca.ca.certPem);
    assert.equal(JSON.parse(version.body).mode, 'hosted');
    const refused = await httpsGet(`${svc.url}/api/v1/trace/x`, ca.ca.certPem);
    assert.equal(refused.status, 401);
    const allowed = await httpsGet(`${svc.url}/api/v1/trace/x`, ca.ca.certPem, { authorization: `Bearer ${key}` });
    assert.equal(allowed.status, 404, 'identified; no such trace');
  } finally {
    await svc.close();
  }
});
