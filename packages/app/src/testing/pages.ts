// Page steps shared by the browser tests: connect + log in through the UI.
import type { Page } from 'playwright-core';
import { PASSWORD } from './stack.js';

export async function connectAndLogin(page: Page, url: string, username: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.waitForURL(/\/connect$/);
  await page.fill('#server-url', url);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/login$/);
  await page.fill('#login-id', username);
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/channels\/[a-z0-9]{26}$/);
}

/** Waits until the app reports push on for this browser (subscription attached to the session). */
export async function waitForPushOn(page: Page, timeoutMs = 10_000): Promise<void> {
  await page.goto(page.url().replace(/\/channels\/.*$/, '/settings'));
  await page.waitForSelector('[data-push="on"]', { timeout: timeoutMs });
}

/**
 * Puts the app in the background as the OS does to a phone app: the page's visibility becomes
 * hidden (headless Chromium keeps every tab visible, so the lifecycle signal is emulated on the
 * page). The app drops its WebSocket and the server then pushes to it.
 */
export async function sendToBackground(page: Page): Promise<void> {
  await setVisibility(page, 'hidden');
}

/** Brings the app back to the front: visible again, it reconnects and catches up. */
export async function bringToForeground(page: Page): Promise<void> {
  await setVisibility(page, 'visible');
}

async function setVisibility(page: Page, v: 'hidden' | 'visible'): Promise<void> {
  await page.evaluate((state) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => state === 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  }, v);
}
