// APNs credentials: a provider token signed with the team's .p8 key (ES256, cached and refreshed
// between Apple's 20- and 60-minute bounds), or an Apple Push Services client certificate
// (.p12 or .pem). Certificates are read with node-forge so that legacy RC2-encrypted .p12 files
// exported from Keychain load on OpenSSL 3 too.
import { readFileSync } from 'node:fs';
import { SignJWT, importPKCS8 } from 'jose';
import forge from 'node-forge';
/** A token is reused this long; Apple rejects refreshes sooner than 20 min and tokens older than 60. */
export const TOKEN_REFRESH_AFTER_SEC = 40 * 60;
const TOKEN_MIN_AGE_SEC = 20 * 60;
export class ProviderTokenSigner {
    keyPem;
    keyId;
    teamId;
    now;
    cached;
    key;
    /** The signature in progress, shared by every send that asks meanwhile. */
    signing;
    /** Bumped when the key changes, so a signature begun with the old key is not cached. */
    generation = 0;
    constructor(keyPem, keyId, teamId, now = () => Math.floor(Date.now() / 1000)) {
        this.keyPem = keyPem;
        this.keyId = keyId;
        this.teamId = teamId;
        this.now = now;
    }
    static fromFile(path, keyId, teamId) {
        return new ProviderTokenSigner(readFileSync(path, 'utf8'), keyId, teamId);
    }
    /** Parses the key now, so a bad .p8 fails at start-up rather than on the first push. */
    async validate() {
        await this.cryptoKey();
    }
    cryptoKey() {
        this.key ??= importPKCS8(this.keyPem, 'ES256').catch((e) => {
            this.key = undefined;
            throw new Error(`AppleAuthKeyFile: not an ES256 (P-256) PKCS#8 key: ${e.message}`);
        });
        return this.key;
    }
    async token() {
        const now = this.now();
        if (this.cached && now - this.cached.iat < TOKEN_REFRESH_AFTER_SEC)
            return this.cached.token;
        // One signature at a time: sends that start together (a burst right after start-up or a
        // refresh) share it. Signing one each would put several new tokens on one connection, and
        // APNs answers all but the first with TooManyProviderTokenUpdates.
        if (!this.signing) {
            const generation = this.generation;
            const signing = this.sign(now).then((token) => {
                if (generation === this.generation)
                    this.cached = { token, iat: now };
                return token;
            });
            this.signing = signing;
            const clear = () => {
                if (this.signing === signing)
                    this.signing = undefined;
            };
            signing.then(clear, clear);
        }
        return this.signing;
    }
    async sign(iat) {
        return new SignJWT({})
            .setProtectedHeader({ alg: 'ES256', kid: this.keyId })
            .setIssuer(this.teamId)
            .setIssuedAt(iat)
            .sign(await this.cryptoKey());
    }
    /**
     * APNs said the token is expired or invalid: sign a new one next time, unless the current one is
     * younger than 20 minutes (a refresh then would only earn TooManyProviderTokenUpdates).
     */
    invalidate() {
        if (this.cached && this.now() - this.cached.iat >= TOKEN_MIN_AGE_SEC)
            this.cached = undefined;
    }
    /** New key material (SIGHUP): the next push signs a fresh token. */
    replaceKey(keyPem) {
        this.keyPem = keyPem;
        this.key = undefined;
        this.cached = undefined;
        this.signing = undefined;
        this.generation++;
    }
}
/** Loads an Apple Push Services certificate and its key from a .p12/.pfx or a .pem file. */
export function loadClientCertificate(path, password = '') {
    const raw = readFileSync(path);
    let cert;
    let key;
    const text = raw.toString('utf8');
    if (text.includes('-----BEGIN')) {
        const certMatch = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(text);
        if (!certMatch)
            throw new Error(`${path}: no CERTIFICATE block in the PEM file`);
        cert = forge.pki.certificateFromPem(certMatch[0]);
        const enc = /-----BEGIN ENCRYPTED PRIVATE KEY-----[\s\S]+?-----END ENCRYPTED PRIVATE KEY-----/.exec(text);
        const plain = /-----BEGIN (RSA )?PRIVATE KEY-----[\s\S]+?-----END (RSA )?PRIVATE KEY-----/.exec(text);
        if (enc)
            key = forge.pki.decryptRsaPrivateKey(enc[0], password) ?? undefined;
        else if (plain)
            key = forge.pki.decryptRsaPrivateKey(plain[0], password) ?? forge.pki.privateKeyFromPem(plain[0]);
        if (!key)
            throw new Error(`${path}: no usable private key (wrong ApplePushCertPassword?)`);
    }
    else {
        let p12;
        try {
            p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(raw.toString('binary')), password);
        }
        catch (e) {
            throw new Error(`${path}: cannot open the PKCS#12 file (wrong ApplePushCertPassword?): ${e.message}`);
        }
        const bags = (oid) => (oid ? p12.getBags({ bagType: oid })[oid] ?? [] : []);
        const certs = bags(forge.pki.oids.certBag);
        const keys = [...bags(forge.pki.oids.pkcs8ShroudedKeyBag), ...bags(forge.pki.oids.keyBag)];
        key = keys[0]?.key;
        // The leaf is the certificate that is not a CA.
        const leaf = certs.find((b) => b.cert && !b.cert.getExtension('basicConstraints')?.cA);
        cert = (leaf ?? certs[0])?.cert;
        if (!cert || !key)
            throw new Error(`${path}: the PKCS#12 file has no certificate and key`);
    }
    const uid = cert.subject.getField({ type: '0.9.2342.19200300.100.1.1' });
    const cn = cert.subject.getField('CN');
    return {
        certPem: forge.pki.certificateToPem(cert),
        keyPem: forge.pki.privateKeyToPem(key),
        notAfter: cert.validity.notAfter,
        ...(uid?.value ? { topic: uid.value } : {}),
        subject: cn?.value ?? '',
    };
}
//# sourceMappingURL=apns-credentials.js.map