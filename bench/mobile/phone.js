// A phone in Debian's Chromium (playwright-core): 360x640 CSS px at 3x, touch, a mobile user agent,
// and per page the DevTools emulation of a network row of the seed (latency, down/up throughput)
// and a 4x slower CPU. A missing browser is a loud failure (apt-get install chromium).
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.HERALD_CHROMIUM ?? '/usr/bin/chromium';
const USER_AGENT = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36';

export async function launchPhoneBrowser() {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: bench/mobile needs a real browser (apt-get install chromium, or set HERALD_CHROMIUM)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
      // Loopback only: any other host fails to resolve.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
    ],
  });
}

/** A phone context: the app installed in it keeps its storage, service worker and caches. */
export function phoneContext(browser) {
  return browser.newContext({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true, userAgent: USER_AGENT, serviceWorkers: 'allow' });
}

/**
 * The conditions a page runs under. `network` is a seed row ({latencyMs, downMbps, upMbps}) or
 * undefined for none; Mb/s are 10^6 bits per second, DevTools wants bytes per second.
 */
export async function emulate(page, { network, cpuRate }) {
  const cdp = await page.context().newCDPSession(page);
  const conditions = (offline) =>
    network
      ? { offline, latency: network.latencyMs, downloadThroughput: (network.downMbps * 1e6) / 8, uploadThroughput: (network.upMbps * 1e6) / 8 }
      : { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 };
  await cdp.send('Network.emulateNetworkConditions', conditions(false));
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuRate });
  return {
    cdp,
    /** The radio off (offline) or back on with the row's conditions. */
    setOffline: (offline) => cdp.send('Network.emulateNetworkConditions', conditions(offline)),
    /** Page lifecycle as the OS drives it: 'frozen' stops its tasks and timers, 'active' resumes them. */
    setLifecycle: (state) => cdp.send('Page.setWebLifecycleState', { state }),
  };
}
