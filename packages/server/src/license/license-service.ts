// The installed license: verified on upload and again at start (a key change or a tampered row
// leaves the server unlicensed), kept in the store's license repo, checked for expiry on every read.
import type { KeyObject } from 'node:crypto';
import type { Logger } from 'pino';
import { AppError } from '../errors/app-error.js';
import type { Store } from '../store/store.js';
import { isCurrent, parseLicensePublicKey, verifyLicense, type License } from './license.js';

export interface LicenseService {
  /** The installed license while it is valid now (signature checked, not expired). */
  current(): License | undefined;
  /** The installed license, even if expired (for the admin's view). */
  installed(): License | undefined;
  /** Verifies, stores and returns the license; throws AppError naming why it is refused. */
  upload(raw: string): Promise<License>;
  remove(): Promise<void>;
  /** Re-reads the stored license (another node installed or removed one). */
  reload(): Promise<void>;
  /** Mattermost's `GET /license/client?format=old` map (strings only), sanitized for non-admins. */
  clientLicense(admin: boolean): Record<string, string>;
}

export interface LicenseServiceOptions {
  store: Store;
  logger: Logger;
  /** PEM or base64 Ed25519 public key; undefined means no license can be installed. */
  publicKey: string | undefined;
  now(): number;
  /** Called after an upload or removal is stored: the cluster tells the other nodes. */
  changed?: (() => void) | undefined;
}

export async function createLicenseService(opts: LicenseServiceOptions): Promise<LicenseService> {
  const { store, logger, now } = opts;
  let key: KeyObject | undefined;
  if (opts.publicKey && opts.publicKey.trim() !== '') {
    try {
      key = parseLicensePublicKey(opts.publicKey);
    } catch (e) {
      logger.error(`license public key ignored: ${(e as Error).message}`);
    }
  }

  // A key change or a tampered row leaves the server unlicensed (logged), never unable to start.
  async function readStored(): Promise<License | undefined> {
    const row = await store.license.get();
    if (!row) return undefined;
    try {
      return verifyLicense(row.raw, key);
    } catch (e) {
      logger.warn(`stored license ignored: ${e instanceof AppError ? `${e.message} ${e.detail}`.trim() : String(e)}`);
      return undefined;
    }
  }

  let installed = await readStored();

  const current = () => (installed && isCurrent(installed, now()) ? installed : undefined);

  return {
    current,
    installed: () => installed,
    async upload(raw) {
      const license = verifyLicense(raw, key, now());
      await store.license.set({ raw: raw.trim(), uploaded_at: now() });
      installed = license;
      logger.info(`license ${license.id} installed (${license.sku_short_name}, expires ${new Date(license.expires_at).toISOString()})`);
      opts.changed?.();
      return license;
    },
    async remove() {
      await store.license.clear();
      installed = undefined;
      logger.info('license removed');
      opts.changed?.();
    },
    async reload() {
      const next = await readStored();
      if (next?.id === installed?.id) return;
      installed = next;
      logger.info(next ? `license ${next.id} installed on another node` : 'license removed on another node');
    },
    clientLicense(admin) {
      const l = current();
      if (!l) return { IsLicensed: 'false' };
      const base: Record<string, string> = {
        IsLicensed: 'true',
        IsTrial: 'false',
        SkuShortName: l.sku_short_name,
        MHPNS: String(l.features.mhpns),
      };
      if (!admin) return base;
      return {
        ...base,
        Id: l.id,
        IssuedAt: String(l.issued_at),
        StartsAt: String(l.starts_at),
        ExpiresAt: String(l.expires_at),
        Users: String(l.features.users),
        Name: l.customer.name,
        Email: l.customer.email,
        Company: l.customer.company,
        SkuName: l.sku_name,
      };
    },
  };
}
