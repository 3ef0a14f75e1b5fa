// The seed's confirmation procedure in real Chromium: A sets "For mentions and direct messages"
// and keeps the app in the background; B adds A through "More..." and sends "Hello"; A's service
// worker shows the push the Herald push service sent (generic, then full, then id_loaded fetched
// by the worker itself); a click opens the DM; reading it clears the notification.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, phoneContext, screenshot } from './testing/browser.js';
import { bringToForeground, connectAndLogin, sendToBackground } from './testing/pages.js';
import { startStack, type Stack } from './testing/stack.js';
import { clickNotification, forwardNext, notifications, ServiceWorkerPush, useSandboxPushService } from './testing/web-push-bridge.js';

describe("the seed's A/B confirmation in Chromium", () => {
  let stack: Stack;
  let browser: Browser;
  let ctxA: BrowserContext;
  let ctxB: BrowserContext;
  let pageA: Page;
  let pageB: Page;
  let subsA: { tokens: string[] };
  let bridge: ServiceWorkerPush;
  let dmId = '';

  before(async () => {
    stack = await startStack();
    browser = await launchChromium();
    ctxA = await phoneContext(browser, stack.url);
    subsA = await useSandboxPushService(ctxA, stack.sandboxClient);
    ctxB = await phoneContext(browser, stack.url);
    await useSandboxPushService(ctxB, stack.sandboxClient);
  });
  after(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('A logs in, saves "For mentions and direct messages" and the app subscribes to Web Push', async () => {
    pageA = await ctxA.newPage();
    await connectAndLogin(pageA, stack.url, 'accounta');
    await screenshot(pageA, 'channel');
    await pageA.click('button[aria-label="Main menu"]');
    await pageA.click('text=Account Settings');
    await pageA.check('input[name=push][value=mention]');
    await pageA.click('button:has-text("Save")');
    await pageA.waitForSelector('text=Settings saved.');
    await pageA.waitForSelector('[data-push="on"]');
    await screenshot(pageA, 'account-settings-notifications');
    const me = await stack.api<{ notify_props: Record<string, string> }>(stack.a, 'GET', '/users/me');
    assert.equal(me.notify_props.push, 'mention');
    const sessions = await stack.api<{ device_id: string }[]>(stack.admin, 'GET', `/users/${stack.a.id}/sessions`);
    const device = sessions.map((s) => s.device_id).find((d) => d.startsWith('webpush:'));
    assert.ok(device, 'the session carries the webpush device id');
    const sub = JSON.parse(Buffer.from(device.slice('webpush:'.length), 'base64url').toString('utf8')) as { endpoint: string };
    assert.ok(sub.endpoint.startsWith(stack.sandbox.origin), 'the subscription is the one the sandbox Web Push service made');
    assert.equal(subsA.tokens.length, 1);
    // A leaves the app in the background: it drops its WebSocket, so the server pushes to it.
    await pageA.click('button[aria-label="Back"]');
    bridge = await ServiceWorkerPush.attach(pageA, stack.url);
    await sendToBackground(pageA);
    await pageA.waitForSelector('[data-realtime="offline"]', { state: 'attached' });
  });

  it('B adds A with "More..." and sends "Hello": A\'s service worker shows the generic push', async () => {
    pageB = await ctxB.newPage();
    await connectAndLogin(pageB, stack.url, 'accountb');
    const town = pageB.url();
    await pageB.click('button[aria-label="Channels"]');
    await pageB.click('text=More...');
    await screenshot(pageB, 'more-direct-messages');
    await pageB.click('[data-user="accounta"]');
    await pageB.waitForURL((u) => u.href !== town && /\/channels\/[a-z0-9]{26}$/.test(u.pathname));
    dmId = /\/channels\/([a-z0-9]{26})$/.exec(pageB.url())![1]!;
    const seq = await stack.sandboxClient.lastSeq();
    await pageB.fill('textarea', 'Hello');
    await pageB.keyboard.press('Enter');
    await pageB.waitForSelector('.post .text:has-text("Hello")');
    await screenshot(pageB, 'direct-message');

    const d = await forwardNext(stack.sandboxClient, bridge, subsA.tokens[0]!, seq);
    const data = d.payload as Record<string, string>;
    assert.equal(data.type, 'message');
    assert.equal(data.channel_id, dmId);
    const [n] = await notifications(pageA);
    assert.ok(n, 'a notification is shown');
    assert.equal(n.title, '@accountb');
    assert.equal(n.body, 'sent you a message.', 'generic contents by default');
    assert.equal(n.data.url, `/channels/${dmId}`);
    const badge = await pageA.evaluate(() => new Promise((resolve) => {
      const req = indexedDB.open('herald');
      req.onsuccess = () => {
        const get = req.result.transaction('kv').objectStore('kv').get('badge');
        get.onsuccess = () => resolve(get.result);
      };
    }));
    assert.equal(badge, 1, 'the app badge is the unread mention count');
  });

  it('clicking the notification opens the DM; reading it sends `clear`, which closes it', async () => {
    const [n] = await notifications(pageA);
    const seq = await stack.sandboxClient.lastSeq();
    await clickNotification(ctxA, n!.tag);
    await pageA.waitForURL(`${stack.url}/channels/${dmId}`);
    await bringToForeground(pageA);
    await pageA.waitForSelector('.post .text:has-text("Hello")');
    await pageA.waitForSelector('[data-realtime="online"]', { state: 'attached' });
    const clear = await forwardNext(stack.sandboxClient, bridge, subsA.tokens[0]!, seq);
    assert.equal((clear.payload as Record<string, string>).type, 'clear');
    const left = await notifications(pageA, (l) => l.length === 0);
    assert.deepEqual(left, [], 'the clear push closed the notification');
  });

  it('full contents show the message; id_loaded pushes carry no text and the worker fetches it', async () => {
    await pageA.click('button[aria-label="Main menu"]');
    await pageA.click('text=Account Settings');
    await sendToBackground(pageA);
    await stack.patchConfig({ EmailSettings: { PushNotificationContents: 'full' } });
    let seq = await stack.sandboxClient.lastSeq();
    await pageB.fill('textarea', 'Lunch at noon?');
    await pageB.keyboard.press('Enter');
    const full = (await forwardNext(stack.sandboxClient, bridge, subsA.tokens[0]!, seq)).payload as Record<string, string>;
    assert.match(full.message!, /Lunch at noon\?$/, 'the server sent the snippet');
    let shown = await notifications(pageA, (l) => l.some((n) => n.body === full.message));
    assert.ok(shown.some((n) => n.body === full.message && n.title === '@accountb'), JSON.stringify(shown));

    await stack.patchConfig({ EmailSettings: { PushNotificationContents: 'id_loaded' } });
    seq = await stack.sandboxClient.lastSeq();
    await pageB.fill('textarea', 'Secret plans');
    await pageB.keyboard.press('Enter');
    const d = await forwardNext(stack.sandboxClient, bridge, subsA.tokens[0]!, seq);
    const data = d.payload as Record<string, string>;
    assert.equal(data.id_loaded, 'true');
    assert.ok(!JSON.stringify(data).includes('Secret plans'), 'no content left the server');
    shown = await notifications(pageA, (l) => l.some((n) => n.body.endsWith('Secret plans')));
    assert.ok(shown.some((n) => n.body.endsWith('Secret plans') && n.title === '@accountb'), `the worker fetched the post: ${JSON.stringify(shown)}`);
    const ack = await stack.server.store.pushOutbox.getAck(data.ack_id!);
    assert.equal(ack?.platform, 'webpush', 'the worker acknowledged the push');
  });

  it('"Send a test notification" reaches the service worker', async () => {
    await bringToForeground(pageA);
    const seq = await stack.sandboxClient.lastSeq();
    await pageA.click('button:has-text("Send a test notification")');
    await pageA.waitForSelector('text=Test notification sent.');
    await forwardNext(stack.sandboxClient, bridge, subsA.tokens[0]!, seq);
    const shown = await notifications(pageA, (l) => l.some((n) => n.body.includes('test push notification')));
    assert.ok(shown.some((n) => n.body === 'This is a test push notification from Herald.'), JSON.stringify(shown));
  });

  it('a reload restores the session; a new DM while elsewhere shows as unread with its mention badge', async () => {
    await pageA.goto(`${stack.url}/channels/${dmId}`);
    await pageA.waitForSelector('.post .text:has-text("Secret plans")');
    await pageA.waitForSelector('[data-realtime="online"]', { state: 'attached' });
    await pageA.click('button[aria-label="Channels"]');
    await pageA.click('a[data-channel]:has-text("Town Square")');
    await pageA.waitForSelector(`a[data-channel="${dmId}"]:not(.unread)`, { state: 'attached' });
    await pageB.fill('textarea', 'One more thing');
    await pageB.keyboard.press('Enter');
    await pageA.click('button[aria-label="Channels"]');
    await pageA.waitForSelector(`a[data-channel="${dmId}"].unread .badge:has-text("1")`);
    await screenshot(pageA, 'sidebar-unread');
    await pageA.click(`a[data-channel="${dmId}"]`);
    await pageA.waitForSelector('.post .text:has-text("One more thing")');
    await pageA.waitForSelector(`a[data-channel="${dmId}"]:not(.unread)`, { state: 'attached' });
  });
});
