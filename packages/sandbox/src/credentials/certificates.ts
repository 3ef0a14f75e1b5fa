// X.509 and PKCS#12 generation for the sandbox. node:crypto cannot issue certificates, so
// node-forge does the ASN.1 work; key pairs come from node:crypto (fast, native).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface KeyAndCert {
  keyPem: string;
  certPem: string;
}

function rsaKeyPair(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

function serial(): string {
  // Positive serial: clear the top bit.
  const b = randomBytes(16);
  b[0] = b[0]! & 0x7f;
  return b.toString('hex');
}

function validity(cert: forge.pki.Certificate, days: number, from = new Date()): void {
  cert.validity.notBefore = new Date(from.getTime() - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(from.getTime() + days * 24 * 60 * 60 * 1000);
}

export function createCertificateAuthority(commonName: string): KeyAndCert {
  const keys = rsaKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicPem);
  cert.serialNumber = serial();
  validity(cert, 3650);
  const attrs = [
    { name: 'commonName', value: commonName },
    { name: 'organizationName', value: 'Herald Sandbox' },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  const key = forge.pki.privateKeyFromPem(keys.privatePem);
  cert.sign(key, forge.md.sha256.create());
  return { keyPem: keys.privatePem, certPem: forge.pki.certificateToPem(cert) };
}

function issue(
  ca: KeyAndCert,
  subject: forge.pki.CertificateField[],
  extensions: object[],
  days: number,
): KeyAndCert {
  const keys = rsaKeyPair();
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicPem);
  cert.serialNumber = serial();
  validity(cert, days);
  cert.setSubject(subject);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
    ...extensions,
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.keyPem), forge.md.sha256.create());
  return { keyPem: keys.privatePem, certPem: forge.pki.certificateToPem(cert) };
}

/** TLS server certificate for the sandbox listeners, valid for the given DNS names and IPs. */
export function issueServerCertificate(ca: KeyAndCert, hosts: string[]): KeyAndCert {
  const altNames = hosts.map((h) => (/^[\d.]+$/.test(h) || h.includes(':') ? { type: 7, ip: h } : { type: 2, value: h }));
  return issue(
    ca,
    [{ name: 'commonName', value: hosts[0] ?? 'localhost' }],
    [
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
    825,
  );
}

/** Apple's certificate extensions: the environments a push certificate is good for, and its topics. */
const APPLE_PUSH_DEVELOPMENT = '1.2.840.113635.100.6.3.1';
const APPLE_PUSH_PRODUCTION = '1.2.840.113635.100.6.3.2';
const APPLE_PUSH_TOPICS = '1.2.840.113635.100.6.3.6';

function applePushExtensions(topic: string): object[] {
  const { asn1 } = forge;
  const utf8 = (s: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.UTF8, false, forge.util.encodeUtf8(s));
  const seq = (v: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, v);
  const nul = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '');
  // Topics as Apple lists them: each topic followed by a sequence naming its kind.
  const topics = seq([
    utf8(topic), seq([utf8('app')]),
    utf8(`${topic}.voip`), seq([utf8('voip')]),
    utf8(`${topic}.complication`), seq([utf8('complication')]),
  ]);
  return [
    { id: APPLE_PUSH_DEVELOPMENT, value: nul },
    { id: APPLE_PUSH_PRODUCTION, value: nul },
    { id: APPLE_PUSH_TOPICS, value: topics },
  ];
}

/**
 * An "Apple Push Services" client certificate as Apple issues them: the bundle id is the
 * subject's UID (OID 0.9.2342.19200300.100.1.1) and appears in the common name; Apple's
 * extensions mark it good for both environments (sandbox and production, as Apple's universal
 * certificates are; clients such as node-apn refuse a certificate without them) and list its topics.
 */
export function issueApplePushCertificate(ca: KeyAndCert, topic: string, days = 365): KeyAndCert {
  return issue(
    ca,
    [
      { type: '0.9.2342.19200300.100.1.1', value: topic, valueTagClass: forge.asn1.Type.UTF8 } as unknown as forge.pki.CertificateField,
      { name: 'commonName', value: `Apple Push Services: ${topic}` },
      { name: 'organizationalUnitName', value: 'HERALDTEAM' },
      { name: 'organizationName', value: 'Herald Sandbox' },
      { name: 'countryName', value: 'US' },
    ],
    [
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', clientAuth: true },
      ...applePushExtensions(topic),
    ],
    days,
  );
}

/** Bundles a key and certificate into a password-protected PKCS#12 (.p12) file. */
export function toPkcs12(kc: KeyAndCert, password: string, caCertPem?: string): Buffer {
  const chain = [forge.pki.certificateFromPem(kc.certPem)];
  if (caCertPem) chain.push(forge.pki.certificateFromPem(caCertPem));
  const asn = forge.pkcs12.toPkcs12Asn1(forge.pki.privateKeyFromPem(kc.keyPem), chain, password, {
    algorithm: '3des',
    friendlyName: 'Apple Push Services',
  });
  return Buffer.from(forge.asn1.toDer(asn).getBytes(), 'binary');
}

/** Subject alternative names (DNS and IP) of a PEM certificate. */
export function certificateHosts(certPem: string): string[] {
  const cert = forge.pki.certificateFromPem(certPem);
  const ext = cert.getExtension('subjectAltName') as { altNames?: { type: number; value?: string; ip?: string }[] } | null;
  return (ext?.altNames ?? []).map((a) => (a.type === 7 ? a.ip ?? '' : a.value ?? ''));
}
