// One 'abort' listener per AbortSignal however many requests wait on it. Every send in flight
// waits on the same shutdown signal; an EventTarget add/removeEventListener pair per request
// cost more CPU under load than the rest of the pool's bookkeeping. A Set add/delete is cheap.
const waiting = new WeakMap<AbortSignal, Set<() => void>>();

/** The callbacks run once when `signal` aborts; add a callback to it, delete it when done. */
export function abortCallbacks(signal: AbortSignal): Set<() => void> {
  let set = waiting.get(signal);
  if (!set) {
    const callbacks = new Set<() => void>();
    signal.addEventListener(
      'abort',
      () => {
        const now = [...callbacks];
        callbacks.clear();
        for (const fn of now) fn();
      },
      { once: true },
    );
    waiting.set(signal, callbacks);
    set = callbacks;
  }
  return set;
}
