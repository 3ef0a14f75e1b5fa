// The send_push load generator (bench/push, bench/cluster), run in its own process so it does not
// share an event loop with the servers it measures (see ok-load.js, which starts it): runs
// autocannon with the options in argv[2] (JSON; https URLs take `tlsOptions`) and prints one
// JSON line with throughput, latency percentiles (from each response's own hrtime, in fractional
// ms, not autocannon's whole-millisecond histogram) and status counts.
import autocannon from 'autocannon';

const opts = JSON.parse(process.argv[2]);
const latencies = [];
const instance = autocannon({ ...opts, method: 'POST', headers: { 'content-type': 'application/json' } });
instance.on('response', (_client, status, _bytes, ms) => {
  if (status >= 200 && status < 300) latencies.push(ms);
});
const result = await new Promise((resolve, reject) => instance.on('done', resolve).on('error', reject));
latencies.sort((a, b) => a - b);
const pct = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] : NaN);
const ok = result['2xx'];
const seconds = result.duration;
console.log(
  JSON.stringify({
    requests: result.requests.total,
    ok,
    non2xx: result.non2xx,
    mismatches: result.mismatches,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds,
    rps: ok / seconds,
    p50: pct(50),
    p90: pct(90),
    p99: pct(99),
    max: latencies.at(-1) ?? NaN,
    statusCodes: result.statusCodeStats,
  }),
);
