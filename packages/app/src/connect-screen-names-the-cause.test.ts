// The connect screen in Chromium: a wrong URL (connection refused, unknown host), a TLS problem
// and an incompatible server each show the seed's message plus the concrete cause; the right
// URL goes on to the login screen.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, phoneContext, screenshot } from './testing/browser.js';
import { startStack, type Stack } from './testing/stack.js';

const SEED_MESSAGE = 'We could not connect to the Mattermost server or the server is running an incompatible version';

function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

describe('connect screen in Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  const servers: Server[] = [];

  before(async () => {
    stack = await startStack();
    browser = await launchChromium();
    page = await (await phoneContext(browser, stack.url)).newPage();
    await page.goto(`${stack.url}/`);
    await page.waitForURL(/\/connect$/);
  });
  after(async () => {
    for (const s of servers) s.close();
    await browser?.close();
    await stack?.close();
  });

  async function tryUrl(url: string): Promise<{ cause: string; text: string }> {
    await page.goto(`${stack.url}/connect`);
    await page.fill('#server-url', url);
    await page.click('button[type=submit]');
    const alert = page.locator('[role=alert]');
    await alert.waitFor();
    const text = await alert.innerText();
    assert.ok(text.includes(SEED_MESSAGE), text);
    return { cause: (await alert.getAttribute('data-cause')) ?? '', text };
  }

  it('nothing listening: connection refused', async () => {
    const { server, url } = await listen(() => {});
    await new Promise((r) => server.close(r));
    const r = await tryUrl(url);
    assert.equal(r.cause, 'refused');
    assert.match(r.text, /connection refused/);
    await screenshot(page, 'connect-error');
  });

  it('a host name that does not resolve: DNS', async () => {
    const r = await tryUrl('http://no-such-host.invalid');
    assert.equal(r.cause, 'dns');
    assert.match(r.text, /DNS/);
  });

  it('a certificate the device does not trust: TLS', async () => {
    const r = await tryUrl(stack.sandbox.origin);
    assert.equal(r.cause, 'tls', r.text);
    assert.match(r.text, /TLS/);
  });

  it('a server that is not Mattermost, and one too old: incompatible', async () => {
    const notMm = await listen((_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not here</h1>'));
    servers.push(notMm.server);
    let r = await tryUrl(notMm.url);
    assert.equal(r.cause, 'not_mattermost');
    assert.match(r.text, /HTTP 404/);

    const old = await listen((_req, res) => res.writeHead(200, { 'content-type': 'application/json', 'x-version-id': '4.10.0.123', 'access-control-allow-origin': '*', 'access-control-expose-headers': 'X-Version-Id' }).end('{"status":"OK"}'));
    servers.push(old.server);
    r = await tryUrl(old.url);
    assert.equal(r.cause, 'version');
    assert.match(r.text, /4\.10\.0 is older than 7\.0/);
  });

  it('not a URL at all', async () => {
    const r = await tryUrl('http://');
    assert.equal(r.cause, 'invalid_url');
  });

  it('a host without a scheme is tried as https://', async () => {
    const r = await tryUrl(stack.url.replace('http://', ''));
    assert.ok(r.cause === 'tls' || r.cause === 'network', r.text);
    assert.match(r.text, /TLS|network|SSL|EPROTO/i);
  });

  it('the right URL goes on to the login screen', async () => {
    await page.fill('#server-url', stack.url);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/login$/);
    await screenshot(page, 'login');
  });
});
