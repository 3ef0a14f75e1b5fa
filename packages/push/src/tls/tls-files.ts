// The push service's native TLS listener: TLSCertFile (PEM certificate chain) and TLSKeyFile
// (PEM private key), read at start and again on SIGHUP, swapped in with server.setSecureContext
// so connections in progress keep their session and new ones get the new certificate. A pair
// that does not load (missing file, key not matching the certificate) is an error naming the
// file; on reload the previous pair stays in use.
import { readFile } from 'node:fs/promises';
import { createSecureContext, type Server as TlsServer } from 'node:tls';
import { X509Certificate } from 'node:crypto';

export interface TlsPair {
  cert: Buffer;
  key: Buffer;
  /** The leaf certificate's expiry, for the log. */
  notAfter: Date;
  subject: string;
}

export async function loadTlsPair(certFile: string, keyFile: string): Promise<TlsPair> {
  const read = async (file: string, what: string) => {
    try {
      return await readFile(file);
    } catch (e) {
      throw new Error(`${what}: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  };
  const cert = await read(certFile, 'TLSCertFile');
  const key = await read(keyFile, 'TLSKeyFile');
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(cert);
  } catch (e) {
    throw new Error(`TLSCertFile: ${certFile} is not a PEM certificate (${(e as Error).message})`);
  }
  try {
    createSecureContext({ cert, key });
  } catch (e) {
    throw new Error(`TLSKeyFile: ${keyFile} does not go with ${certFile} or is not a PEM private key (${(e as Error).message})`);
  }
  return { cert, key, notAfter: new Date(leaf.validTo), subject: leaf.subject.replace(/\n/g, ', ') };
}

/** Re-reads the pair and installs it on `server`; throws (keeping the old one) when it does not load. */
export async function reloadTls(server: TlsServer, certFile: string, keyFile: string): Promise<TlsPair> {
  const pair = await loadTlsPair(certFile, keyFile);
  server.setSecureContext({ cert: pair.cert, key: pair.key });
  return pair;
}
