// The app on the phone under one set of conditions, and the seed's five figures measured on it.
// Each method returns milliseconds (or throws when the screen never gets there). The definitions
// are in index.js's header and in docs/app.md ("Benchmark").
import { IN_PAGE } from './in-page.js';
import { emulate } from './phone.js';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const TIMEOUT_MS = 20_000;

export class PhoneApp {
  /**
   * @param {object} o
   * @param {import('playwright-core').BrowserContext} o.context  the phone, with the app installed
   * @param {{network?: object, cpuRate: number}} o.condition
   * @param {object} o.seed  from seedTeam (newestRoot is kept up to date as the bench posts)
   * @param {object} o.server  the server thread (startServerThread), to drop WebSocket connections
   * @param {number} o.sleepMs  how long the phone sleeps in wake()
   */
  constructor({ context, condition, seed, server, sleepMs }) {
    Object.assign(this, { context, condition, seed, server, sleepMs });
    this.page = undefined;
    this.em = undefined;
    this.posted = 0;
  }

  get currentChannel() {
    return /\/channels\/([a-z0-9]{26})/.exec(this.page.url())?.[1];
  }

  /** The realtime connection is back and the page has had a moment to finish what it started. */
  async settle() {
    await this.page.waitForSelector('[data-realtime="online"]', { state: 'attached', timeout: TIMEOUT_MS });
    await sleep(200);
  }

  async timed(what, fn, arg) {
    const ms = await this.page.evaluate(fn, arg);
    if (typeof ms !== 'number') throw new Error(`${what}: the screen did not get there within the timeout`);
    return ms;
  }

  /**
   * Fresh start: the app's process is gone (previous page closed, service worker stopped) and a
   * post arrived meanwhile in the channel it opens (Town Square); the installed app opens at its
   * start URL. From navigation start to the first frame showing that post with its author.
   * `settle`: wait for the app to be live before returning (not needed when it is closed next).
   */
  async freshStart(settle = true) {
    await this.page?.close();
    const town = this.seed.channels.find((c) => c.name === 'town-square');
    await this.postFromElsewhere('posted while the app was closed', town.id);
    const page = await this.context.newPage();
    this.page = page;
    this.em = await emulate(page, this.condition);
    await this.em.cdp.send('ServiceWorker.enable');
    await this.em.cdp.send('ServiceWorker.stopAllWorkers');
    let shown;
    const done = new Promise((resolve) => (shown = resolve));
    await page.exposeBinding('__benchStartShown', (_source, ms) => shown(ms));
    await page.addInitScript(IN_PAGE, this.seed.newestRoot[town.id]);
    await page.goto(`${this.seed.url}/`, { waitUntil: 'commit' });
    const ms = await done;
    if (ms < 0) throw new Error('fresh start: the screen did not get there within the timeout');
    if (settle) {
      if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) throw new Error('fresh start: the page was not controlled by the service worker');
      await this.settle();
    }
    return ms;
  }

  /** Opens the channel drawer (the ☰ button, untimed), then taps the channel: until its newest post shows with its author. */
  async tapChannel(channelId) {
    await this.page.click('button[aria-label="Channels"]');
    await this.page.waitForSelector(`nav.sidebar.open [data-channel="${channelId}"]`);
    await sleep(50);
    const ms = await this.timed(
      `open channel ${channelId}`,
      async ({ channelId, postId }) => {
        const link = document.querySelector(`nav [data-channel="${channelId}"]`);
        const t0 = performance.now();
        link.click();
        const t1 = await window.__bench.frameWhen(() => window.__bench.shows(postId));
        return t1 === undefined ? undefined : t1 - t0;
      },
      { channelId, postId: this.seed.newestRoot[channelId] },
    );
    await sleep(150);
    return ms;
  }

  /** Posts as the other user into the channel the phone shows; the post's text is unique. */
  async postFromElsewhere(what, channelId = this.currentChannel) {
    const message = `${what} ${++this.posted} at ${Date.now()}`;
    const post = await this.seed.api(this.seed.poster.token, 'POST', '/posts', { channel_id: channelId, message });
    this.seed.newestRoot[channelId] = post.id;
    return message;
  }

  /**
   * Resume from background: the app went to the background (visibility hidden, so it dropped its
   * WebSocket), a post arrived meanwhile; from the app becoming visible to the first frame that
   * shows that post in the open channel.
   */
  async resume() {
    await this.page.evaluate(() => window.__bench.setVisibility('hidden'));
    await this.page.waitForSelector('[data-realtime="offline"]', { state: 'attached', timeout: TIMEOUT_MS });
    const text = await this.postFromElsewhere('posted while in the background');
    await sleep(100);
    const ms = await this.timed(
      'resume',
      async (text) => {
        const t0 = performance.now();
        window.__bench.setVisibility('visible');
        const t1 = await window.__bench.frameWhen(() => window.__bench.showsText(text));
        return t1 === undefined ? undefined : t1 - t0;
      },
      text,
    );
    await this.settle();
    return ms;
  }

  /**
   * Wake after sleep: the screen turned off (hidden), the OS froze the page and the radio went
   * offline, the server dropped the user's WebSocket connections, posts arrived in the open channel
   * and another one; the radio comes back, the page is thawed, the screen turns on (visible). From
   * then to the first frame showing the open channel with those posts and the app live again
   * (WebSocket online).
   */
  async wake() {
    const { page, em } = this;
    await page.evaluate(() => window.__bench.setVisibility('hidden'));
    await em.setLifecycle('frozen');
    await em.setOffline(true);
    await this.server.dropSockets(this.seed.viewer.id);
    const open = this.currentChannel;
    const other = this.seed.channels.find((c) => c.id !== open && c.name !== 'town-square');
    await this.postFromElsewhere('posted elsewhere while asleep', other.id);
    const text = await this.postFromElsewhere('posted while asleep', open);
    await sleep(this.sleepMs);
    await em.setOffline(false);
    await em.setLifecycle('active');
    const ms = await this.timed(
      'wake',
      async (text) => {
        const t0 = performance.now();
        window.__bench.setVisibility('visible');
        const t1 = await window.__bench.frameWhen(() => window.__bench.showsText(text) && window.__bench.online());
        return t1 === undefined ? undefined : t1 - t0;
      },
      text,
    );
    await this.settle();
    return ms;
  }

  async close() {
    await this.page?.close();
    this.page = undefined;
  }
}
