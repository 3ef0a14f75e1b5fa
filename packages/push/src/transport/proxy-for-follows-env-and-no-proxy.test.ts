// Which outbound proxy a provider URL goes through: HTTPS_PROXY / https_proxy / HTTP_PROXY /
// http_proxy, and NO_PROXY's hosts, domains, wildcard, ports, IPv6 and CIDR entries. Pure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkProxyEnv, describeProxy, noProxyMatches, proxyFor, type ProxyEnv } from './proxy.js';

const APNS = new URL('https://api.push.apple.com/3/device/abc');
const FCM = new URL('https://fcm.googleapis.com/v1/projects/p/messages:send');

function via(target: URL | string, env: ProxyEnv): string | undefined {
  return proxyFor(typeof target === 'string' ? new URL(target) : target, env)?.href;
}

test('no proxy variable: every provider goes direct', () => {
  assert.equal(via(APNS, {}), undefined);
  assert.equal(via(APNS, { NO_PROXY: '*' }), undefined);
});

test('HTTPS_PROXY is used for https targets', () => {
  assert.equal(via(APNS, { HTTPS_PROXY: 'http://proxy.corp:3128' }), 'http://proxy.corp:3128/');
  assert.equal(via(FCM, { HTTPS_PROXY: 'http://proxy.corp:3128' }), 'http://proxy.corp:3128/');
});

test('lower-case https_proxy works too, and upper case wins when both are set', () => {
  assert.equal(via(APNS, { https_proxy: 'http://lower:1' }), 'http://lower:1/');
  assert.equal(via(APNS, { HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:1' }), 'http://upper:1/');
});

test('HTTP_PROXY (or http_proxy) is the fallback for https targets when no HTTPS_PROXY is set', () => {
  assert.equal(via(APNS, { HTTP_PROXY: 'http://plain:8080' }), 'http://plain:8080/');
  assert.equal(via(APNS, { http_proxy: 'http://plain:8080' }), 'http://plain:8080/');
  assert.equal(via(APNS, { HTTPS_PROXY: 'http://secure:1', HTTP_PROXY: 'http://plain:2' }), 'http://secure:1/');
});

test('http targets use only HTTP_PROXY, never HTTPS_PROXY', () => {
  assert.equal(via('http://example.net/', { HTTPS_PROXY: 'http://secure:1' }), undefined);
  assert.equal(via('http://example.net/', { HTTP_PROXY: 'http://plain:2' }), 'http://plain:2/');
});

test('an empty variable counts as unset, so the next one applies', () => {
  assert.equal(via(APNS, { HTTPS_PROXY: '', HTTP_PROXY: 'http://plain:2' }), 'http://plain:2/');
  assert.equal(via(APNS, { HTTPS_PROXY: '   ' }), undefined);
  assert.equal(via(APNS, { HTTPS_PROXY: 'http://p:1', NO_PROXY: '', no_proxy: 'apple.com' }), undefined);
});

test('a proxy without a scheme is http://; credentials are kept for Proxy-Authorization', () => {
  assert.equal(via(APNS, { HTTPS_PROXY: 'proxy.corp:3128' }), 'http://proxy.corp:3128/');
  const p = proxyFor(APNS, { HTTPS_PROXY: 'http://alice:s%40cret@proxy.corp:3128' })!;
  assert.equal(p.username, 'alice');
  assert.equal(p.password, 's%40cret');
  assert.equal(describeProxy(p), 'http://proxy.corp:3128', 'the description never shows the password');
});

test('an unusable proxy value is an error naming the variable, without its password', () => {
  assert.throws(() => proxyFor(APNS, { HTTPS_PROXY: 'socks5://proxy:1080' }), /HTTPS_PROXY: unsupported proxy scheme "socks5"/);
  assert.throws(() => proxyFor(APNS, { https_proxy: 'http://[bad' }), /^Error: https_proxy: not a URL/);
  assert.throws(
    () => proxyFor(APNS, { HTTP_PROXY: 'http://bob:hunter2@[bad' }),
    (e: Error) => /HTTP_PROXY/.test(e.message) && !e.message.includes('hunter2'),
  );
  assert.throws(() => checkProxyEnv({ HTTP_PROXY: 'ftp://x' }), /HTTP_PROXY: unsupported proxy scheme "ftp"/);
  assert.equal(checkProxyEnv({}), undefined);
  assert.equal(checkProxyEnv({ HTTPS_PROXY: 'http://p:1' })?.href, 'http://p:1/');
});

test('NO_PROXY: an exact host bypasses, other hosts still use the proxy', () => {
  const env = { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'api.push.apple.com' };
  assert.equal(via(APNS, env), undefined);
  assert.equal(via(FCM, env), 'http://p:1/');
});

test('NO_PROXY: a domain entry (plain, leading dot or *.) covers the domain and every subdomain', () => {
  for (const entry of ['apple.com', '.apple.com', '*.apple.com', 'APPLE.COM', 'apple.com.']) {
    const env = { HTTPS_PROXY: 'http://p:1', NO_PROXY: entry };
    assert.equal(via(APNS, env), undefined, entry);
    assert.equal(via('https://apple.com/', env), undefined, entry);
    assert.equal(via(FCM, env), 'http://p:1/', entry);
  }
});

test('NO_PROXY: a domain matches on label boundaries only', () => {
  const env = { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'example.com' };
  assert.equal(via('https://badexample.com/', env), 'http://p:1/');
  assert.equal(via('https://example.com.evil.net/', env), 'http://p:1/');
  assert.equal(via('https://a.b.example.com/', env), undefined);
});

test('NO_PROXY: "*" bypasses every host', () => {
  assert.equal(via(APNS, { HTTPS_PROXY: 'http://p:1', NO_PROXY: '*' }), undefined);
  assert.equal(via('https://[::1]:9/', { HTTPS_PROXY: 'http://p:1', no_proxy: 'x.org, *' }), undefined);
});

test('NO_PROXY: lists separated by commas and/or spaces; lower-case no_proxy works', () => {
  const env = { HTTPS_PROXY: 'http://p:1', no_proxy: ' localhost ,  googleapis.com  apple.com,' };
  assert.equal(via(APNS, env), undefined);
  assert.equal(via(FCM, env), undefined);
  assert.equal(via('https://web.push.example/', env), 'http://p:1/');
});

test('NO_PROXY: host:port bypasses only that port (the scheme default when the URL has none)', () => {
  const env = { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'api.push.apple.com:443,127.0.0.1:8443' };
  assert.equal(via(APNS, env), undefined, 'default https port 443');
  assert.equal(via('https://api.push.apple.com:2197/', env), 'http://p:1/');
  assert.equal(via('https://127.0.0.1:8443/', env), undefined);
  assert.equal(via('https://127.0.0.1:8444/', env), 'http://p:1/');
});

test('NO_PROXY: IPv4 addresses match exactly; loopback is not special', () => {
  assert.equal(via('https://127.0.0.1:5000/', { HTTPS_PROXY: 'http://p:1' }), 'http://p:1/', 'loopback is proxied unless listed');
  assert.equal(via('https://127.0.0.1:5000/', { HTTPS_PROXY: 'http://p:1', NO_PROXY: '127.0.0.1' }), undefined);
  assert.equal(via('https://127.0.0.10:5000/', { HTTPS_PROXY: 'http://p:1', NO_PROXY: '127.0.0.1' }), 'http://p:1/');
  assert.equal(via('https://localhost:5000/', { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'localhost' }), undefined);
});

test('NO_PROXY: IPv6 with or without brackets, with a port only in brackets', () => {
  const target = 'https://[::1]:8443/';
  for (const entry of ['::1', '[::1]', '[::1]:8443', '0:0:0:0:0:0:0:1', 'fe80::1,::1']) {
    assert.equal(via(target, { HTTPS_PROXY: 'http://p:1', NO_PROXY: entry }), undefined, entry);
  }
  assert.equal(via(target, { HTTPS_PROXY: 'http://p:1', NO_PROXY: '[::1]:9999' }), 'http://p:1/');
  assert.equal(via(target, { HTTPS_PROXY: 'http://p:1', NO_PROXY: '::2' }), 'http://p:1/');
  // A full-form address with no "::" is still an address, not host:port.
  assert.equal(via('https://[fe80::1]/', { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'fe80:0:0:0:0:0:0:1' }), undefined);
});

test('NO_PROXY: CIDR ranges match IP targets inside them, never host names', () => {
  const env = { HTTPS_PROXY: 'http://p:1', NO_PROXY: '10.0.0.0/8,fd00::/8' };
  assert.equal(via('https://10.1.2.3/', env), undefined);
  assert.equal(via('https://11.1.2.3/', env), 'http://p:1/');
  assert.equal(via('https://[fd12::5]/', env), undefined);
  assert.equal(via('https://[fe80::5]/', env), 'http://p:1/');
  assert.equal(via(APNS, env), 'http://p:1/');
  assert.equal(via('https://10.1.2.3/', { HTTPS_PROXY: 'http://p:1', NO_PROXY: '10.0.0.0/99,junk/x' }), 'http://p:1/', 'bad CIDR entries match nothing');
});

test('NO_PROXY: odd entries are ignored rather than matching everything', () => {
  for (const entry of ['.', '*.', ':443', 'host:notaport', ',,,', '[]']) {
    assert.equal(via(APNS, { HTTPS_PROXY: 'http://p:1', NO_PROXY: entry }), 'http://p:1/', JSON.stringify(entry));
  }
});

test('noProxyMatches can be used on its own', () => {
  assert.equal(noProxyMatches(new URL('https://a.example.com/'), '.example.com'), true);
  assert.equal(noProxyMatches(new URL('https://a.example.org/'), '.example.com'), false);
});
