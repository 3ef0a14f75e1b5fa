// A returning user in Chromium (docs/app.md "Starting and coming back fast"): opening the app at
// `/` lands on Town Square with its newest post, even one posted while the app was closed; the
// first screen's requests leave from the script inlined in index.html before app.js runs and are
// not sent twice; back in front, a post made meanwhile shows without a reload; logout forgets
// what the app remembered, and the next start shows login without sending anything that needs a
// session.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, phoneContext, screenshot } from './testing/browser.js';
import { bringToForeground, connectAndLogin, sendToBackground } from './testing/pages.js';
import { PASSWORD } from './testing/stack.js';
import { clearPageRequests, logPageRequests, pageRequests, recordWire, type WireRequest } from './testing/request-log.js';
import { startStack, type Stack } from './testing/stack.js';
import { useSandboxPushService } from './testing/web-push-bridge.js';

const WAIT = { timeout: 20_000 };
const REMEMBERED = ['herald.boot', 'herald.users'];

describe('a returning user starts on Town Square in one round trip', () => {
  let stack: Stack;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let townId = '';

  /** Posts as accountb (not the app's user) into `channelId`; returns the post's id. */
  async function postAsB(channelId: string, message: string): Promise<string> {
    return (await stack.api<{ id: string }>(stack.b, 'POST', '/posts', { channel_id: channelId, message })).id;
  }

  /** The post is in the open channel's list, with its author's name, inside the visible part of the list. */
  async function waitUntilShown(p: Page, postId: string, author: string): Promise<void> {
    await p.waitForFunction(
      ({ postId, author }) => {
        const el = document.querySelector(`.posts:not(.thread) [data-post="${postId}"]`);
        const list = el?.closest('.posts');
        if (!el || !list || el.querySelector('.who')?.textContent !== `@${author}`) return false;
        const r = el.getBoundingClientRect();
        const box = list.getBoundingClientRect();
        return r.height > 0 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1 && r.bottom <= innerHeight + 1;
      },
      { postId, author },
      WAIT,
    );
  }

  /**
   * Closes the app's page (the app is gone, as after the OS ended it), runs `whileClosed`, opens
   * `/` in a new page; `forget`: localStorage keys removed before the page's own scripts run.
   */
  async function reopen(whileClosed?: () => Promise<unknown>, forget: string[] = []): Promise<{ wire: WireRequest[] }> {
    await page.close();
    await whileClosed?.();
    page = await ctx.newPage();
    if (forget.length) await page.addInitScript((keys) => keys.forEach((k) => localStorage.removeItem(k)), forget);
    const wire = recordWire(page);
    await page.goto(`${stack.url}/`, { waitUntil: 'commit' });
    return { wire };
  }

  /** The start is over: the channel is live (WebSocket online) and start() has finished (it asks for the Web Push key last). */
  async function waitForStartDone(p: Page, wire: WireRequest[]): Promise<void> {
    await p.waitForSelector('[data-realtime="online"]', { state: 'attached', ...WAIT });
    for (const deadline = Date.now() + WAIT.timeout; !wire.some((w) => w.api === '/notifications/webpush' && w.status); ) {
      if (Date.now() > deadline) throw new Error('start-up did not finish (no answered GET /notifications/webpush)');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  before(async () => {
    stack = await startStack();
    browser = await launchChromium();
    ctx = await phoneContext(browser, stack.url);
    await useSandboxPushService(ctx, stack.sandboxClient);
    await logPageRequests(ctx);
    page = await ctx.newPage();
    await connectAndLogin(page, stack.url, 'accounta');
    townId = /\/channels\/([a-z0-9]{26})$/.exec(page.url())![1]!;
    // Installed: the service worker controls the app (its static routes serve `/` and the shell).
    await page.waitForFunction(() => navigator.serviceWorker.ready.then(() => true), undefined, WAIT);
    // More posts than the screen holds, so the newest one shows only when the list starts at its end.
    for (let i = 1; i <= 25; i++) await postAsB(townId, `Earlier post ${i}`);
  });
  after(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('opening / lands on Town Square with its newest post, one posted while the app was closed', async () => {
    let newest = '';
    await reopen(async () => (newest = await postAsB(townId, 'Posted while the app was closed')));
    await page.waitForURL(`${stack.url}/channels/${townId}`, WAIT);
    await waitUntilShown(page, newest, 'accountb');
    assert.equal(await page.innerText('.header .title'), 'Town Square');
    assert.ok(await page.evaluate(() => !!navigator.serviceWorker.controller), 'the page is controlled by the service worker');
    await screenshot(page, 'fresh-start-town-square');
  });

  it('with nothing remembered (a session from before the app remembered its start), / still opens Town Square', async () => {
    let newest = '';
    await reopen(async () => (newest = await postAsB(townId, 'Posted before a start with nothing remembered')), REMEMBERED);
    await page.waitForURL(`${stack.url}/channels/${townId}`, WAIT);
    await waitUntilShown(page, newest, 'accountb');
    // This start remembered the team and channel again for the next one.
    const boot = await page.waitForFunction(() => localStorage.getItem('herald.boot'), undefined, WAIT);
    assert.equal((JSON.parse(String(await boot.jsonValue())) as { defaultChannelId: string }).defaultChannelId, townId);
  });

  it("the first screen's requests leave from index.html before app.js runs, and each is sent once", async () => {
    let newest = '';
    const { wire } = await reopen(async () => (newest = await postAsB(townId, 'Posted before a start with everything remembered')));
    await waitUntilShown(page, newest, 'accountb');
    await waitForStartDone(page, wire);

    const first = [
      '/users/me',
      '/users/me/teams',
      `/users/me/teams/${stack.teamId}/channels`,
      `/users/me/teams/${stack.teamId}/channels/members`,
      `/channels/${townId}/posts`,
    ];
    const pathOf = (api: string) => api.split('?')[0];
    const inPage = (await pageRequests(page)).filter((r) => r.kind === 'fetch' && r.url.startsWith(`${stack.url}/api/v4/`));
    const firstByApp = inPage.findIndex((r) => r.fromAppJs);
    assert.ok(firstByApp >= 0, 'app.js made requests of its own');
    for (const path of first) {
      const sent = inPage.filter((r) => r.method === 'GET' && pathOf(r.url.slice(`${stack.url}/api/v4`.length)) === path);
      assert.equal(sent.length, 1, `GET ${path} asked for once in the page: ${JSON.stringify(sent)}`);
      const [r] = sent;
      assert.ok(r!.fromInlineScript && !r!.fromAppJs, `GET ${path} was sent by the script inlined in index.html`);
      assert.equal(r!.readyState, 'loading', `GET ${path} was sent while index.html was still being parsed, before app.js (a module script) could run`);
      assert.ok(inPage.indexOf(r!) < firstByApp, `GET ${path} was sent before app.js's first request`);
      // On the wire too: once, answered.
      const onWire = wire.filter((w) => w.method === 'GET' && pathOf(w.api) === path);
      assert.equal(onWire.length, 1, `GET ${path} sent once: ${JSON.stringify(onWire)}`);
      assert.equal(onWire[0]!.status, 200, `GET ${path} answered`);
    }
    assert.deepEqual(
      wire.filter((w) => w.status >= 400),
      [],
      'no request of the start failed',
    );
  });

  it('back in front, a post made while the app was in the background shows without a reload', async () => {
    await page.waitForSelector('[data-realtime="online"]', { state: 'attached', ...WAIT });
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    await clearPageRequests(page);
    await sendToBackground(page);
    await page.waitForSelector('[data-realtime="offline"]', { state: 'attached', ...WAIT });
    const id = await postAsB(townId, 'Posted while the app was in the background');
    await bringToForeground(page);
    await waitUntilShown(page, id, 'accountb');
    await page.waitForSelector('[data-realtime="online"]', { state: 'attached', ...WAIT });
    assert.equal(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument), true, 'the same document (no reload)');
    // Only what changed in the open channel since the newest post shown (?since=) was asked for
    // first, then the WebSocket reopened.
    const log = await pageRequests(page);
    const since = log.findIndex((r) => r.kind === 'fetch' && r.url.startsWith(`${stack.url}/api/v4/channels/${townId}/posts?since=`));
    const socket = log.findIndex((r) => r.kind === 'websocket');
    assert.equal(since, 0, `the open channel's posts since the newest shown were asked for first: ${JSON.stringify(log)}`);
    assert.ok(socket > since, `the WebSocket reopened after that request was sent: ${JSON.stringify(log)}`);
  });

  it('logout forgets the remembered start and profiles; the next start shows login and sends nothing that needs a session', async () => {
    // Log out right after a start, while the start's follow-up work (the background refresh of
    // cached profiles) is still to come: it must not bring anything back or ask without a session.
    const { wire: startWire } = await reopen();
    await page.waitForURL(`${stack.url}/channels/${townId}`, WAIT);
    await waitForStartDone(page, startWire);
    for (const key of REMEMBERED) assert.ok(await page.evaluate((k) => localStorage.getItem(k), key), `${key} remembered before logout`);
    await page.click('button[aria-label="Main menu"]');
    await page.click('.menu button:has-text("Log Out")');
    await page.waitForURL(`${stack.url}/login`, WAIT);
    await page.waitForSelector('#login-id', WAIT);
    // Longer than the start's deferred work (3 s): nothing is remembered again meanwhile.
    await page.waitForTimeout(4000);
    const afterLogout = startWire.slice(startWire.findIndex((w) => w.api === '/users/logout'));
    assert.deepEqual(
      afterLogout.filter((w) => w.status === 401),
      [],
      'nothing asked without a session after logout',
    );
    const storage = await page.evaluate(() => ({ ...localStorage }));
    for (const key of REMEMBERED) assert.equal(storage[key], undefined, `${key} removed at logout`);
    assert.equal((JSON.parse(storage['herald.session'] ?? '{}') as { token?: string }).token, '', 'the session token removed at logout');

    const { wire } = await reopen();
    await page.waitForURL(`${stack.url}/login`, WAIT);
    await page.waitForSelector('#login-id', WAIT);
    await page.waitForLoadState('load');
    // The app's deferred start-up work (registering the service worker a second after load) included.
    await page.waitForTimeout(1500);
    assert.equal(await page.evaluate(() => !!(window as unknown as { __heraldPrefetch?: unknown }).__heraldPrefetch), false, 'nothing prefetched');
    assert.deepEqual(
      wire.filter((w) => w.api),
      [],
      'the start at the login screen made no API request',
    );
    assert.deepEqual(
      wire.filter((w) => w.status === 401),
      [],
      'no request answered 401',
    );
    await screenshot(page, 'login-after-logout');
  });

  it('a session the server ended (revoked elsewhere) is forgotten at the next start: login, and no 401s on the starts after', async () => {
    // Log in again (the page shows login after the previous test), then end the session on the server.
    await page.fill('#login-id', 'accounta');
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/channels\/[a-z0-9]{26}$/, WAIT);
    const me = await page.evaluate(() => (JSON.parse(localStorage.getItem('herald.session') ?? '{}') as { token?: string }).token ?? '');
    assert.ok(me, 'logged in');
    await stack.server.store.sessions.deleteForUser(stack.a.id);

    const { wire } = await reopen();
    await page.waitForURL(`${stack.url}/login`, WAIT);
    await page.waitForSelector('#login-id', WAIT);
    assert.ok(wire.some((w) => w.status === 401), 'this start found out with a 401');
    const storage = await page.evaluate(() => ({ ...localStorage }));
    assert.equal((JSON.parse(storage['herald.session'] ?? '{}') as { token?: string }).token, '', 'the dead token is forgotten');
    for (const key of REMEMBERED) assert.equal(storage[key], undefined, `${key} forgotten`);

    const { wire: next } = await reopen();
    await page.waitForURL(`${stack.url}/login`, WAIT);
    await page.waitForSelector('#login-id', WAIT);
    await page.waitForLoadState('load');
    await page.waitForTimeout(1500);
    assert.deepEqual(next.filter((w) => w.status === 401), [], 'the next start sends nothing with the dead token');
  });
});
