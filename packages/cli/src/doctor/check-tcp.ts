// Step 1b: a TCP connection to the server's port opens (each address DNS gave, until one answers).
import { connect } from 'node:net';
import { classifyNetError } from './http.js';
import type { Check } from './types.js';

export function portOf(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

function tryConnect(host: string, port: number, timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const s = connect({ host, port });
    s.setTimeout(timeoutMs, () => s.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    s.once('connect', () => {
      s.destroy();
      resolve(Date.now() - t0);
    });
    s.once('error', reject);
  });
}

export const tcpCheck: Check = {
  hop: 'tcp',
  title: 'TCP',
  async run(state, report) {
    if (!state.reachable) {
      report({ hop: 'tcp', status: 'skip', message: 'TCP: skipped (no address)' });
      return;
    }
    const port = portOf(state.url);
    const errors: string[] = [];
    let lastCode = '';
    let cause = '';
    for (const addr of state.addresses) {
      try {
        const ms = await tryConnect(addr, port, state.opts.timeoutMs);
        report({ hop: 'tcp', status: 'ok', message: `TCP: connected to ${addr.includes(':') ? `[${addr}]` : addr}:${port} (${ms} ms)`, data: { address: addr, port, ms } });
        if (errors.length) report({ hop: 'tcp', status: 'warn', message: `TCP: other addresses did not answer: ${errors.join('; ')}`, hint: 'Phones may pick those addresses: fix or remove them from DNS.' });
        state.addresses = [addr, ...state.addresses.filter((a) => a !== addr)];
        return;
      } catch (e) {
        const c = classifyNetError(e);
        lastCode = c.code;
        cause = c.cause;
        errors.push(`${addr}:${port} ${c.detail}`);
      }
    }
    state.reachable = false;
    const hint =
      cause === 'refused'
        ? `Nothing listens on port ${port}: is the chat server running (herald start / herald server) and listening on this address, and is the port in the URL right?`
        : cause === 'timeout'
          ? `The connection times out: a firewall or security group drops port ${port}, or the address is wrong.`
          : `Check the address and port in the URL, and the network path (firewall, proxy) to it.`;
    report({ hop: 'tcp', status: 'fail', message: `TCP: cannot connect: ${errors.join('; ')}`, hint, data: { port, code: lastCode } });
  },
};
