// A phone in Debian's Chromium (playwright-core): 360x640 CSS px at 3x, touch, a mobile user agent,
// and per page the DevTools emulation of a network row of the seed (latency, down/up throughput)
// and a 4x slower CPU. A missing browser is a loud failure (apt-get install chromium).
import { launchChromium } from '../../packages/app/dist/testing/browser.js';

const USER_AGENT = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36';

/** The same Chromium as the app's tests (loopback only, a missing browser is a loud failure). */
export const launchPhoneBrowser = launchChromium;

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
