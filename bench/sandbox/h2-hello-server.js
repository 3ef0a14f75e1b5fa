// Baseline: the cheapest HTTP/2 TLS server node can be, answering 200 to every request, with the
// sandbox's own certificate. The sandbox's figure is reported as a ratio of this one.
import http2 from 'node:http2';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const data = process.argv[2];
const server = http2.createSecureServer(
  { key: readFileSync(join(data, 'server-key.pem')), cert: readFileSync(join(data, 'server.pem')), settings: { maxConcurrentStreams: 1000 } },
  (req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'apns-id': '00000000-0000-0000-0000-000000000000' });
      res.end();
    });
  },
);
server.listen(0, '127.0.0.1', () => console.log(`listening https://127.0.0.1:${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
