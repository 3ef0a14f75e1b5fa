// Test helper: a throwaway CA and server certificates for 127.0.0.1/localhost, written as PEM files.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { request } from 'node:https';
import { createCertificateAuthority, issueServerCertificate, type KeyAndCert } from '@herald/sandbox';

export interface TestCa {
  ca: KeyAndCert;
  /** A server certificate for 127.0.0.1 and localhost, written to DIR/NAME.crt and DIR/NAME.key. */
  issue(dir: string, name: string): Promise<{ certFile: string; keyFile: string; pair: KeyAndCert }>;
}

export function throwawayCa(name = 'Herald test CA'): TestCa {
  const ca = createCertificateAuthority(name);
  return {
    ca,
    async issue(dir, fileName) {
      const pair = issueServerCertificate(ca, ['127.0.0.1', 'localhost']);
      const certFile = join(dir, `${fileName}.crt`);
      const keyFile = join(dir, `${fileName}.key`);
      await writeFile(certFile, pair.certPem);
      await writeFile(keyFile, pair.keyPem, { mode: 0o600 });
      return { certFile, keyFile, pair };
    },
  };
}

/** GET over HTTPS trusting `caPem` only; returns status, body and the serial number of the server's certificate. */
export function httpsGet(url: string, caPem: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; serial: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca: caPem, agent: false, headers }, (res) => {
      const serial = (res.socket as import('node:tls').TLSSocket).getPeerCertificate().serialNumber;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, serial, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}
