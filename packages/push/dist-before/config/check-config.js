// Checks zod cannot express per field: cross-field rules, the anchor's timeout
// defaults, and "this entry can never send" situations. Bad values are errors;
// incomplete-but-loadable entries are warnings, because the anchor's own sample
// config (all credentials empty) must load unchanged.
import { joinPath } from './normalize-keys.js';
const LISTEN = /^(?:\[[0-9a-fA-F:.]+\]|[^:\s[\]]*):(\d{1,5})$/;
/** Mutates `config` only to apply the anchor's timeout defaults. */
export function checkConfig(config) {
    const errors = [];
    const warnings = [];
    const listen = LISTEN.exec(config.ListenAddress);
    if (listen === null || Number(listen[1]) > 65535) {
        errors.push(`ListenAddress: expected [host]:port such as ":8066", got ${JSON.stringify(config.ListenAddress)}`);
    }
    // The anchor treats 0 as "use the default" and caps the per-try timeout by the total.
    if (config.SendTimeoutSec === 0)
        config.SendTimeoutSec = 30;
    if (config.RetryTimeoutSec === 0)
        config.RetryTimeoutSec = 8;
    if (config.RetryTimeoutSec > config.SendTimeoutSec) {
        warnings.push(`RetryTimeoutSec: ${config.RetryTimeoutSec} is more than SendTimeoutSec (${config.SendTimeoutSec}); using ${config.SendTimeoutSec}`);
        config.RetryTimeoutSec = config.SendTimeoutSec;
    }
    const owner = new Map();
    const claimType = (type, path) => {
        const earlier = owner.get(type);
        if (earlier !== undefined)
            warnings.push(`${path}: Type "${type}" is also used by ${earlier}; the later entry wins`);
        owner.set(type, path);
    };
    const requireType = (type, path) => {
        if (type.trim() === '')
            errors.push(`${joinPath(path, 'Type')}: must not be empty`);
        else
            claimType(type, path);
    };
    config.ApplePushSettings.forEach((s, i) => {
        const path = joinPath('ApplePushSettings', i);
        requireType(s.Type, path);
        warnings.push(...checkApple(s, path));
    });
    config.AndroidPushSettings.forEach((s, i) => {
        const path = joinPath('AndroidPushSettings', i);
        requireType(s.Type, path);
        if (s.AndroidApiKey !== '') {
            warnings.push(`${joinPath(path, 'AndroidApiKey')}: legacy FCM server key is no longer used (ignored); remove it`);
        }
        if (s.ServiceFileLocation === '') {
            warnings.push(`${path} (${s.Type}): ServiceFileLocation is empty; pushes for this type will fail`);
        }
    });
    config.WebPushSettings.forEach((s, i) => {
        const path = joinPath('WebPushSettings', i);
        requireType(s.Type, path);
        const r = checkWebPush(s, path);
        errors.push(...r.errors);
        warnings.push(...r.warnings);
    });
    return { errors, warnings };
}
function checkApple(s, path) {
    const token = { AppleAuthKeyFile: s.AppleAuthKeyFile, AppleAuthKeyID: s.AppleAuthKeyID, AppleTeamID: s.AppleTeamID };
    const missing = Object.entries(token).filter(([, v]) => v === '').map(([k]) => k);
    const warnings = [];
    if (missing.length > 0 && missing.length < 3) {
        warnings.push(`${path} (${s.Type}): token auth needs AppleAuthKeyFile, AppleAuthKeyID and AppleTeamID; missing ${missing.join(', ')}` +
            (s.ApplePushCertPrivate !== '' ? ' (using the certificate instead)' : ''));
    }
    else if (missing.length === 3 && s.ApplePushCertPrivate === '') {
        warnings.push(`${path} (${s.Type}): no credentials (set AppleAuthKeyFile, AppleAuthKeyID and AppleTeamID, or ApplePushCertPrivate); pushes for this type will fail`);
    }
    if (s.ApplePushTopic === '')
        warnings.push(`${joinPath(path, 'ApplePushTopic')}: empty; APNs will reject every push`);
    return warnings;
}
function checkWebPush(s, path) {
    const errors = [];
    const warnings = [];
    if (s.Subject !== '' && !/^(mailto:|https:\/\/)/.test(s.Subject)) {
        errors.push(`${joinPath(path, 'Subject')}: expected a mailto: or https:// URI (RFC 8292), got ${JSON.stringify(s.Subject)}`);
    }
    if (s.VapidPrivateKey !== '' && s.VapidPrivateKeyFile !== '') {
        errors.push(`${path}: set VapidPrivateKey or VapidPrivateKeyFile, not both`);
    }
    s.AllowedHosts.forEach((h, i) => {
        if (/:\/\/|\/|\*/.test(h)) {
            errors.push(`${joinPath(joinPath(path, 'AllowedHosts'), i)}: expected a bare host or host:port, got ${JSON.stringify(h)}`);
        }
    });
    const missing = [];
    if (s.VapidPublicKey === '')
        missing.push('VapidPublicKey');
    if (s.VapidPrivateKey === '' && s.VapidPrivateKeyFile === '')
        missing.push('VapidPrivateKey or VapidPrivateKeyFile');
    if (s.Subject === '')
        missing.push('Subject');
    if (missing.length > 0)
        warnings.push(`${path} (${s.Type}): missing ${missing.join(', ')}; pushes for this type will fail`);
    return { errors, warnings };
}
//# sourceMappingURL=check-config.js.map