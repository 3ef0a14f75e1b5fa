// Benchmark: the web app on a phone, against the seed's mobile response-time limits
// (shared/seed/mobile-push.rst, "Mobile Performance Benchmarks"; seed-limits.js).
//
// A chat server (SQLite in a temp dir, on its own thread: server-thread.js) serves the built app;
// a team of 12 users with 50 channels and 10,000 posts is seeded (seed.js). Debian's Chromium plays
// the phone (phone.js): 360x640 at 3x, touch, mobile; per page DevTools emulates one of the seed's
// connection rows (4G/LTE 50 ms, 50/8 Mb/s; 5G 20 ms, 77/12; wifi 23 ms, 138/12: the latency is
// added to each request, the throughputs are caps) and a CPU 4x slower than this machine's. The
// same figures are measured first without any throttling: the baseline of the run ("vs none").
// The app is installed once, as on a phone: its service worker and cached shell, a session.
//
// The five figures (phone-app.js), each from the user's action to the first animation frame that
// shows the result (the frame that paints it), timed by the page's own clock (in-page.js):
// - new channel: tap a channel not opened in this page (the drawer is opened first, untimed)
//   until its newest post shows with its author's name.
// - return to viewed channel: tap a channel viewed before in this page, the same way.
// - resume from background: the app was in the background (visibility hidden; it drops its
//   WebSocket, as the mobile apps do) while someone posted in the open channel; from visible
//   until that post shows.
// - wake after sleep + load: screen off (hidden), the page frozen by the OS, the radio offline, the
//   server dropped the user's WebSocket connections, posts arrived in the open channel and in
//   another; radio back, page thawed, then visible: until the open channel shows the new post and
//   the WebSocket is online again.
// - fresh start: the app's process gone (page closed, service worker stopped) and a post arrived
//   in the channel it opens (Town Square); the installed app opens at its start URL: from
//   navigation start until that post shows with its author.
//
// Each figure runs N times per condition (a different never-opened channel each time for "new
// channel"); the table gives median and p90, the seed's limit, the goal (the issue's, on 4G/LTE:
// limit / 10, fresh start 1.5 s; other rows limit / 10 for information) and "pass" when the p90
// is under it. The machine is shared: the figures move with its load; fresh start,
// mostly Chromium's own work of creating and committing a page on a 4x slower CPU, moves most.
//
// --quick: 3 runs per figure and condition (under a minute); default: 10 (about 3 minutes; longer
// when the machine is busy).
import { availableParallelism, loadavg } from 'node:os';
import { webAppBuilt } from '@herald/app';
import { table } from '../lib/http2-load.js';
import { apiClient } from './seed.js';
import { startServerThread } from './server-thread.js';
import { IN_PAGE } from './in-page.js';
import { launchPhoneBrowser, phoneContext } from './phone.js';
import { PhoneApp } from './phone-app.js';
import { FIGURES, GOAL_FACTOR, NETWORKS } from './seed-limits.js';

const quick = process.argv.includes('--quick');
const RUNS = quick ? 3 : 10;
const SLEEP_MS = quick ? 300 : 600;
const CPU_RATE = 4;

if (!webAppBuilt()) throw new Error('packages/app/dist-web is missing: run `npm run build` first');
let server;
let browser;
const t0 = performance.now();
const loadBefore = loadavg()[0];
try {
  server = await startServerThread();
  const seed = { ...server.seed, url: server.url, api: apiClient(server.url) };
  console.log(`chat server ${server.url} (SQLite, own thread); seeded ${seed.channels.length} channels, ${seed.posts} posts in ${server.seconds.toFixed(1)} s`);

  const launched = performance.now();
  browser = await launchPhoneBrowser();
  const context = await phoneContext(browser);
  // The phone has the app installed and a session: the token in its storage, as after a login.
  await context.addInitScript(
    ({ serverUrl, token }) => {
      if (!localStorage.getItem('herald.session')) localStorage.setItem('herald.session', JSON.stringify({ serverUrl, token }));
    },
    { serverUrl: server.url, token: seed.viewer.token },
  );
  const install = await context.newPage();
  await install.addInitScript(IN_PAGE);
  await install.goto(`${server.url}/`);
  await install.waitForSelector('.posts[data-loaded="true"] .post', { timeout: 20_000 });
  await install.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
  });
  await install.close();
  console.log(`Chromium up and the app installed in ${((performance.now() - launched) / 1000).toFixed(1)} s`);

  const conditions = [{ name: 'none', network: undefined, cpuRate: 1 }, ...NETWORKS.map((n) => ({ ...n, cpuRate: CPU_RATE }))];
  const results = {}; // condition name -> figure key -> ms[]
  const others = seed.channels.filter((c) => c.name !== 'town-square');
  for (const condition of conditions) {
    process.stdout.write(`${condition.name}${condition.network ? ` (${condition.network.latencyMs} ms, ${condition.network.downMbps}/${condition.network.upMbps} Mb/s, CPU /${condition.cpuRate})` : ' (no throttling)'}: `);
    const r = Object.fromEntries(FIGURES.map((f) => [f.key, []]));
    results[condition.name] = r;
    const started = performance.now();
    const app = new PhoneApp({ context, condition, seed, server, sleepMs: SLEEP_MS });
    let mark = performance.now();
    const step = (name) => {
      const now = performance.now();
      process.stdout.write(`${name} ${((now - mark) / 1000).toFixed(1)} s, `);
      mark = now;
    };
    for (let i = 0; i < RUNS; i++) r.freshStart.push(await app.freshStart(i === RUNS - 1));
    step('fresh start');
    // Channels not opened in this page yet, a different one each run.
    const fresh = others.slice(0, RUNS + 1);
    for (const c of fresh.slice(0, RUNS)) r.newChannel.push(await app.tapChannel(c.id));
    step('new channel');
    // Back and forth between two channels viewed before.
    const [a, b] = [fresh[RUNS - 2] ?? fresh[0], fresh[RUNS - 1]];
    for (let i = 0; i < RUNS; i++) r.returnChannel.push(await app.tapChannel(i % 2 === 0 ? a.id : b.id));
    step('return');
    for (let i = 0; i < RUNS; i++) r.resume.push(await app.resume());
    step('resume');
    for (let i = 0; i < RUNS; i++) r.wake.push(await app.wake());
    step('wake');
    console.log(`(${((performance.now() - started) / 1000).toFixed(0)} s)`);
    await app.close();
  }

  // --- table ---------------------------------------------------------------------------------
  const pct = (values, p) => {
    const s = [...values].sort((x, y) => x - y);
    return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
  };
  const ms = (x) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${Math.round(x)} ms`);
  const rows = [];
  let misses = 0;
  for (const f of FIGURES) {
    const base = pct(results.none[f.key], 50);
    rows.push({ figure: f.label, network: 'none (baseline)', median: ms(base), p90: ms(pct(results.none[f.key], 90)), 'seed limit': '-', goal: '-', '/ limit (median, p90)': '-', 'vs none': '1.00', result: '-' });
    for (const n of NETWORKS) {
      const v = results[n.name][f.key];
      const limit = n.limits[f.key];
      // The issue sets goals for 4G/LTE (n.goals); the other rows get limit / 10 for information.
      const goal = n.goals?.[f.key] ?? limit / GOAL_FACTOR;
      const p50 = pct(v, 50);
      const p90 = pct(v, 90);
      const ok = p90 < goal;
      if (!ok && n.goals) misses++;
      rows.push({ figure: '', network: n.name, median: ms(p50), p90: ms(p90), 'seed limit': ms(limit), goal: `< ${ms(goal)}${n.goals ? '' : ' (info)'}`, '/ limit (median, p90)': `${(p50 / limit).toFixed(3)}, ${(p90 / limit).toFixed(3)}`, 'vs none': (p50 / base).toFixed(2), result: ok ? 'pass' : n.goals ? 'MISS' : 'over' });
    }
  }
  console.log(`\n${RUNS} runs per figure and condition; phone 360x640 @3x, CPU throttled ${CPU_RATE}x on the network rows; 50 channels, ${seed.posts} posts; goal on 4G/LTE as the issue sets it, pass when p90 < goal\n`);
  console.log(table(rows));
  console.log(`\nGoal (the issue's, on 4G/LTE): 10x under the seed's limits, fresh start < 1.5 s; pass when the p90 is under it. Other rows: the seed's limit / ${GOAL_FACTOR}, for information ("over" when the p90 is not under it).`);
  console.log(`\n${misses ? `${misses} figure(s) miss the goal` : 'every figure meets the goal'} (${((performance.now() - t0) / 1000).toFixed(0)} s in all)`);
  // The figures are wall-clock times on a machine others may be using: say how busy it was.
  const loadAfter = loadavg()[0];
  const cores = availableParallelism();
  console.log(`Machine load (1-minute average) ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after, on ${cores} cores${Math.max(loadBefore, loadAfter) > cores ? ': busier than its cores, so the figures (fresh start most) include waiting for a CPU' : ''}.`);
} finally {
  await browser?.close();
  await server?.close();
}
