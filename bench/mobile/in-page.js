// What the benchmark runs inside the app's page (installed with page.addInitScript, before the
// app's own scripts): predicates on what the screen shows and a clock that stops at the first animation
// frame where one holds. That frame is the one that paints the change, so a figure runs from the
// user's action (or navigation start) to the frame that shows the result; the page keeps its own
// time, so the DevTools round trips of the driver are not counted.
export const IN_PAGE = (startTarget) => {
  const bench = {
    /** The post is in the open channel's list with its author's name (not the "@…" placeholder). */
    shows(postId) {
      const el = document.querySelector(`.posts:not(.thread) [data-post="${postId}"]`);
      const who = el?.querySelector('.who')?.textContent;
      return !!who && who !== '@…';
    },
    /** A post with exactly this text is in the open channel's list. */
    showsText(text) {
      for (const el of document.querySelectorAll('.posts:not(.thread) .post .text')) if (el.textContent === text) return true;
      return false;
    },
    online() {
      return !!document.querySelector('[data-realtime="online"]');
    },
    /** performance.now() at the first animation frame where pred() holds (undefined after timeoutMs). */
    frameWhen(pred, timeoutMs = 15_000) {
      const start = performance.now();
      return new Promise((resolve) => {
        const tick = () => {
          const now = performance.now();
          if (pred()) return resolve(now);
          if (now - start > timeoutMs) return resolve(undefined);
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
    },
    /** Sets the visibility the OS would (headless tabs never hide) and tells the page. */
    setVisibility(state) {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => state === 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
    },
  };
  window.__bench = bench;
  // Fresh start: the newest post of the channel the app opens first is watched from the first
  // frame; the time (ms since navigation start, performance.timeOrigin) is handed to the driver
  // through a DevTools binding, so that it does not have to run scripts in the loading page.
  if (startTarget) bench.frameWhen(() => bench.shows(startTarget), 30_000).then((ms) => window.__benchStartShown(ms ?? -1));
};
