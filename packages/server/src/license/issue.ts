// Issuing Herald licenses: an Ed25519 key pair and a signer. For tests and for whoever runs the
// licensing side; the server itself only verifies (license.ts).
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { newId } from '../ids.js';

export interface LicenseKeys {
  privateKey: KeyObject;
  /** The public key as HERALD_LICENSE_PUBLIC_KEY takes it (PEM). */
  publicKeyPem: string;
}

export function generateLicenseKeys(): LicenseKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

export interface LicenseTerms {
  id?: string;
  issued_at?: number;
  starts_at?: number;
  expires_at?: number;
  customer?: { id?: string; name?: string; email?: string; company?: string };
  features?: Record<string, boolean | number>;
  sku_name?: string;
  sku_short_name?: string;
}

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** Signs a license (valid for a year from now unless told otherwise); returns the file's text. */
export function issueLicense(privateKey: KeyObject, terms: LicenseTerms = {}, now = Date.now()): string {
  const payload = {
    id: terms.id ?? newId(),
    issued_at: terms.issued_at ?? now,
    starts_at: terms.starts_at ?? now,
    expires_at: terms.expires_at ?? now + YEAR_MS,
    customer: { id: '', name: 'Herald Test', email: 'admin@example.com', company: 'Herald Test Co', ...terms.customer },
    features: { users: 100, mhpns: true, ...terms.features },
    sku_name: terms.sku_name ?? 'Herald Enterprise',
    sku_short_name: terms.sku_short_name ?? 'enterprise',
  };
  return signLicensePayload(privateKey, payload);
}

/** Signs any payload as a license file (tests use it to sign malformed payloads). */
export function signLicensePayload(privateKey: KeyObject, payload: unknown): string {
  const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  return `${body}.${sign(null, Buffer.from(body, 'ascii'), privateKey).toString('base64url')}`;
}
