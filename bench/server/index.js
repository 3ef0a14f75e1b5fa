// Benchmark: the chat server's push pipeline on SQLite, end to end over real sockets, with the
// provider sandbox, the Herald push service and the chat server each in its own process.
//
// 1. Post -> push accepted by the sandbox at a steady 200 posts/s (DMs from B to A; A has a mobile
//    session with an apple_rn sandbox device; PushNotificationContents "full" so each push carries
//    its post's text): for each post, the time from sending POST /api/v4/posts to the sandbox
//    accepting its push (the inbox's receivedAt; same machine, same clock). Goal: p99 < 50 ms.
//    Baseline: the same posting with push off (post latency alone), in the same run.
// 2. Post latency with the push service down (process stopped; posts still succeed and queue in
//    the outbox) against up. Goal: within 10%. Then the push service is restarted on the same port
//    and every queued push must reach the sandbox.
//
// The load generator is open-loop (posts leave on schedule whether or not earlier ones answered)
// over keep-alive HTTP/1.1 connections, and reads the sandbox inbox with its long-poll. "Push on"
// is measured before and after the outage (pooled), so the "down" phase is bracketed by "up"
// ones. The push service runs the sandbox's push-proxy.json with ThrottlePerSec 0 (one chat server
// is one client; the throttle would only slow the drain after the restart). CPU per process and
// per phase is printed from /proc, with what the rest of the machine used meanwhile.
// HERALD_BENCH_PROF=DIR also writes a V8 CPU profile of every process into DIR.
//
// --quick: 10 s phases (about 70 s in all); default: 45 s phases (about 4 minutes).
import http from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { table } from '../lib/http2-load.js';
import { startProcess } from '../lib/processes.js';

const root = new URL('../../', import.meta.url).pathname;
// HERALD_BENCH_PROF=DIR writes a V8 CPU profile of each process into DIR (where the time goes).
const prof = process.env.HERALD_BENCH_PROF;
const node = (...args) => [...(prof ? ['--cpu-prof', '--cpu-prof-dir', prof] : []), ...args];
const herald = join(root, 'packages/cli/bin/herald.js');
const quick = process.argv.includes('--quick');
const RATE = 200; // posts per second
const PHASE_S = quick ? 10 : 45;
const WARMUP_S = quick ? 3 : 10;
const DRAIN_TIMEOUT_S = 120;
const PASSWORD = 'correct-horse-9';

const dir = mkdtempSync(join(tmpdir(), 'herald-bench-server-'));
const sandboxDir = join(dir, 'sandbox');
const serverDir = join(dir, 'server');
mkdirSync(serverDir);
const procs = [];
const started = (p) => (procs.push(p), p);

// --- tiny HTTP client (keep-alive, no body parsing beyond JSON) ---------------------------------
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
function request(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const req = http.request(url, { method, agent, headers: { ...(data !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}), ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', (e) => reject(Object.assign(new Error(`${method} ${url}: ${e.message}`), { cause: e })));
    req.end(data);
  });
}
async function json(url, opts) {
  const r = await request(url, opts);
  if (r.status >= 300) throw new Error(`${opts?.method ?? 'GET'} ${url}: HTTP ${r.status} ${r.text.slice(0, 300)}`);
  return { ...r, body: r.text ? JSON.parse(r.text) : undefined };
}

const wallMs = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function stats(values) {
  const s = Float64Array.from(values).sort();
  const pct = (p) => (s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN);
  return { n: s.length, p50: pct(50), p99: pct(99), max: s.length ? s[s.length - 1] : NaN, mean: s.reduce((a, b) => a + b, 0) / (s.length || 1) };
}

// CPU use per process during a phase, from /proc (Linux; omitted elsewhere), in % of one core:
// shows where the time goes and how busy the rest of the machine was (the runs share 2 cores).
function cpuSample(named) {
  try {
    const [, ...f] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const total = f.reduce((a, b) => a + b, 0);
    const busy = total - f[3] - (f[4] ?? 0);
    const procs = {};
    for (const [name, pid] of Object.entries(named())) {
      const st = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const x = st.slice(st.lastIndexOf(')') + 2).split(' ');
      procs[name] = Number(x[11]) + Number(x[12]);
    }
    return { total, busy, procs };
  } catch {
    return undefined;
  }
}
function cpuUse(a, b) {
  if (!a || !b) return undefined;
  const core = (b.total - a.total) / availableParallelism();
  const out = {};
  let ours = 0;
  for (const k of Object.keys(b.procs)) {
    const d = b.procs[k] - (a.procs[k] ?? b.procs[k]);
    out[k] = Math.round((100 * d) / core);
    ours += d;
  }
  out['other processes'] = Math.max(0, Math.round((100 * (b.busy - a.busy - ours)) / core));
  return out;
}

try {
  // --- the three processes ---------------------------------------------------------------------
  const sandbox = started(startProcess(node(herald, 'sandbox', '--port', '0', '--data', sandboxDir), /Stop with Ctrl-C/));
  await sandbox.ready;
  const running = JSON.parse(readFileSync(join(sandboxDir, 'running.json'), 'utf8'));
  const pushConfig = JSON.parse(readFileSync(join(sandboxDir, 'push-proxy.json'), 'utf8'));
  // One chat server is one client of the push service: its per-client throttle would cap the
  // drain after the restart, not what is measured here (the tests' push stack does the same).
  pushConfig.ThrottlePerSec = 0;
  const pushConfigPath = join(dir, 'push-proxy.json');
  writeFileSync(pushConfigPath, JSON.stringify(pushConfig, null, 2));
  const pushEnv = { NODE_EXTRA_CA_CERTS: join(sandboxDir, 'ca.pem'), HERALD_APNS_URL: running.origin, HERALD_FCM_URL: running.origin };
  let push = started(startProcess(node(herald, 'push', '--config', pushConfigPath, '--listen', '127.0.0.1:0'), /Push service on (http:\/\/\S+)/, pushEnv));
  const [, pushUrl] = await push.ready;
  const server = started(startProcess(node(herald, 'server', '--data', serverDir, '--port', '0'), /Chat server on (http:\/\/\S+)/));
  const [, serverUrl] = await server.ready;
  const api = `${serverUrl}/api/v4`;
  console.log(`sandbox ${running.origin}, push service ${pushUrl}, chat server ${serverUrl} (SQLite)`);

  // --- accounts, config, device, DM ------------------------------------------------------------
  const signUp = async (username) => {
    await json(`${api}/users`, { method: 'POST', body: { username, email: `${username}@example.com`, password: PASSWORD } });
    const r = await json(`${api}/users/login`, { method: 'POST', body: { login_id: username, password: PASSWORD } });
    return { user: r.body, auth: { authorization: `Bearer ${r.headers.token}`, 'x-requested-with': 'XMLHttpRequest' } };
  };
  const admin = await signUp('admin');
  const a = await signUp('accounta');
  const b = await signUp('accountb');
  const setPush = async (on) => {
    const cfg = (await json(`${api}/config`, { headers: admin.auth })).body;
    cfg.EmailSettings.SendPushNotifications = on;
    cfg.EmailSettings.PushNotificationServerType = on ? 'custom' : 'off';
    cfg.EmailSettings.PushNotificationServer = on ? pushUrl : '';
    cfg.EmailSettings.PushNotificationContents = 'full';
    await json(`${api}/config`, { method: 'PUT', headers: admin.auth, body: cfg });
  };
  const team = (await json(`${api}/teams`, { method: 'POST', headers: admin.auth, body: { name: 'bench', display_name: 'Bench', type: 'O' } })).body;
  for (const u of [a, b]) await json(`${api}/teams/${team.id}/members`, { method: 'POST', headers: admin.auth, body: { team_id: team.id, user_id: u.user.id } });
  const topic = pushConfig.ApplePushSettings.find((s) => s.Type === 'apple_rn').ApplePushTopic;
  const device = (await json(`${running.adminUrl}/apns/devices`, { method: 'POST', body: { topic } })).body;
  await json(`${api}/users/sessions/device`, { method: 'PUT', headers: a.auth, body: { device_id: `apple_rn:${device.token}` } });
  await json(`${api}/users/me/patch`, { method: 'PUT', headers: a.auth, body: { notify_props: { ...a.user.notify_props, push: 'mention' } } });
  const dm = (await json(`${api}/channels/direct`, { method: 'POST', headers: b.auth, body: [b.user.id, a.user.id] })).body;

  // --- the inbox reader: matches pushes to posts by their text -----------------------------------
  const sentAt = new Map(); // post number -> wall ms the POST left
  let pushLatencies = null; // collecting when an array
  let received = 0;
  let inboxSeq = (await json(`${running.adminUrl}/inbox?token=-`)).body.lastSeq;
  let reading = true;
  let readErrors = 0;
  const reader = (async () => {
    while (reading) {
      let r;
      try {
        r = await json(`${running.adminUrl}/inbox?token=${device.token}&after=${inboxSeq}&wait=500`);
      } catch (e) {
        // A keep-alive connection the sandbox closed as it was reused: read again.
        if (++readErrors > 20) throw e;
        continue;
      }
      for (const d of r.body.deliveries) {
        inboxSeq = Math.max(inboxSeq, d.seq);
        const alert = d.payload?.aps?.alert;
        const m = /bench post (\d+)\b/.exec(typeof alert === 'string' ? alert : (alert?.body ?? ''));
        if (!m) continue;
        received++;
        const t = sentAt.get(Number(m[1]));
        if (t !== undefined && pushLatencies) pushLatencies.push(Date.parse(d.receivedAt) - t);
        sentAt.delete(Number(m[1]));
      }
    }
  })();
  reader.catch(() => {}); // awaited (and thrown) at the end
  // Keeps the sandbox's inbox (it filters all it keeps on each read) small; only called when every
  // push sent so far has arrived, so none is lost.
  const clearInbox = () => json(`${running.adminUrl}/inbox`, { method: 'DELETE' });

  // --- open-loop posting -------------------------------------------------------------------------
  let postNo = 0;
  async function postAt(rate, seconds, { track }) {
    const total = Math.round(rate * seconds);
    const interval = 1000 / rate;
    const latencies = [];
    let failures = 0;
    const inFlight = [];
    const t0 = performance.now();
    for (let i = 0; i < total; i++) {
      const due = t0 + i * interval;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      const n = ++postNo;
      const start = performance.now();
      if (track) sentAt.set(n, performance.timeOrigin + start);
      inFlight.push(
        request(`${api}/posts`, { method: 'POST', headers: b.auth, body: { channel_id: dm.id, message: `bench post ${n} from B` } })
          .then((r) => {
            if (r.status === 201) latencies.push(performance.now() - start);
            else failures++;
          })
          .catch(() => failures++),
      );
    }
    await Promise.all(inFlight);
    return { ...stats(latencies), latencies, failures, seconds: (performance.now() - t0) / 1000, sent: total };
  }
  const waitFor = async (cond, timeoutS, what) => {
    const deadline = Date.now() + timeoutS * 1000;
    while (!cond()) {
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutS} s waiting for ${what}`);
      await sleep(50);
    }
  };
  const pids = () => ({
    'chat server': server.child.pid,
    'push service': push.child.exitCode === null ? push.child.pid : undefined,
    sandbox: sandbox.child.pid,
    'load generator': process.pid,
  });
  const named = () => Object.fromEntries(Object.entries(pids()).filter(([, v]) => v !== undefined));
  const cpuRows = [];
  const phase = async (name, opts) => {
    process.stdout.write(`${name}: ${Math.round(RATE * PHASE_S)} posts at ${RATE}/s… `);
    const c0 = cpuSample(named);
    const r = await postAt(RATE, PHASE_S, opts);
    const cpu = cpuUse(c0, cpuSample(named));
    if (cpu) cpuRows.push({ phase: name, ...Object.fromEntries(Object.keys(pids()).map((k) => [k, k in cpu ? `${cpu[k]}%` : '-'])), 'other processes': `${cpu['other processes']}%` });
    console.log(`post p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, ${r.failures} failures`);
    if (r.failures) throw new Error(`${r.failures} posts failed in "${name}"`);
    return r;
  };

  // Warm-up with push on (JIT, SQLite page cache, connections), then let every push arrive.
  await setPush(true);
  console.log(`warming up ${WARMUP_S} s, then ${PHASE_S} s per phase…`);
  await postAt(RATE, WARMUP_S, { track: true });
  await waitFor(() => sentAt.size === 0, 30, 'the warm-up pushes');
  await clearInbox();

  // Baseline: push off.
  await setPush(false);
  sentAt.clear();
  const off = await phase('push off (baseline)', { track: false });

  // Push on: post -> push. Measured before and after the push service's outage, so that the
  // "down" phase is bracketed by "up" ones (the database grows through the run).
  await setPush(true);
  await sleep(500);
  const allPushLatencies = [];
  const upPhase = async (name) => {
    pushLatencies = [];
    const r = await phase(name, { track: true });
    await waitFor(() => sentAt.size === 0, 30, `${sentAt.size} pushes of the "${name}" phase`);
    await clearInbox();
    const e = stats(pushLatencies);
    allPushLatencies.push(...pushLatencies);
    pushLatencies = null;
    console.log(`  post -> push p50 ${e.p50.toFixed(2)} ms, p99 ${e.p99.toFixed(2)} ms, max ${e.max.toFixed(2)} ms (${e.n} pushes)`);
    return r;
  };
  const on1 = await upPhase('push on');

  // Push service down: posts still succeed and queue.
  await push.stop();
  const receivedBefore = received;
  const down = await phase('push service down', { track: true });
  const queued = down.sent;
  await sleep(1000);
  const leakedWhileDown = received - receivedBefore;

  // Back: the same port, every queued push must arrive.
  const restartedAt = Date.now();
  push = started(startProcess(node(herald, 'push', '--config', pushConfigPath, '--listen', new URL(pushUrl).host), /Push service on (http:\/\/\S+)/, pushEnv));
  await push.ready;
  process.stdout.write(`push service back; waiting for the ${queued} queued pushes… `);
  await waitFor(() => received - receivedBefore >= queued, DRAIN_TIMEOUT_S, `the queued pushes (${received - receivedBefore}/${queued} arrived)`).catch((e) => console.log(e.message));
  await sleep(500);
  const delivered = received - receivedBefore;
  const drainS = (Date.now() - restartedAt) / 1000;
  console.log(`${delivered} delivered in ${drainS.toFixed(1)} s`);
  await clearInbox();

  const on2 = await upPhase('push on, after the restart');
  const on = stats([...on1.latencies, ...on2.latencies]);
  const e2e = stats(allPushLatencies);

  reading = false;
  await reader;

  const f = (x) => x.toFixed(2);
  const verdict = (ok) => (ok ? 'pass' : 'MISS');
  const ratioP50 = down.p50 / on.p50;
  const ratioP99 = down.p99 / on.p99;
  const rows = [
    { figure: 'post latency, push off (baseline)', value: `p50 ${f(off.p50)} / p99 ${f(off.p99)} / max ${f(off.max)} ms`, goal: '-', result: '-', ratio: '1.00' },
    { figure: 'post latency, push on (both phases)', value: `p50 ${f(on.p50)} / p99 ${f(on.p99)} / max ${f(on.max)} ms`, goal: '-', result: '-', ratio: `p50 ${f(on.p50 / off.p50)} / p99 ${f(on.p99 / off.p99)} vs push off` },
    { figure: 'post -> push accepted by sandbox', value: `p50 ${f(e2e.p50)} / p99 ${f(e2e.p99)} / max ${f(e2e.max)} ms`, goal: 'p99 < 50 ms', result: verdict(e2e.p99 < 50), ratio: `p50 ${f(e2e.p50 / off.p50)} / p99 ${f(e2e.p99 / off.p99)} vs post, push off` },
    { figure: 'post latency, push service down', value: `p50 ${f(down.p50)} / p99 ${f(down.p99)} / max ${f(down.max)} ms`, goal: '-', result: '-', ratio: `p50 ${f(ratioP50)} / p99 ${f(ratioP99)} vs push on` },
    { figure: 'post latency down vs up, p50', value: `${f(down.p50)} vs ${f(on.p50)} ms`, goal: 'ratio <= 1.10', result: verdict(ratioP50 <= 1.1), ratio: f(ratioP50) },
    { figure: 'post latency down vs up, p99', value: `${f(down.p99)} vs ${f(on.p99)} ms`, goal: 'ratio <= 1.10', result: verdict(ratioP99 <= 1.1), ratio: f(ratioP99) },
    { figure: 'queued while down, delivered after restart', value: `${delivered}/${queued} in ${drainS.toFixed(1)} s (${leakedWhileDown} while down)`, goal: 'all', result: verdict(delivered === queued && leakedWhileDown === 0), ratio: f(delivered / queued) },
  ];
  console.log(`\n${RATE} posts/s, ${PHASE_S} s per phase, SQLite; sandbox, push service, chat server and load generator in 4 processes`);
  console.log('"push on" pools the phases before and after the outage; ratios compare p50 with p50 and p99 with p99\n');
  console.log(table(rows));
  if (cpuRows.length) {
    console.log(`\nCPU per process during each phase (% of one core; ${availableParallelism()} cores)\n\n${table(cpuRows)}`);
    const other = Math.max(...cpuRows.map((r) => parseInt(r['other processes'], 10)));
    if (other >= 25) console.log(`\nNote: processes outside this benchmark used up to ${other}% of a core during a phase; the latency tails (p99, max) include that contention.`);
  }
} finally {
  for (const p of procs.reverse()) await p.stop();
  agent.destroy();
  rmSync(dir, { recursive: true, force: true });
}
