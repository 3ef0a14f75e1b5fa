// A bounded HTTP/2 load generator: `total` requests, at most `concurrency` in flight, over one
// connection (as an APNs client uses it). Returns throughput and latency percentiles.
import http2 from 'node:http2';

export async function http2Load({ origin, ca, total, concurrency, request }) {
  const session = http2.connect(origin, { ca });
  await new Promise((resolve, reject) => {
    session.once('connect', resolve);
    session.once('error', reject);
  });
  const latencies = new Float64Array(total);
  let next = 0;
  let failures = 0;
  const statuses = new Map();
  const one = (i) =>
    new Promise((resolve) => {
      const { headers, body } = request(i);
      const t0 = process.hrtime.bigint();
      const stream = session.request(headers);
      stream.on('response', (h) => {
        const s = h[':status'];
        statuses.set(s, (statuses.get(s) ?? 0) + 1);
        if (s >= 300) failures++;
      });
      stream.on('error', () => {
        failures++;
        resolve();
      });
      stream.resume();
      stream.on('end', () => {
        latencies[i] = Number(process.hrtime.bigint() - t0) / 1e6;
        resolve();
      });
      stream.end(body);
    });
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (next < total) await one(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  session.close();
  const sorted = Array.from(latencies).sort((a, b) => a - b);
  const pct = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  return { total, seconds, rps: total / seconds, p50: pct(50), p99: pct(99), failures, statuses: Object.fromEntries(statuses) };
}

export function table(rows) {
  const cols = Object.keys(rows[0]);
  const w = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (vals) => vals.map((v, i) => String(v).padEnd(w[i])).join('  ');
  return [line(cols), line(w.map((n) => '-'.repeat(n))), ...rows.map((r) => line(cols.map((c) => r[c])))].join('\n');
}
