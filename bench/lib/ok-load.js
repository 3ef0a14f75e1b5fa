// send_push under load: autocannon in its own process (autocannon-load.js), keep-alive, every reply
// required to be {"status":"OK"} (Herald answers FAIL with a 200 too). Anything else is pushed
// onto `errors` with its counts, so the benchmark can print its figures and still fail the run.
import { runJson } from './run-json.js';

const script = new URL('./autocannon-load.js', import.meta.url).pathname;

export async function loadExpectingOk(errors, name, url, body, opts) {
  const r = await runJson(script, [JSON.stringify({ url, body, expectBody: '{"status":"OK"}', ...opts })]);
  const bad = r.non2xx + r.mismatches + r.errors + r.timeouts;
  if (bad > 0) errors.push(`${name}: ${bad} of ${r.requests} requests not OK (non-2xx ${r.non2xx}, FAIL/REMOVE ${r.mismatches}, errors ${r.errors}, timeouts ${r.timeouts}; statuses ${JSON.stringify(r.statusCodes)})`);
  return r;
}
