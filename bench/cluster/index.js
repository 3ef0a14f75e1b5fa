// Benchmark: send_push throughput of 2 push-service nodes against 1 node on this machine, behind
// nginx running the shipped deploy/nginx/herald.conf, with the 1-node baseline measured in the
// same run.   node bench/cluster/index.js [--quick]      (or: npm run bench -- cluster [--quick])
// Every part runs in its own process; this one only orchestrates and is idle during a measurement:
//   sandbox    herald sandbox --port 0 --data DIR (APNs on HTTP/2 + TLS)
//   redis      a throwaway redis-server (no persistence): HERALD_REDIS_URL of both nodes, so the
//              shared ThrottlePerSec check (one Redis round trip per push) is in the path, as in a
//              real multi-node deployment; ThrottlePerSec is raised so it never caps
//   push A, B  herald push --config <copy of DIR/push-proxy.json> with ThrottleVaryByHeader
//              X-Forwarded-For (what the nginx README says to set behind nginx)
//   nginx      Debian's nginx with herald.conf (packages/cli/dist/testing/herald-nginx.js: only the
//              `# herald:` lines changed), chat servers' path: HTTPS (TLS 1.2/1.3, HTTP/1.1
//              keep-alive) to the push front, upstream herald_push = [A], then [A, B], switched
//              with a reload before every measurement
//   load       autocannon (bench/lib/autocannon-load.js), one process per measurement. It is given
//              the throwaway CA but autocannon 9 never verifies certificates (rejectUnauthorized
//              false in its client); the first push of each set-up is sent with verification.
// The nginx main context is the test harness's (packages/cli/src/testing/nginx.ts):
// worker_processes 1, so the figures show whether that one worker saturates (its % of a core).
//
// Why the ratio is bounded well below 2 here: two nodes only help if a node is the bottleneck and
// there is an idle core for the second one. On a small machine every push also costs CPU in the
// load generator, nginx (TLS + proxy), the sandbox (the provider's HTTP/2 + TLS end) and Redis,
// and they all share the same cores: throughput can never exceed cores / (CPU per request of all
// processes together), printed as "CPU ceiling". When one node already drives the machine near
// that ceiling (with 2 cores, one node busy on one core and the rest on the other), a second node
// can only take CPU from the others. On a real deployment the nodes, nginx, the chat servers and
// Apple/Google are on other cores or hosts, and the ratio is what adding a core per node gives.
//
// Figures: req/s (100 keep-alive connections, best of rounds, the two set-ups interleaved),
// p50/p99 of that round (under saturation, from each response's own timing), CPU per request of
// each process, the machine's busy cores and what other work on it used, the split of requests
// between the nodes (nginx access log). Any reply other than {"status":"OK"} fails the run.
// The machine may be shared: a round during which other processes used more than a quarter of a
// core is measured again (twice at most), and the table says how busy the rest of the machine was.
import https from 'node:https';
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { table } from '../lib/http2-load.js';
import { loadExpectingOk } from '../lib/ok-load.js';
import { childrenOf, reapedChildrenCpuSeconds, treeCpuSeconds, withCpu } from '../lib/process-cpu.js';
import { startProcess } from '../lib/processes.js';
import { startPushSandbox } from '../lib/push-sandbox.js';
import { mattermostMessagePush } from '../push/mattermost-push.js';

const root = new URL('../../', import.meta.url).pathname;
const { startHeraldNginx } = await import(join(root, 'packages/cli/dist/testing/herald-nginx.js'));
const { startRedis } = await import(join(root, 'packages/push/dist/http/testing-redis-server.js'));

const quick = process.argv.includes('--quick');
const P = {
  warmSeconds: quick ? 2 : 5,
  seconds: quick ? 5 : 10,
  rounds: quick ? 1 : 2,
  connections: 100,
  /** A round in which other work on the (shared) machine used more cores than this is repeated… */
  noisyCores: 0.25,
  /** …at most this many times, so a busy machine makes the run longer but not endless. */
  repeats: quick ? 1 : 2,
};
const cores = availableParallelism();
const load0 = loadavg();

const errors = [];
const note = (msg) => console.log(`  ${msg}`);
const fmtLoad = (l) => l.map((x) => x.toFixed(2)).join(' ');

/** POST over HTTPS verifying nginx's certificate against the throwaway CA; resolves with the JSON reply. */
function postJson(url, body, ca) {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: 'POST', ca, servername: 'localhost', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(text));
        } catch {
          reject(new Error(`${url}: ${res.statusCode} ${text.slice(0, 200)}`));
        }
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The redis-server child that startRedis() spawned on `port` (it does not expose its pid). */
function redisPid(port) {
  const pid = childrenOf(process.pid).find((p) => {
    try {
      // redis-server rewrites its command line to "redis-server 127.0.0.1:PORT".
      return readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'redis-server' && readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(`:${port}`);
    } catch {
      return false;
    }
  });
  if (!pid) throw new Error(`redis-server on port ${port}: no such child process`);
  return pid;
}

const started = Date.now();
const data = mkdtempSync(join(tmpdir(), 'herald-bench-cluster-'));
const procs = [];
const start = (...a) => {
  const p = startProcess(...a);
  procs.push(p);
  return p;
};
let redis;
let front;
let exitCode = 0;
try {
  // --- set-up: sandbox, Redis, two push nodes sharing it, nginx with herald.conf in front
  redis = await startRedis();
  const redisCpuPid = redisPid(redis.port);
  const { sandbox, running, tokens, clearInbox, startPush, firstPushGetsThrough } = await startPushSandbox({
    start,
    data,
    pushConfig: { ThrottleVaryByHeader: 'X-Forwarded-For' },
  });
  const nodes = [startPush({ HERALD_REDIS_URL: redis.url }), startPush({ HERALD_REDIS_URL: redis.url })];
  const nodeUrls = (await Promise.all(nodes.map((n) => n.ready))).map(([, url]) => url);
  const nodeAddrs = nodeUrls.map((u) => new URL(u).host);
  // herald.conf needs a chat node too; this benchmark never sends to the chat front.
  const chat = ['127.0.0.1:9'];
  const setUps = { '1 node': [nodeAddrs[0]], '2 nodes': nodeAddrs };
  front = await startHeraldNginx({ chat, push: setUps['1 node'] });
  const ca = front.tls.caPem;
  const sendPush = `${front.pushUrl}/api/v1/send_push`;
  const body = JSON.stringify(mattermostMessagePush(tokens[0], 1, 'alice: a message from the benchmark'));
  const accessLog = join(front.nginx.prefix, 'access.log');
  const use = (name) => front.setUpstreams({ chat, push: setUps[name] });

  // One push end to end through each set-up (certificate verified): OK, and the sandbox has it.
  for (const name of Object.keys(setUps)) {
    await use(name);
    await firstPushGetsThrough(() => postJson(sendPush, body, ca), tokens[0], `a first push through nginx (${name})`);
  }
  console.log(`sandbox ${running.origin}, redis ${redis.url}, push nodes ${nodeUrls.join(' ')}, nginx push front ${front.pushUrl} (TLS, herald.conf)`);
  console.log(`${cores} cores; load average before ${fmtLoad(load0)}; ${quick ? 'quick run' : 'full run'}`);

  const meters = {
    nginx: () => treeCpuSeconds(front.nginx.pid),
    'push A': nodes[0].child.pid,
    'push B': nodes[1].child.pid,
    sandbox: sandbox.child.pid,
    redis: redisCpuPid,
    load: reapedChildrenCpuSeconds,
  };
  // Replies per status, and 200s per upstream address, in nginx's access log since it was last
  // emptied. 499 (the client closed first) is expected at the end of a run: the load generator
  // stops with requests in flight.
  const accessLogCounts = () => {
    const split = {};
    const statuses = {};
    for (const line of readFileSync(accessLog, 'utf8').split('\n')) {
      const m = / (\d{3}) upstream=(.*) upstream_status=/.exec(line);
      if (!m) continue;
      statuses[m[1]] = (statuses[m[1]] ?? 0) + 1;
      if (m[1] === '200') split[m[2]] = (split[m[2]] ?? 0) + 1;
    }
    return { split, statuses };
  };
  const measure = async (name, what, seconds) => {
    await use(name);
    await clearInbox();
    if (existsSync(accessLog)) truncateSync(accessLog, 0);
    const r = await withCpu(meters, () =>
      loadExpectingOk(errors, `${name} ${what}`, sendPush, body, { connections: P.connections, duration: seconds, tlsOptions: { ca }, servername: 'localhost' }),
    );
    Object.assign(r, accessLogCounts());
    const unexpected = Object.entries(r.statuses).filter(([s, n]) => s !== '200' && !(s === '499' && n <= P.connections));
    if (unexpected.length) errors.push(`${name} ${what}: nginx logged replies other than 200: ${JSON.stringify(r.statuses)}`);
    return r;
  };
  const us = (x) => String(Math.round(x));
  const cpuNote = (r) => Object.entries(r.cpuUs).map(([k, v]) => `${k} ${us(v)}`).join(', ');
  const coresNote = (r) => `${Object.entries(r.cpuCores).map(([k, v]) => `${k} ${Math.round(v * 100)}%`).join(', ')}; machine busy ${r.machine.busyCores.toFixed(2)} of ${cores} cores, other work ${r.machine.otherCores.toFixed(2)}`;
  const splitNote = (r) => {
    const all = Object.values(r.split).reduce((a, b) => a + b, 0);
    return Object.entries(r.split).map(([addr, n]) => `${addr === nodeAddrs[0] ? 'A' : addr === nodeAddrs[1] ? 'B' : addr} ${((100 * n) / all).toFixed(1)}%`).join(', ');
  };

  // --- throughput: both set-ups saturated in turn, order alternating per round (1,2 then 2,1)
  console.log(`\nthroughput: ${P.connections} keep-alive HTTPS connections, ${P.seconds} s per run, ${P.rounds} round(s) (+ up to ${P.repeats} if other work disturbs one), best of rounds; CPU in µs per request and % of one core`);
  for (const name of Object.keys(setUps)) await measure(name, 'warm-up', P.warmSeconds);
  // Whole rounds are repeated, so both set-ups always get the same number of tries.
  const runs = { '1 node': [], '2 nodes': [] };
  let repeatsLeft = P.repeats;
  for (let round = 0, counted = 0; counted < P.rounds; round++) {
    let otherCores = 0;
    for (const name of round % 2 ? ['2 nodes', '1 node'] : ['1 node', '2 nodes']) {
      const r = await measure(name, `round ${round + 1}`, P.seconds);
      runs[name].push(r);
      otherCores = Math.max(otherCores, r.machine.otherCores);
      note(`${name.padEnd(7)} ${String(Math.round(r.rps)).padStart(6)} req/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  split ${splitNote(r)}`);
      note(`        CPU µs/req: ${cpuNote(r)}`);
      note(`        CPU: ${coresNote(r)}`);
    }
    if (otherCores > P.noisyCores && repeatsLeft > 0) {
      repeatsLeft--;
      note(`other work used up to ${otherCores.toFixed(2)} cores (> ${P.noisyCores}) in round ${round + 1}: one more round (${repeatsLeft} repeat(s) left)`);
    } else counted++;
  }
  const best = (rs) => rs.reduce((a, b) => (b.rps > a.rps ? b : a));
  const one = best(runs['1 node']);
  const two = best(runs['2 nodes']);

  // --- report
  const total = (r) => Object.values(r.cpuUs).reduce((a, b) => a + b, 0);
  const ceiling = (r) => (cores * 1e6) / total(r);
  const ratio = (a, b) => (a > 0 ? (b / a).toFixed(2) : '-');
  const row = (figure, f, digits = 0) => {
    const [a, b] = [f(one), f(two)];
    return { figure, '1 node': a.toFixed(digits), '2 nodes': b.toFixed(digits), ratio: ratio(a, b) };
  };
  const load1 = loadavg();
  console.log(`\nbench/cluster results (${quick ? 'quick' : 'full'} run, ${Math.round((Date.now() - started) / 1000)} s; ${cores} cores; Redis shared throttle ON; nginx push front over TLS)`);
  console.log(
    table([
      row('send_push throughput (req/s)', (r) => r.rps),
      row('  p50 latency at saturation (ms)', (r) => r.p50, 2),
      row('  p99 latency at saturation (ms)', (r) => r.p99, 2),
      row('CPU µs/req: nginx (1 worker)', (r) => r.cpuUs.nginx),
      row('CPU µs/req: push nodes (A+B)', (r) => r.cpuUs['push A'] + r.cpuUs['push B']),
      row('CPU µs/req: sandbox', (r) => r.cpuUs.sandbox),
      row('CPU µs/req: redis', (r) => r.cpuUs.redis),
      row('CPU µs/req: load generator', (r) => r.cpuUs.load),
      row('CPU µs/req: all of the above', total),
      row('CPU ceiling: cores/all (req/s)', ceiling),
      row('busiest push node (% of a core)', (r) => 100 * Math.max(r.cpuCores['push A'], r.cpuCores['push B'])),
      row('nginx worker (% of a core)', (r) => 100 * r.cpuCores.nginx),
      row('machine busy (cores)', (r) => r.machine.busyCores, 2),
      row('  of which other work (cores)', (r) => r.machine.otherCores, 2),
    ]),
  );
  note(`2 nodes: requests split ${splitNote(two)} (nginx least_conn)`);
  note(`load average before ${fmtLoad(load0)}, after ${fmtLoad(load1)} (the machine is shared: other work changes the figures)`);
  // The bound from the 1-node run's costs: the machine cannot exceed cores / (CPU per request of
  // all processes), one node not 1 core / (its CPU per request); a second node lifts only the latter.
  const machineCap = ceiling(one);
  const nodeCap = 1e6 / one.cpuUs['push A'];
  note(`The ratio is bounded by the ${cores} cores every process shares (see the comment at the top of bench/cluster/index.js). From the 1-node run:`);
  note(`machine ceiling ${Math.round(machineCap)} req/s (${cores} cores / ${us(total(one))} µs per request), one node on a core of its own ${Math.round(nodeCap)} req/s (1 / ${us(one.cpuUs['push A'])} µs),`);
  note(`so 2 nodes can give at most min(${Math.round(machineCap)}, 2 x ${Math.round(nodeCap)}) / min(${Math.round(machineCap)}, ${Math.round(nodeCap)}) = ${(Math.min(machineCap, 2 * nodeCap) / Math.min(machineCap, nodeCap)).toFixed(2)} x 1 node on this machine.`);
  const busyElsewhere = Math.max(one.machine.otherCores, two.machine.otherCores);
  if (busyElsewhere > 0.25) note(`WARNING: other work on the machine used up to ${busyElsewhere.toFixed(2)} cores during the best rounds: the figures are skewed; run again on an idle machine.`);
} catch (e) {
  console.error(`bench/cluster: ${e instanceof Error ? e.message : String(e)}`);
  exitCode = 1;
} finally {
  await Promise.all(procs.map((p) => p.stop()));
  await front?.stop();
  await redis?.stop();
  rmSync(data, { recursive: true, force: true });
}
if (errors.length) {
  console.error(`\nbench/cluster: the run had errors, so its figures are not valid:\n  ${errors.join('\n  ')}`);
  exitCode = 1;
}
process.exit(exitCode);
