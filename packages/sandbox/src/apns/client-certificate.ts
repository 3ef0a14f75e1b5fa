// The identity of an APNs client certificate (certificate-based provider auth): the bundle id in
// the subject's UID and, on Apple's universal certificates, the topic list in Apple's extension
// 1.2.840.113635.100.6.3.6 (`<bundle>`, `<bundle>.voip`, `<bundle>.complication`).
import type { PeerCertificate, TLSSocket } from 'node:tls';
import forge from 'node-forge';

const TOPICS_OID = '1.2.840.113635.100.6.3.6';

export type ClientCertificate =
  | { ok: true; uid: string; topics: string[]; multiTopic: boolean }
  | { ok: false; reason: 'none' | 'BadCertificate' };

const cache = new WeakMap<object, ClientCertificate>();

/**
 * The peer certificate of a TLS socket: none, untrusted / unusable, or its topics. `connection`
 * (the HTTP/2 session) keys a cache so each connection's certificate is inspected once.
 */
export function clientCertificate(socket: TLSSocket, connection: object = socket): ClientCertificate {
  const cached = cache.get(connection);
  if (cached) return cached;
  const result = inspect(socket);
  cache.set(connection, result);
  return result;
}

function inspect(socket: TLSSocket): ClientCertificate {
  if (typeof socket.getPeerCertificate !== 'function') return { ok: false, reason: 'none' };
  const cert = socket.getPeerCertificate() as PeerCertificate | Record<string, never>;
  if (!cert || !('raw' in cert) || !cert.raw) return { ok: false, reason: 'none' };
  // Presented but not issued by the (sandbox's) Apple CA, expired, or not for push: Apple refuses it.
  if (!socket.authorized) return { ok: false, reason: 'BadCertificate' };
  const subject = cert.subject as unknown as Record<string, string | string[] | undefined>;
  const uidField = subject?.UID;
  const uid = Array.isArray(uidField) ? uidField[0] : uidField;
  if (!uid) return { ok: false, reason: 'BadCertificate' };
  const listed = topicsExtension(cert.raw);
  const topics = listed && listed.length > 0 ? listed : [uid];
  return { ok: true, uid, topics, multiTopic: topics.length > 1 };
}

/** Topic strings of Apple's topics extension, or undefined when the certificate has none. */
export function topicsExtension(der: Buffer): string[] | undefined {
  try {
    const root = forge.asn1.fromDer(der.toString('binary'));
    const ext = findExtension(root, TOPICS_OID);
    if (!ext) return undefined;
    const inner = forge.asn1.fromDer(ext);
    if (!Array.isArray(inner.value)) return undefined;
    const out: string[] = [];
    for (const v of inner.value) {
      if (v.type === forge.asn1.Type.UTF8 && typeof v.value === 'string') out.push(forge.util.decodeUtf8(v.value));
    }
    return out;
  } catch {
    return undefined;
  }
}

/** The OCTET STRING contents of the extension with this OID, searching the certificate's ASN.1. */
function findExtension(node: forge.asn1.Asn1, oid: string): string | undefined {
  if (!Array.isArray(node.value)) return undefined;
  const [first, ...rest] = node.value;
  if (
    node.type === forge.asn1.Type.SEQUENCE &&
    first?.type === forge.asn1.Type.OID &&
    typeof first.value === 'string' &&
    forge.asn1.derToOid(first.value) === oid
  ) {
    const octets = rest[rest.length - 1];
    return octets?.type === forge.asn1.Type.OCTETSTRING && typeof octets.value === 'string' ? octets.value : undefined;
  }
  for (const child of node.value) {
    const found = findExtension(child, oid);
    if (found !== undefined) return found;
  }
  return undefined;
}
