// A second baseline for bench/push: the least a push proxy written on node can do per push.
// A raw node:http server that, for each request, reads the body and makes one HTTP/2 request to
// the sandbox's APNs (one TLS connection, a provider token signed once, a fixed payload) and
// answers {"status":"OK"}. No validation, no mapping, no retries, no metrics, no logs.
// Herald's cost above this line is its own code; below it is node:http + node:http2 + TLS.
//   node relay-server.js <sandbox data dir> <sandbox origin> <device token>
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import http2 from 'node:http2';
import { join } from 'node:path';
import { SignJWT, importPKCS8 } from 'jose';

const [data, origin, token] = process.argv.slice(2);
const manifest = JSON.parse(readFileSync(join(data, 'sandbox.json'), 'utf8'));
const topic = manifest.apns.topics[0];
const key = await importPKCS8(readFileSync(join(data, 'apns-auth-key.p8'), 'utf8'), 'ES256');
const jwt = await new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: manifest.apns.keyId }).setIssuer(manifest.apns.teamId).setIssuedAt().sign(key);
const session = http2.connect(origin, { ca: readFileSync(join(data, 'ca.pem')) });
await new Promise((resolve, reject) => session.once('remoteSettings', resolve).once('error', reject));
const payload = JSON.stringify({ aps: { alert: { title: 'Town Square', body: 'alice: a message from the benchmark' }, badge: 1, sound: 'default', 'mutable-content': 1 }, type: 'message', version: 'v2', server_id: 'benchserver0000000000000000' });
const headers = { ':method': 'POST', ':path': `/3/device/${token}`, authorization: `bearer ${jwt}`, 'apns-topic': topic, 'apns-push-type': 'alert', 'apns-priority': '10' };
const ok = '{"status":"OK"}';
const fail = '{"status":"FAIL","error":"relay"}';

const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  req.resume();
  req.on('end', () => {
    const stream = session.request(headers);
    let status = 0;
    stream.on('response', (h) => (status = h[':status']));
    stream.resume();
    stream.on('close', () => {
      const body = status === 200 ? ok : fail;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      res.end(body);
    });
    stream.end(payload);
  });
});
server.listen(0, '127.0.0.1', () => console.log(`listening http://127.0.0.1:${server.address().port}`));
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  session.close();
});
