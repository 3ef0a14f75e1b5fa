// System Console in Chromium, as the seed's admin uses it: Mobile Push options (HPNS only with a
// license and only with its terms accepted; a bad manual location is a field error), License
// upload, General > Logging to DEBUG, then B DMs "Hello" to A and Logs > Reload shows the seed's
// DEBUG line; the Notification log lists that push by ack id with its state.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, phoneContext, screenshot } from './testing/browser.js';
import { connectAndLogin } from './testing/pages.js';
import { PASSWORD, startStack, type Stack } from './testing/stack.js';
import { useSandboxPushService } from './testing/web-push-bridge.js';

async function saved(page: Page): Promise<void> {
  await page.click('button:has-text("Save")');
  await page.waitForSelector('text=Configuration saved.');
}

describe('System Console in Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;

  before(async () => {
    stack = await startStack();
    browser = await launchChromium();
    ctx = await phoneContext(browser, stack.url);
    await useSandboxPushService(ctx, stack.sandboxClient);
    page = await ctx.newPage();
    await connectAndLogin(page, stack.url, 'admin');
  });
  after(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('is offered to system admins only', async () => {
    const other = await ctx.browser()!.newContext({ viewport: { width: 360, height: 640 } });
    try {
      const p = await other.newPage();
      await connectAndLogin(p, stack.url, 'accountb');
      await p.click('button[aria-label="Main menu"]');
      assert.equal(await p.locator('text=System Console').count(), 0);
      await p.goto(`${stack.url}/console/push`);
      await p.waitForSelector('text=You do not have permission to view the System Console.');
    } finally {
      await other.close();
    }
  });

  it('Mobile Push: HPNS is not offered without a license; a bad manual location is a field error', async () => {
    await page.click('button[aria-label="Main menu"]');
    await page.click('text=System Console');
    await page.waitForSelector('#push-type');
    assert.equal(await page.locator('#push-type option[value="mhpns"]').count(), 0, 'HPNS hidden without a license');
    assert.equal(await page.inputValue('#push-type'), 'custom');
    await page.fill('#push-server', 'not a url');
    await page.click('button:has-text("Save")');
    await page.waitForSelector('[data-field="server"]');
    assert.equal((await stack.server.config.current()).EmailSettings.PushNotificationServer, stack.push.url, 'nothing saved');
    await page.fill('#push-server', stack.push.url);
    await page.selectOption('#push-contents', 'full');
    await saved(page);
    assert.equal(stack.server.config.current().EmailSettings.PushNotificationContents, 'full');
    await screenshot(page, 'console-mobile-push');
  });

  it('License upload makes HPNS available, which is refused without the terms and saved with them', async () => {
    await page.click('nav >> text=License');
    await page.waitForSelector('[data-licensed="false"]');
    await page.setInputFiles('#license-file', { name: 'herald.license', mimeType: 'text/plain', buffer: Buffer.from(stack.licenseFile()) });
    await page.click('button:has-text("Upload")');
    await page.waitForSelector('[data-licensed="true"]');
    await screenshot(page, 'console-license');

    await page.click('nav >> text=Mobile Push');
    await page.waitForSelector('#push-type option[value="mhpns"]', { state: 'attached' });
    await page.selectOption('#push-type', 'mhpns');
    await page.click('button:has-text("Save")');
    await page.waitForSelector('[data-field="terms"]');
    assert.equal(stack.server.config.current().EmailSettings.PushNotificationServerType, 'custom', 'refused without the terms');
    await screenshot(page, 'console-hpns-terms-required');
    await page.check('input[name="hpns-terms"]');
    await saved(page);
    const c = stack.server.config.current();
    assert.equal(c.EmailSettings.PushNotificationServerType, 'mhpns');
    assert.equal(c.HeraldSettings.HostedPushTermsAccepted, true);
    // Back to the manual location (the test's push service) for the rest.
    await page.selectOption('#push-type', 'custom');
    await page.fill('#push-server', stack.push.url);
    await saved(page);
  });

  it('Logging to DEBUG, then Logs > Reload shows the DEBUG line of the push B\'s "Hello" caused', async () => {
    await page.click('nav >> text=Logging');
    await page.selectOption('#file-level', 'DEBUG');
    await saved(page);
    assert.equal(stack.server.config.current().LogSettings.FileLevel, 'DEBUG');
    await screenshot(page, 'console-logging');

    // Account A on a phone: a session with a Web Push device, app in the background (no WebSocket).
    const { subscription } = await stack.sandboxClient.subscribeWebPush({
      applicationServerKey: (await stack.api<{ vapid_public_key: string }>(stack.a, 'GET', '/notifications/webpush')).vapid_public_key,
    });
    const device = `webpush:${Buffer.from(JSON.stringify({ endpoint: subscription.endpoint, keys: subscription.keys })).toString('base64url')}`;
    const a = await stack.api<{ token: string }>(undefined, 'POST', '/users/login', { login_id: 'accounta', password: PASSWORD });
    await stack.api({ ...stack.a, token: a.token }, 'PUT', '/users/sessions/device', { device_id: device });
    const dm = await stack.api<{ id: string }>(stack.b, 'POST', '/channels/direct', [stack.b.id, stack.a.id]);
    await stack.api(stack.b, 'POST', '/posts', { channel_id: dm.id, message: 'Hello' });
    await stack.server.push!.drained();

    await page.click('nav >> text=Logs');
    await page.click('button:has-text("Reload")');
    const line = page.locator('.logs');
    await line.filter({ hasText: "wi msg of '@accountb: Hello'" }).waitFor();
    const text = await line.innerText();
    assert.match(text, /\[DEBG\] Sending push notification to \S+ wi msg of '@accountb: Hello'/);
    await screenshot(page, 'console-logs');
  });

  it('Notification log lists the push by ack id with its state', async () => {
    await page.click('nav >> text=Notification log');
    const rows = await stack.server.store.pushOutbox.recent(10);
    const hello = rows.find((r) => r.user_id === stack.a.id && r.type === 'message');
    assert.ok(hello);
    await page.waitForSelector(`tr[data-ack="${hello.ack_id}"][data-state="done"]`);
    await screenshot(page, 'console-notification-log');
  });

  it('"Send test notification" on Mobile Push reaches the admin\'s own browser', async () => {
    await page.click('nav >> text=Mobile Push');
    const seq = await stack.sandboxClient.lastSeq();
    await page.click('button:has-text("Send test notification")');
    await page.waitForSelector('text=Test notification sent to your devices.');
    const d = await stack.sandboxClient.next((await stack.sandboxClient.inbox({ after: seq, wait: 5000 }))[0]!.token, { after: seq });
    assert.equal((d.payload as Record<string, string>).message, 'This is a test push notification from Herald.');
  });
});
