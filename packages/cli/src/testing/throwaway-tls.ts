// A throwaway CA and a server certificate it signed for 127.0.0.1 and localhost, written as PEM
// files (what nginx and NODE_EXTRA_CA_CERTS take). Uses the sandbox's node-forge issuer.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCertificateAuthority, issueServerCertificate } from '@herald/sandbox';

export interface ThrowawayTls {
  /** The CA certificate (PEM) and its file: trust this, e.g. NODE_EXTRA_CA_CERTS=caFile. */
  caPem: string;
  caFile: string;
  certFile: string;
  keyFile: string;
}

export function writeThrowawayTls(dir: string, hosts = ['127.0.0.1', 'localhost']): ThrowawayTls {
  mkdirSync(dir, { recursive: true });
  const ca = createCertificateAuthority('Herald throwaway test CA');
  const server = issueServerCertificate(ca, hosts);
  const files = { caFile: join(dir, 'ca.pem'), certFile: join(dir, 'server.crt'), keyFile: join(dir, 'server.key') };
  writeFileSync(files.caFile, ca.certPem);
  writeFileSync(files.certFile, server.certPem);
  writeFileSync(files.keyFile, server.keyPem, { mode: 0o600 });
  return { caPem: ca.certPem, ...files };
}
