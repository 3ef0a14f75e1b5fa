// The app in Chromium at 360x640: installable (manifest, icons, service worker controlling the
// page), starts offline from the cached shell, thread replies, and catch-up after the WebSocket
// was lost (network drop) or the app slept in the background.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, phoneContext, screenshot } from './testing/browser.js';
import { bringToForeground, connectAndLogin, sendToBackground } from './testing/pages.js';
import { startStack, type Stack } from './testing/stack.js';
import { useSandboxPushService } from './testing/web-push-bridge.js';

describe('app shell, threads and catch-up in Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let townId = '';

  before(async () => {
    stack = await startStack();
    browser = await launchChromium();
    ctx = await phoneContext(browser, stack.url);
    await useSandboxPushService(ctx, stack.sandboxClient);
    page = await ctx.newPage();
    await connectAndLogin(page, stack.url, 'accounta');
    townId = /\/channels\/([a-z0-9]{26})$/.exec(page.url())![1]!;
  });
  after(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('is installable: manifest with 192 and 512 PNG icons, a service worker controlling the page', async () => {
    const manifest = (await (await fetch(`${stack.url}/manifest.webmanifest`)).json()) as { display: string; start_url: string; icons: { src: string; sizes: string; type: string }[] };
    assert.equal(manifest.display, 'standalone');
    assert.equal(manifest.start_url, '/');
    for (const size of ['192x192', '512x512']) {
      const icon = manifest.icons.find((i) => i.sizes === size && i.type === 'image/png');
      assert.ok(icon, size);
      const res = await fetch(`${stack.url}/${icon.src}`);
      assert.equal(res.status, 200);
      assert.deepEqual([...new Uint8Array(await res.arrayBuffer()).slice(1, 4)], [0x50, 0x4e, 0x47]);
    }
    assert.equal(await page.getAttribute('link[rel=manifest]', 'href'), '/manifest.webmanifest');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null || navigator.serviceWorker.ready.then(() => true));
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `no horizontal overflow at 360 px (${width})`);
  });

  it('thread replies: Reply opens the thread, the reply shows there and counts on the root', async () => {
    await page.fill('textarea', 'Release on Friday?');
    await page.keyboard.press('Enter');
    const root = page.locator('.post', { hasText: 'Release on Friday?' });
    await root.locator('button:has-text("Reply")').click();
    await page.waitForURL(/\/thread\/[a-z0-9]{26}$/);
    await page.fill('textarea', 'Yes, after the tests pass');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.thread .post .text:has-text("Yes, after the tests pass")');
    await screenshot(page, 'thread');
    await page.click('button[aria-label="Back"]');
    await page.locator('.post', { hasText: 'Release on Friday?' }).locator('button:has-text("1 reply")').waitFor();
  });

  it('after the WebSocket drops it reconnects and catches up on what it missed', async () => {
    await page.waitForSelector('[data-realtime="online"]', { state: 'attached' });
    const sessions = await stack.api<{ id: string }[]>(stack.admin, 'GET', `/users/${stack.a.id}/sessions`);
    for (const s of sessions) stack.server.hub.closeSession(s.id);
    await stack.api(stack.b, 'POST', '/posts', { channel_id: townId, message: 'Posted while you were disconnected' });
    await page.waitForSelector('.post .text:has-text("Posted while you were disconnected")', { timeout: 10_000 });
    await page.waitForSelector('[data-realtime="online"]', { state: 'attached' });
  });

  it('after sleeping in the background it reconnects and loads the channel', async () => {
    await sendToBackground(page);
    await page.waitForSelector('[data-realtime="offline"]', { state: 'attached' });
    await stack.api(stack.b, 'POST', '/posts', { channel_id: townId, message: 'Posted while you were asleep' });
    await bringToForeground(page);
    await page.waitForSelector('.post .text:has-text("Posted while you were asleep")', { timeout: 10_000 });
  });

  it('starts offline from the cached app shell', async () => {
    await page.evaluate(() => navigator.serviceWorker.ready);
    await ctx.setOffline(true);
    try {
      await page.reload();
      await page.waitForSelector('.start-error');
      assert.equal(await page.title(), 'Herald');
      assert.match(await page.innerText('.start-error'), /offline|Cannot reach/);
      await screenshot(page, 'offline-start');
    } finally {
      await ctx.setOffline(false);
    }
    // Back online, the app starts by itself.
    await page.waitForSelector('.post .text:has-text("Posted while you were asleep")', { timeout: 10_000 });
  });
});
