// The chat server's native TLS listener: a PEM certificate chain and private key, read at start
// and again by reloadTls() (SIGHUP in `herald server`), swapped in with server.setSecureContext so
// open connections (WebSockets included) keep going and new ones get the new certificate. A pair
// that does not load is an error naming the file; on reload the previous pair stays in use.
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createSecureContext } from 'node:tls';

export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

export interface TlsPair {
  cert: Buffer;
  key: Buffer;
  notAfter: Date;
  subject: string;
}

export async function loadTlsPair(files: TlsFiles): Promise<TlsPair> {
  const read = async (file: string, what: string) => {
    try {
      return await readFile(file);
    } catch (e) {
      throw new Error(`${what}: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  };
  const cert = await read(files.certFile, 'TLS certificate');
  const key = await read(files.keyFile, 'TLS key');
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(cert);
  } catch (e) {
    throw new Error(`TLS certificate: ${files.certFile} is not a PEM certificate (${(e as Error).message})`);
  }
  try {
    createSecureContext({ cert, key });
  } catch (e) {
    throw new Error(`TLS key: ${files.keyFile} does not go with ${files.certFile} or is not a PEM private key (${(e as Error).message})`);
  }
  return { cert, key, notAfter: new Date(leaf.validTo), subject: leaf.subject.replace(/\n/g, ', ') };
}
