// Which Web Push endpoints Herald will POST to. A device_id carries the endpoint URL, so without a
// policy anyone who can call send_push could make Herald send requests to internal hosts (SSRF).
// Two checks: the endpoint's host must be a known browser push service (or one the admin allows in
// WebPushSettings.AllowedHosts), and it must resolve to public addresses only, checked at connect
// time so DNS rebinding cannot slip past (WebPushSettings.InsecureSkipDestinationIPCheck turns that
// off, e.g. for the local sandbox).
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/** The browser push services in use today (Chrome/Edge via FCM, Firefox, Safari, Windows). */
export const DEFAULT_WEBPUSH_HOSTS: readonly string[] = [
  'fcm.googleapis.com',
  'android.googleapis.com',
  '.push.services.mozilla.com',
  '.push.apple.com',
  '.notify.windows.com',
];

/** `host` matches an entry exactly, or ends with an entry written as ".domain" or "*.domain". */
export function isAllowedHost(host: string, allowed: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  for (const raw of allowed) {
    // Entries may carry a port (the anchor allows host:port); the check is on the host.
    const e = raw.trim().toLowerCase().replace(/^\*\./, '.').replace(/^\[(.*)\](:\d+)?$/, '$1').replace(/^([^:]*):\d+$/, '$1');
    if (!e) continue;
    if (e.startsWith('.') ? h.endsWith(e) || h === e.slice(1) : h === e) return true;
  }
  return false;
}

const blocked = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96]] as const) {
  blocked.addSubnet(net, bits, 'ipv6');
}

/** True for addresses on the public internet; false for loopback, private, link-local, multicast… */
export function isPublicAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) return !blocked.check(ip, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
    if (mapped) return !blocked.check(mapped[1]!, 'ipv4');
    return !blocked.check(ip, 'ipv6');
  }
  return false;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A dns.lookup for https.Agent that refuses hosts resolving to non-public addresses. */
export function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const list = addresses as LookupAddress[];
    const bad = list.find((a) => !isPublicAddress(a.address));
    if (bad) {
      const e: NodeJS.ErrnoException = new Error(`Web Push endpoint ${hostname} resolves to a non-public address (${bad.address}); refused`);
      e.code = 'EDESTINATION';
      return callback(e, []);
    }
    if (options.all) return callback(null, list);
    const first = list[0]!;
    callback(null, first.address, first.family);
  });
}
