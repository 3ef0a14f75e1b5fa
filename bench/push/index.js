// Benchmark: Herald's push service against the sandbox, with baselines measured in the same run.
//   node bench/push/index.js [--quick] [--soak-seconds N]      (or: npm run bench -- push [--quick])
// Every server and the load generator run in their own process (2 cores: this process only
// orchestrates and stays idle while a measurement runs):
//   sandbox    herald sandbox --port 0 --data DIR (APNs on HTTP/2 + TLS)
//   push       herald push --config <copy of DIR/push-proxy.json> (ThrottlePerSec raised so
//              throttling does not cap the measurement), NODE_EXTRA_CA_CERTS=DIR/ca.pem
//   hello      a raw node:http hello-world (hello-server.js): the ceiling for any node:http service
//   relay      a raw node:http server making one fixed HTTP/2 request to the sandbox per request
//              (relay-server.js): the floor cost of any push proxy on node, for reference
//   load       autocannon, keep-alive (bench/lib/autocannon-load.js), one process per measurement
//   senders    apns-senders.js: 10,000 APNs sends through Herald's ApnsProvider, through
//              node-pushnotifications, or raw node:http2 with nothing on top (the floor any
//              node:http2 sender pays: bounds the speed-up either library can show), one process each
// Figures: 1. send_push throughput vs hello-world (goal >= 0.80) and p99 added at 1k req/s (< 2 ms);
// 2. 10,000 APNs sends, Herald vs node-pushnotifications (goal >= 3x faster); 3. RSS and heap of
// the push process before and after a soak (goal growth < 10%). Goals missed do not fail the run;
// errors (failed pushes, a process that does not start) exit non-zero.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { table } from '../lib/http2-load.js';
import { loadExpectingOk } from '../lib/ok-load.js';
import { withCpu } from '../lib/process-cpu.js';
import { startProcess } from '../lib/processes.js';
import { startPushSandbox } from '../lib/push-sandbox.js';
import { runJson } from '../lib/run-json.js';
import { mattermostMessagePush } from './mattermost-push.js';

const here = new URL('./', import.meta.url).pathname;

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const soakArg = args.indexOf('--soak-seconds');
const soakSeconds = soakArg >= 0 ? Number(args[soakArg + 1]) : Number(process.env.HERALD_BENCH_SOAK_SECONDS ?? (quick ? 20 : 300));
if (!Number.isFinite(soakSeconds) || soakSeconds < 5) {
  console.error(`bench/push: --soak-seconds: expected a number of seconds >= 5, got ${args[soakArg + 1] ?? process.env.HERALD_BENCH_SOAK_SECONDS}`);
  process.exit(2);
}

const P = {
  warmSeconds: quick ? 2 : 5,
  throughputSeconds: quick ? 5 : 10,
  throughputRounds: quick ? 1 : 2,
  connections: 100,
  latencyRate: 1000,
  latencySeconds: quick ? 5 : 10,
  latencyConnections: 10,
  sends: 10_000,
  sendConcurrency: 500,
  sendRounds: quick ? 1 : 2,
  soakRate: 500,
  soakConnections: 20,
  /** Soak seconds before the "before" window: the fresh process warms up (JIT, pools, caches). */
  soakWarmSeconds: Math.max(5, Math.round(soakSeconds / 10)),
};

const errors = [];
const note = (msg) => console.log(`  ${msg}`);

const pushBody = (token) => JSON.stringify(mattermostMessagePush(token, 1, 'alice: a message from the benchmark'));

/** autocannon in its own process; every reply must be {"status":"OK"} (else an error of the run). */
const load = (name, url, body, opts) => loadExpectingOk(errors, name, url, body, opts);

async function memory(url) {
  const text = await (await fetch(`${url}/metrics`)).text();
  const metric = (name) => {
    const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+]+)`, 'm').exec(text);
    if (!m) throw new Error(`/metrics has no ${name}`);
    return Number(m[1]);
  };
  return { rss: metric('process_resident_memory_bytes'), heap: metric('nodejs_heap_size_used_bytes') };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (b) => (b / 2 ** 20).toFixed(1);
const pct = (x) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
const verdict = (ok) => (ok ? 'pass' : 'MISS');

const started = Date.now();
const data = mkdtempSync(join(tmpdir(), 'herald-bench-push-'));
const procs = [];
const start = (...a) => {
  const p = startProcess(...a);
  procs.push(p);
  return p;
};
let exitCode = 0;
try {
  // --- set-up: sandbox, devices, a push service configured against it, the baseline servers
  const { sandbox, running, topic, tokens, clearInbox, startPush, firstPushGetsThrough } = await startPushSandbox({ start, data, pushConfig: { EnableMetrics: true } });
  const push = startPush();
  const hello = start([join(here, 'hello-server.js')], /listening (http:\/\/\S+)/);
  const relay = start([join(here, 'relay-server.js'), data, running.origin, tokens[0]], /listening (http:\/\/\S+)/);
  const [[, pushUrl], [, helloUrl], [, relayUrl]] = await Promise.all([push.ready, hello.ready, relay.ready]);
  const sendPush = `${pushUrl}/api/v1/send_push`;
  const body = pushBody(tokens[0]);

  // One push end to end first: Herald says OK and the sandbox has it.
  await firstPushGetsThrough(async () => (await fetch(sendPush, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).json(), tokens[0]);
  console.log(`sandbox ${running.origin}, push service ${pushUrl}, hello-world ${helloUrl}, relay ${relayUrl}; ${quick ? 'quick run' : 'full run'}, soak ${soakSeconds} s`);

  const targets = {
    hello: { url: helloUrl, pids: { server: hello.child.pid } },
    relay: { url: relayUrl, pids: { server: relay.child.pid, sandbox: sandbox.child.pid } },
    herald: { url: sendPush, pids: { server: push.child.pid, sandbox: sandbox.child.pid } },
  };
  const names = Object.keys(targets);
  const cpuNote = (r) => Object.entries(r.cpuUs).map(([k, us]) => `${k} ${Math.round(us)}`).join(', ');
  const measure = async (name, what, opts) => {
    await clearInbox();
    return withCpu(targets[name].pids, () => load(`${name} ${what}`, targets[name].url, body, opts));
  };

  // --- 1a. throughput: saturate each target with keep-alive connections, targets interleaved
  console.log(`\n[1] throughput: ${P.connections} keep-alive connections, ${P.throughputSeconds} s per run, ${P.throughputRounds} round(s), best of rounds; CPU in µs per request`);
  const tp = { hello: [], relay: [], herald: [] };
  for (const name of names) await measure(name, 'warm-up', { connections: P.connections, duration: P.warmSeconds });
  for (let round = 0; round < P.throughputRounds; round++) {
    for (const name of names) {
      const r = await measure(name, 'throughput', { connections: P.connections, duration: P.throughputSeconds });
      tp[name].push(r);
      note(`${name.padEnd(6)} ${String(Math.round(r.rps)).padStart(6)} req/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  CPU ${cpuNote(r)}`);
    }
  }
  const best = (rs) => rs.reduce((a, b) => (b.rps > a.rps ? b : a));
  const tpBest = Object.fromEntries(names.map((n) => [n, best(tp[n])]));

  // --- 1b. latency at a fixed rate
  console.log(`\n[1] latency at ${P.latencyRate} req/s: ${P.latencyConnections} connections, ${P.latencySeconds} s each (ms, from each response's own timing)`);
  const lat = {};
  for (const name of names) {
    const r = (lat[name] = await measure(name, `at ${P.latencyRate} req/s`, { connections: P.latencyConnections, overallRate: P.latencyRate, duration: P.latencySeconds }));
    note(`${name.padEnd(6)} ${String(Math.round(r.rps)).padStart(6)} req/s  p50 ${r.p50.toFixed(2)}  p90 ${r.p90.toFixed(2)}  p99 ${r.p99.toFixed(2)}  max ${r.max.toFixed(2)}  CPU ${cpuNote(r)}`);
  }
  await Promise.all([hello.stop(), relay.stop()]);

  // --- 2. 10,000 APNs sends: Herald's provider vs node-pushnotifications, then Herald over HTTP
  console.log(`\n[2] ${P.sends} APNs sends to the sandbox, at most ${P.sendConcurrency} in flight, ${P.sendRounds} round(s), best of rounds`);
  const sendOpts = JSON.stringify({ data, origin: running.origin, tokens, topic, total: P.sends, concurrency: P.sendConcurrency, warmup: 1000 });
  const sends = { herald: [], 'node-pushnotifications': [], 'raw-http2': [] };
  for (let round = 0; round < P.sendRounds; round++) {
    for (const side of round % 2 ? ['raw-http2', 'node-pushnotifications', 'herald'] : ['herald', 'node-pushnotifications', 'raw-http2']) {
      await clearInbox();
      const r = await runJson(join(here, 'apns-senders.js'), [side, sendOpts], { NODE_EXTRA_CA_CERTS: join(data, 'ca.pem') });
      if (r.failures > 0 || r.warmupFailures > 0) errors.push(`${side}: ${r.failures + r.warmupFailures} sends failed (first: ${r.firstError})`);
      sends[side].push(r);
      note(`${side.padEnd(22)} ${r.seconds.toFixed(2)} s  ${Math.round(r.rps)} sends/s  sender CPU ${r.cpuSeconds.toFixed(2)} s  connections ${r.connections}`);
    }
  }
  const fastest = (rs) => rs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const sendHerald = fastest(sends.herald);
  const sendNpn = fastest(sends['node-pushnotifications']);
  const sendRaw = fastest(sends['raw-http2']);
  const leastCpu = (rs) => Math.min(...rs.map((r) => r.cpuSeconds));
  await clearInbox();
  const viaHttp = await load('10,000 sends via send_push', sendPush, body, { connections: 200, amount: P.sends });
  note(`${'herald via send_push'.padEnd(22)} ${viaHttp.seconds.toFixed(2)} s  ${Math.round(viaHttp.rps)} req/s (HTTP, 200 connections, one more process hop)`);
  await push.stop();

  // --- 3. memory over a soak at a steady, moderate rate, on a fresh push process
  console.log(`\n[3] soak: a fresh push service, ${P.soakRate} req/s for ${soakSeconds} s (the first ${P.soakWarmSeconds} s warm it up); RSS and heap from its /metrics every second`);
  const soaked = startPush();
  const [, soakUrl] = await soaked.ready;
  await clearInbox();
  const samples = [];
  const soak = load('soak', `${soakUrl}/api/v1/send_push`, body, { connections: P.soakConnections, overallRate: P.soakRate, duration: soakSeconds });
  let soakDone = false;
  soak.finally(() => (soakDone = true)).catch(() => {});
  const t0 = Date.now();
  while (!soakDone) {
    await sleep(1000);
    if (soakDone) break;
    samples.push({ t: (Date.now() - t0) / 1000, ...(await memory(soakUrl)) });
    if (samples.length % 30 === 0) {
      await clearInbox();
      const s = samples.at(-1);
      note(`${String(Math.round(s.t)).padStart(4)} s  RSS ${mb(s.rss)} MiB  heap used ${mb(s.heap)} MiB`);
    }
  }
  const soakResult = await soak;
  await soaked.stop();
  // Compare a window after the warm-up with the last window of the same length. RSS: the median
  // of each window. Heap: its low-water mark (the heap right after a collection): the used heap
  // saw-tooths between collections, and its peaks are garbage waiting, not growth.
  const steady = samples.filter((s) => s.t > P.soakWarmSeconds);
  // Windows of a third of the steady samples each: a low-water mark means something only over a
  // window that holds a full (mark-compact) collection, and at 500 req/s those come about a
  // minute apart; 30-sample windows sometimes held none and read as growth.
  const win = Math.max(3, Math.floor(steady.length / 3));
  if (steady.length < 2 * win) throw new Error(`soak: only ${samples.length} memory samples in ${soakSeconds} s`);
  const before = steady.slice(0, win);
  const after = steady.slice(-win);
  const mem = {
    rssBefore: median(before.map((s) => s.rss)),
    rssAfter: median(after.map((s) => s.rss)),
    heapBefore: Math.min(...before.map((s) => s.heap)),
    heapAfter: Math.min(...after.map((s) => s.heap)),
  };
  note(`${soakResult.ok} pushes OK at ${Math.round(soakResult.rps)} req/s, p99 ${soakResult.p99.toFixed(2)} ms; windows of ${win} samples at ${Math.round(before[0].t)}-${Math.round(before.at(-1).t)} s and ${Math.round(after[0].t)}-${Math.round(after.at(-1).t)} s`);

  // --- report
  const tpRatio = tpBest.herald.rps / tpBest.hello.rps;
  const tpRelay = tpBest.herald.rps / tpBest.relay.rps;
  const added = lat.herald.p99 - lat.hello.p99;
  const addedRelay = lat.herald.p99 - lat.relay.p99;
  const speedup = sendNpn.seconds / sendHerald.seconds;
  const httpSpeedup = sendNpn.seconds / viaHttp.seconds;
  const rssGrowth = mem.rssAfter / mem.rssBefore - 1;
  const heapGrowth = mem.heapAfter / mem.heapBefore - 1;
  const ms = (x) => `${x >= 0 ? '+' : ''}${x.toFixed(2)} ms`;
  console.log(`\nbench/push results (${quick ? 'quick' : 'full'} run, ${Math.round((Date.now() - started) / 1000)} s)`);
  console.log(
    table([
      { figure: 'send_push throughput (req/s)', herald: Math.round(tpBest.herald.rps), baseline: `${Math.round(tpBest.hello.rps)} hello-world`, ratio: tpRatio.toFixed(2), goal: '>= 0.80', result: verdict(tpRatio >= 0.8) },
      { figure: '  same, vs raw relay', herald: '', baseline: `${Math.round(tpBest.relay.rps)} raw relay`, ratio: tpRelay.toFixed(2), goal: '(info)', result: '' },
      { figure: 'p99 latency at 1k req/s (ms)', herald: lat.herald.p99.toFixed(2), baseline: `${lat.hello.p99.toFixed(2)} hello-world`, ratio: ms(added), goal: '< 2 ms added', result: verdict(added < 2) },
      { figure: '  same, vs raw relay', herald: '', baseline: `${lat.relay.p99.toFixed(2)} raw relay`, ratio: ms(addedRelay), goal: '(info)', result: '' },
      { figure: `${P.sends} APNs sends, provider (s)`, herald: sendHerald.seconds.toFixed(2), baseline: `${sendNpn.seconds.toFixed(2)} node-pushnotif.`, ratio: `${speedup.toFixed(2)}x`, goal: '>= 3x faster', result: verdict(speedup >= 3) },
      { figure: `  floor: raw node:http2 (s)`, herald: sendRaw.seconds.toFixed(2), baseline: `${sendNpn.seconds.toFixed(2)} node-pushnotif.`, ratio: `${(sendNpn.seconds / sendRaw.seconds).toFixed(2)}x`, goal: '(info: the most any node:http2 sender can gain)', result: '' },
      { figure: `  sender CPU (s): herald / npn / raw`, herald: leastCpu(sends.herald).toFixed(2), baseline: `${leastCpu(sends['node-pushnotifications']).toFixed(2)} / ${leastCpu(sends['raw-http2']).toFixed(2)}`, ratio: `${(leastCpu(sends['node-pushnotifications']) / leastCpu(sends.herald)).toFixed(2)}x`, goal: '(info)', result: '' },
      { figure: `  same, via HTTP send_push (s)`, herald: viaHttp.seconds.toFixed(2), baseline: `${sendNpn.seconds.toFixed(2)} node-pushnotif.`, ratio: `${httpSpeedup.toFixed(2)}x`, goal: '(info)', result: '' },
      { figure: `RSS, ${soakSeconds} s soak (MiB)`, herald: mb(mem.rssAfter), baseline: `${mb(mem.rssBefore)} before`, ratio: pct(rssGrowth), goal: '< +10%', result: verdict(rssGrowth < 0.1) },
      { figure: `heap used, ${soakSeconds} s soak (MiB)`, herald: mb(mem.heapAfter), baseline: `${mb(mem.heapBefore)} before`, ratio: pct(heapGrowth), goal: '< +10%', result: verdict(heapGrowth < 0.1) },
    ]),
  );
} catch (e) {
  console.error(`bench/push: ${e instanceof Error ? e.message : String(e)}`);
  exitCode = 1;
} finally {
  await Promise.all(procs.map((p) => p.stop()));
  rmSync(data, { recursive: true, force: true });
}
if (errors.length) {
  console.error(`\nbench/push: the run had errors, so its figures are not valid:\n  ${errors.join('\n  ')}`);
  exitCode = 1;
}
process.exit(exitCode);
