// `herald push keys create|list|revoke`: the server keys of a hosted-mode (HPNS) push service.
// Works on the same config file as `herald push`: the keys live in its HostedKeysFile (default
// hosted-keys.json next to the config), hashed; a running service picks changes up within a second.
import { createKey, hostedKeysPath, loadConfigFile, parseQuota, readKeys, revokeKey } from '@herald/push';
import { parse, UsageError } from '../args.js';

export const KEYS_USAGE = `Usage: herald push keys create --config FILE --server-id ID [--quota N/s]
       herald push keys list   --config FILE [--json]
       herald push keys revoke --config FILE KEY_ID

Server keys of a hosted-mode push service (Mode "hosted"). Each chat server sends its key as
Authorization: Bearer <key> (or as the password of https://<server_id>:<key>@host in its push
server URL); a push whose server_id is not the key's is refused (403).

  create   issues a key bound to --server-id; prints it once (only its SHA-256 is stored)
           --quota N/s  requests per second for this server (default: HostedQuotaPerSec)
  list     key ids, server ids, quotas, creation and revocation times (never the keys)
  revoke   revokes a key by id; the service refuses it (401) within a second

Keys are stored in HostedKeysFile (default hosted-keys.json next to the config file).`;

export async function runKeys(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { config: { type: 'string', short: 'c' }, 'server-id': { type: 'string' }, quota: { type: 'string' }, json: { type: 'boolean' } },
    KEYS_USAGE,
  );
  if (values.help) {
    console.log(KEYS_USAGE);
    return 0;
  }
  const [action, ...rest] = positionals;
  if (typeof values.config !== 'string') throw new UsageError(`--config FILE is required\n\n${KEYS_USAGE}`);
  const { config } = await loadConfigFile(values.config);
  const path = hostedKeysPath(config, values.config);
  if (config.Mode !== 'hosted') console.error(`warning: ${values.config} has Mode "${config.Mode}"; keys are checked only in Mode "hosted"`);
  switch (action) {
    case 'create': {
      if (typeof values['server-id'] !== 'string') throw new UsageError(`keys create: --server-id ID is required\n\n${KEYS_USAGE}`);
      let quota: number | undefined;
      try {
        quota = parseQuota(values.quota as string | undefined);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      const { record, key } = await createKey(path, { serverId: values['server-id'], ...(quota !== undefined ? { quotaPerSec: quota } : {}) });
      if (values.json) console.log(JSON.stringify({ ...record, key }));
      else {
        console.log(`Key ${record.id} for server ${record.server_id} (quota ${record.quota_per_sec ?? `default ${config.HostedQuotaPerSec || 'unlimited'}`}/s), stored in ${path}.`);
        console.log('The key is shown only now; give it to that chat server:');
        console.log(key);
      }
      return 0;
    }
    case 'list': {
      const keys = await readKeys(path);
      if (values.json) {
        console.log(JSON.stringify(keys.map(({ hash: _hash, ...k }) => k)));
        return 0;
      }
      if (keys.length === 0) {
        console.log(`No keys in ${path}.`);
        return 0;
      }
      for (const k of keys) {
        console.log(`${k.id}  server_id=${k.server_id}  quota=${k.quota_per_sec ?? 'default'}/s  created=${k.created_at}${k.revoked_at ? `  REVOKED=${k.revoked_at}` : ''}`);
      }
      return 0;
    }
    case 'revoke': {
      const id = rest[0];
      if (!id) throw new UsageError(`keys revoke: KEY_ID is required\n\n${KEYS_USAGE}`);
      const k = await revokeKey(path, id);
      if (!k) {
        console.error(`keys revoke: no key ${id} in ${path} (see herald push keys list)`);
        return 1;
      }
      console.log(`Revoked ${k.id} (server ${k.server_id}) at ${k.revoked_at}.`);
      return 0;
    }
    default:
      throw new UsageError(`keys: expected create, list or revoke${action ? `, got "${action}"` : ''}\n\n${KEYS_USAGE}`);
  }
}
