// The baseline for bench/push: a raw node:http hello-world that answers every request with the
// same small JSON a successful send_push gets. Whatever Herald does per push costs on top of this.
import { createServer } from 'node:http';

const body = '{"status":"OK"}';
const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => console.log(`listening http://127.0.0.1:${server.address().port}`));
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
});
