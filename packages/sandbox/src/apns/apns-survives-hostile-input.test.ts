// Hostile or broken clients get a protocol-level answer (GOAWAY with the right HTTP/2 error code,
// a stream reset, an HTTP error) and never take the APNs stand-in down: after each test a normal
// push on a new connection still succeeds.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { request as httpsRequest } from 'node:https';
import { constants as h2, type ClientHttp2Session } from 'node:http2';
import type { ApnsDevice } from '../state/devices.js';
import { startTestSandbox, type TestSandbox } from '../testing/start-test-sandbox.js';
import { alertPayload, closeSession, openSession, post, providerToken, type ApnsResponse } from './apns-test-helpers.js';

const TOPIC = 'com.mattermost.rn';
let sb: TestSandbox;
let device: ApnsDevice;
let authorization: string;

before(async () => {
  sb = await startTestSandbox();
  device = await sb.client.registerApns({ topic: TOPIC });
  authorization = `bearer ${await providerToken(sb)}`;
});
afterEach(async () => {
  const session = await openSession(sb);
  try {
    assert.equal((await push(session)).status, 200, 'the sandbox still answers');
  } finally {
    await closeSession(session);
  }
});
after(async () => {
  await sb?.close();
});

function push(session: ClientHttp2Session): Promise<ApnsResponse> {
  return post(session, { token: device.token, headers: { authorization, 'apns-topic': TOPIC }, body: alertPayload });
}

function frame(type: number, flags: number, streamId: number, payload: Buffer, length = payload.length): Buffer {
  const head = Buffer.alloc(9);
  head.writeUIntBE(length, 0, 3);
  head[3] = type;
  head[4] = flags;
  head.writeUInt32BE(streamId, 5);
  return Buffer.concat([head, payload]);
}

const PREFACE = Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), frame(4 /* SETTINGS */, 0, 0, Buffer.alloc(0))]);
const GOAWAY = 7;

/**
 * Speaks raw bytes over TLS with ALPN h2 and resolves with the error code of the server's GOAWAY
 * (the frames the server sends are parsed as they come).
 */
function goawayFor(bytes: Buffer): Promise<number> {
  const url = new URL(sb.origin);
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: url.hostname, port: Number(url.port), ca: sb.credentials.ca.certPem, ALPNProtocols: ['h2'] }, () => {
      assert.equal(socket.alpnProtocol, 'h2');
      socket.write(bytes);
    });
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => finish(new Error('no GOAWAY within 5 s')), 5000);
    function finish(result: number | Error): void {
      clearTimeout(timer);
      socket.destroy();
      if (result instanceof Error) reject(result);
      else resolve(result);
    }
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 9) {
        const length = buf.readUIntBE(0, 3);
        if (buf.length < 9 + length) break;
        if (buf[3] === GOAWAY) return finish(buf.readUInt32BE(9 + 4));
        buf = buf.subarray(9 + length);
      }
    });
    socket.on('error', (e) => finish(e));
    socket.on('close', () => finish(new Error('connection closed without GOAWAY')));
  });
}

describe('garbage on the wire', () => {
  test('bytes that are not TLS: the connection is closed', async () => {
    const url = new URL(sb.origin);
    await new Promise<void>((resolve, reject) => {
      const socket = netConnect(Number(url.port), url.hostname, () => socket.write(Buffer.from('\x16\x03\x01\x00\x05hello, not a ClientHello\r\n\r\n', 'latin1')));
      socket.on('error', () => {});
      socket.on('close', () => resolve());
      socket.setTimeout(5000, () => reject(new Error('not closed')));
      socket.resume();
    });
  });

  test('TLS with h2, then garbage instead of the connection preface: GOAWAY with an error code', async () => {
    // RFC 9113 asks for PROTOCOL_ERROR; node's HTTP/2 server (which the sandbox runs on) answers a
    // bad client preface with INTERNAL_ERROR. Either way the connection ends with an error GOAWAY.
    const code = await goawayFor(Buffer.from('hello garbage \x00\x01\x02\r\n\r\n', 'latin1'));
    assert.ok(code === h2.NGHTTP2_PROTOCOL_ERROR || code === h2.NGHTTP2_INTERNAL_ERROR, `error code ${code}`);
  });

  test('a DATA frame on stream 0: GOAWAY PROTOCOL_ERROR', async () => {
    assert.equal(await goawayFor(Buffer.concat([PREFACE, frame(0, 0, 0, Buffer.from('abcd'))])), h2.NGHTTP2_PROTOCOL_ERROR);
  });

  test('a HEADERS frame whose HPACK block cannot be decoded: GOAWAY COMPRESSION_ERROR', async () => {
    assert.equal(await goawayFor(Buffer.concat([PREFACE, frame(1, 0x5, 1, Buffer.alloc(8, 0xff))])), h2.NGHTTP2_COMPRESSION_ERROR);
  });

  test('a frame larger than SETTINGS_MAX_FRAME_SIZE: GOAWAY FRAME_SIZE_ERROR', async () => {
    assert.equal(await goawayFor(Buffer.concat([PREFACE, frame(0, 0, 1, Buffer.alloc(64), 0xffffff)])), h2.NGHTTP2_FRAME_SIZE_ERROR);
  });

  test('TLS with http/1.1 and a garbage request line: 400 and the connection is closed', async () => {
    const url = new URL(sb.origin);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = tlsConnect({ host: url.hostname, port: Number(url.port), ca: sb.credentials.ca.certPem, ALPNProtocols: ['http/1.1'] }, () =>
        socket.write('\x00\x01garbage\r\n\r\n'),
      );
      let text = '';
      socket.setEncoding('latin1');
      socket.on('data', (c: string) => (text += c));
      socket.on('error', reject);
      socket.on('close', () => resolve(text));
    });
    assert.match(answer, /^HTTP\/1\.1 400 /);
  });
});

describe('wrong protocol', () => {
  test('an HTTP/1.1 POST to /3/device/<token> gets a JSON answer, not a crash', async () => {
    const since = await sb.client.lastSeq();
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpsRequest(
        `${sb.origin}/3/device/${device.token}`,
        { method: 'POST', ca: sb.credentials.ca.certPem, headers: { authorization, 'apns-topic': TOPIC, 'content-type': 'application/json' } },
        (r) => {
          let body = '';
          r.setEncoding('utf8');
          r.on('data', (c: string) => (body += c));
          r.on('end', () => resolve({ status: r.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify(alertPayload));
    });
    assert.equal(res.status, 505);
    assert.equal(typeof (JSON.parse(res.body) as { reason: unknown }).reason, 'string');
    assert.deepEqual(await sb.client.inbox({ token: device.token, after: since }), [], 'nothing was delivered');
  });
});

describe('oversized and abusive requests', () => {
  /** A request that must fail at the HTTP/2 layer or be answered with an error status. */
  async function refused(headers: Record<string, string>): Promise<void> {
    const session = await openSession(sb);
    try {
      const outcome = await post(session, { token: device.token, headers: { authorization, 'apns-topic': TOPIC, ...headers }, body: alertPayload }).then(
        (r) => r.status,
        (e: NodeJS.ErrnoException) => e.code,
      );
      assert.ok(outcome === 'ERR_HTTP2_STREAM_ERROR' || outcome === 'ERR_HTTP2_SESSION_ERROR' || (typeof outcome === 'number' && outcome >= 400), `outcome ${outcome}`);
    } finally {
      session.destroy();
    }
  }

  test('a 200 KB header value is refused', async () => {
    await refused({ 'x-filler': 'a'.repeat(200_000) });
  });

  test('300 header fields are refused', async () => {
    await refused(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`x-h${i}`, 'v'])));
  });

  test('a client that disappears mid-body', async () => {
    const session = await openSession(sb);
    const req = session.request({ ':method': 'POST', ':path': `/3/device/${device.token}`, authorization, 'apns-topic': TOPIC });
    req.on('error', () => {});
    req.write('{"aps":{"alert":"half');
    await new Promise<void>((resolve) => setImmediate(resolve));
    session.destroy();
  });

  test('1200 streams at once on one connection (more than the 1000 announced) are all answered', async () => {
    const session = await openSession(sb);
    try {
      const since = await sb.client.lastSeq();
      const results = await Promise.all(Array.from({ length: 1200 }, () => push(session)));
      assert.equal(results.filter((r) => r.status === 200).length, 1200);
      assert.equal((await sb.client.inbox({ token: device.token, after: since })).length, 1200);
    } finally {
      await closeSession(session);
    }
  });
});
