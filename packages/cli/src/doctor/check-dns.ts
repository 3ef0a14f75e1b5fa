// Step 1a: the server's host name resolves (as the OS resolver answers it: what Node and the
// mobile app's OS use).
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { classifyNetError } from './http.js';
import type { Check } from './types.js';

export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

export const dnsCheck: Check = {
  hop: 'dns',
  title: 'DNS',
  async run(state, report) {
    const host = hostOf(state.url);
    if (isIP(host)) {
      state.addresses = [host];
      report({ hop: 'dns', status: 'ok', message: `DNS: ${host} is an IP address (no lookup)`, data: { host, addresses: [host] } });
      return;
    }
    const t0 = Date.now();
    try {
      const found = await Promise.race([
        lookup(host, { all: true }),
        new Promise<never>((_, reject) => setTimeout(() => reject(Object.assign(new Error(`no DNS answer within ${state.opts.timeoutMs} ms`), { code: 'ETIMEDOUT' })), state.opts.timeoutMs).unref()),
      ]);
      state.addresses = found.map((a) => a.address);
      report({ hop: 'dns', status: 'ok', message: `DNS: ${host} -> ${state.addresses.join(', ')} (${Date.now() - t0} ms)`, data: { host, addresses: state.addresses } });
    } catch (e) {
      const { code, detail } = classifyNetError(e);
      state.reachable = false;
      report({
        hop: 'dns',
        status: 'fail',
        message: `DNS: ${host} does not resolve: ${detail}`,
        hint: `Check the server URL for a typo (the mobile app says "We could not connect to the Mattermost server…" for this too), and that ${host} has an A/AAAA record visible from here and from the phones' networks.`,
        data: { host, code },
      });
    }
  },
};
