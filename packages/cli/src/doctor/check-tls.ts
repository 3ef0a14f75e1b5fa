// Step 2: TLS as the mobile apps need it. For https: the chain against the system CAs (plus
// NODE_EXTRA_CA_CERTS / --ca), the host name, expiry, a self-signed certificate and a demand for a
// client certificate (the seed: the apps accept neither self-signed nor client certificates).
// For http: a warning, since the apps need encrypted transport.
import { isIP } from 'node:net';
import { checkServerIdentity, connect, rootCertificates, type DetailedPeerCertificate, type PeerCertificate } from 'node:tls';
import { hostOf } from './check-dns.js';
import { portOf } from './check-tcp.js';
import { classifyNetError } from './http.js';
import type { Check, CheckResult } from './types.js';

export const EXPIRY_WARN_DAYS = 30;
const DAY_MS = 24 * 3600 * 1000;
const SEED_NOTE = 'Mobile apps accept neither self-signed nor client certificates; use a certificate from a public CA (e.g. Let\'s Encrypt).';

interface Handshake {
  authorized: boolean;
  error: string | undefined;
  cert: DetailedPeerCertificate | undefined;
  protocol: string | null;
}

function handshake(address: string, port: number, servername: string | undefined, ca: string[] | undefined, timeoutMs: number): Promise<Handshake> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: address, port, ...(servername ? { servername } : {}), rejectUnauthorized: false, ...(ca ? { ca } : {}), ALPNProtocols: ['http/1.1'] });
    s.setTimeout(timeoutMs, () => s.destroy(Object.assign(new Error(`TLS handshake did not finish within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    s.once('secureConnect', () => {
      const cert = s.getPeerCertificate(true);
      const out: Handshake = {
        authorized: s.authorized,
        error: s.authorizationError ? String((s.authorizationError as Error & { code?: string }).code ?? s.authorizationError) : undefined,
        cert: cert && Object.keys(cert).length ? cert : undefined,
        protocol: s.getProtocol(),
      };
      // A server demanding a client certificate aborts after the handshake (TLS 1.3): wait a moment.
      s.once('error', reject);
      s.once('close', () => resolve(out));
      setTimeout(() => s.destroy(), 150).unref();
    });
    s.once('error', reject);
  });
}

function names(cert: PeerCertificate): string {
  const san = cert.subjectaltname ? cert.subjectaltname.replace(/DNS:|IP Address:/g, '') : '';
  return san || String(cert.subject?.CN ?? '?');
}

function chainOf(cert: DetailedPeerCertificate): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  let c: DetailedPeerCertificate | undefined = cert;
  while (c && !seen.has(c.fingerprint256)) {
    seen.add(c.fingerprint256);
    out.push(String(c.subject?.CN ?? c.subject?.O ?? '?'));
    c = c.issuerCertificate;
  }
  return out;
}

const SELF_SIGNED = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN']);
const UNTRUSTED = new Set(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT', 'CERT_UNTRUSTED']);

export const tlsCheck: Check = {
  hop: 'tls',
  title: 'TLS',
  async run(state, report) {
    const { url, opts } = state;
    if (url.protocol === 'http:') {
      report({
        hop: 'tls',
        status: 'warn',
        message: 'TLS: none (http://): the mobile apps need encrypted transport (https://)',
        hint: `Put TLS in front of the chat server (deploy/nginx/, or the server's native TLS listener) with a certificate from a public CA, and give the apps the https:// URL. ${SEED_NOTE}`,
      });
      return;
    }
    if (!state.reachable) {
      report({ hop: 'tls', status: 'skip', message: 'TLS: skipped (server unreachable)' });
      return;
    }
    const host = hostOf(url);
    const port = portOf(url);
    const address = state.addresses[0] ?? host;
    const servername = isIP(host) ? undefined : host;
    const extra = opts.extraCa?.length ? [...rootCertificates, ...opts.extraCa] : undefined;
    const fail = (r: Omit<CheckResult, 'hop' | 'status'>) => {
      state.insecureTls = true;
      report({ hop: 'tls', status: 'fail', ...r, hint: `${r.hint ?? ''}${state.reachable ? ' (The doctor goes on without verifying the certificate, to check the remaining hops.)' : ''}`.trim() });
    };
    let h: Handshake;
    try {
      h = await handshake(address, port, servername, extra, opts.timeoutMs);
    } catch (e) {
      const c = classifyNetError(e);
      if (c.cause === 'client-cert') {
        fail({ message: `TLS: the server demands a client certificate (${c.detail})`, hint: `${SEED_NOTE} Turn off client-certificate authentication (ssl_verify_client in nginx) for the chat server's URL.`, data: { code: c.code } });
      } else {
        state.reachable = false; // no TLS connection at all: the hops behind it cannot be checked
        fail({ message: `TLS: handshake with ${host}:${port} failed: ${c.detail}`, hint: 'Is this port serving TLS? (An http:// server on an https:// URL fails like this.) Check the TLS listener or proxy in front of the chat server.', data: { code: c.code } });
      }
      return;
    }
    const cert = h.cert;
    if (!cert) {
      fail({ message: 'TLS: the server sent no certificate' });
      return;
    }
    const notAfter = new Date(cert.valid_to);
    const daysLeft = Math.floor((notAfter.getTime() - (opts.now?.() ?? Date.now())) / DAY_MS);
    const data = {
      subject: cert.subject?.CN,
      issuer: cert.issuer?.CN ?? cert.issuer?.O,
      names: names(cert),
      valid_from: new Date(cert.valid_from).toISOString(),
      valid_to: notAfter.toISOString(),
      days_left: daysLeft,
      chain: chainOf(cert),
      protocol: h.protocol,
      verify_error: h.error,
    };
    let failed = false;
    if (!h.authorized) {
      failed = true;
      const code = h.error ?? 'unknown';
      // A leaf that is its own issuer is self-signed whatever OpenSSL complains about first
      // (e.g. INVALID_PURPOSE for a CA certificate served as a server certificate).
      const selfIssued = cert.issuerCertificate?.fingerprint256 === cert.fingerprint256;
      if (SELF_SIGNED.has(code) || selfIssued) {
        fail({ message: `TLS: self-signed certificate (${code}) for ${names(cert)}`, hint: `${SEED_NOTE} Then serve the full chain.`, data });
      } else if (code === 'CERT_HAS_EXPIRED') {
        fail({ message: `TLS: the certificate expired on ${notAfter.toISOString().slice(0, 10)} (${-daysLeft} days ago)`, hint: 'Renew the certificate (certbot renew, or your CA) and reload the proxy or server (SIGHUP).', data });
      } else if (code === 'CERT_NOT_YET_VALID') {
        fail({ message: `TLS: the certificate is not valid before ${data.valid_from}`, hint: 'Check the clock of this machine and of the server.', data });
      } else if (UNTRUSTED.has(code)) {
        fail({
          message: `TLS: the chain does not lead to a trusted CA (${code}); chain sent: ${data.chain.join(' <- ')}`,
          hint: 'Serve the full chain (the certificate plus its intermediates, e.g. fullchain.pem), issued by a public CA the phones trust. A private CA works only where it is installed (NODE_EXTRA_CA_CERTS / --ca here).',
          data,
        });
      } else {
        fail({ message: `TLS: the certificate does not verify: ${code}`, hint: SEED_NOTE, data });
      }
    }
    const identity = checkServerIdentity(host, cert);
    if (identity) {
      failed = true;
      fail({ message: `TLS: the certificate is not for ${host}: it names ${names(cert)}`, hint: `Issue the certificate for ${host} (subjectAltName), or give the apps the name the certificate has.`, data });
    }
    if (!failed && daysLeft < EXPIRY_WARN_DAYS) {
      report({ hop: 'tls', status: 'warn', message: `TLS: the certificate expires in ${daysLeft} days (${data.valid_to.slice(0, 10)})`, hint: 'Renew it now (certbot renew, or your CA); the apps stop connecting the moment it expires.', data });
    }
    if (failed) return;
    // Trusted only through an extra CA (NODE_EXTRA_CA_CERTS / --ca)? Phones will not trust it.
    let privateCa = false;
    if (opts.extraCa?.length || process.env.NODE_EXTRA_CA_CERTS) {
      const plain = await handshake(address, port, servername, [...rootCertificates], opts.timeoutMs).catch(() => undefined);
      privateCa = plain !== undefined && !plain.authorized;
    }
    if (privateCa) {
      report({
        hop: 'tls',
        status: 'warn',
        message: `TLS: the chain is trusted here only through a private CA (NODE_EXTRA_CA_CERTS / --ca): ${data.chain.join(' <- ')}`,
        hint: 'Phones trust public CAs only: use a certificate from a public CA for the URL the apps use.',
        data: { ...data, private_ca: true },
      });
      return;
    }
    report({ hop: 'tls', status: 'ok', message: `TLS: ${h.protocol ?? 'TLS'}, certificate for ${names(cert)} issued by ${data.issuer ?? '?'}, valid until ${data.valid_to.slice(0, 10)} (${daysLeft} days)`, data });
  },
};
