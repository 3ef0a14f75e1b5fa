// `herald doctor`: checks the push path of a chat server hop by hop (the seed's troubleshooting
// as one command) and names the hop that fails, with a fix hint. The checks live in ../doctor/.
import { readFileSync } from 'node:fs';
import { intOption, parse, UsageError, type Command } from '../args.js';
import { formatJson, formatResult, formatSummary } from '../doctor/format.js';
import { parseServerUrl, runDoctor } from '../doctor/run-doctor.js';
import type { DoctorOptions, Login } from '../doctor/types.js';

export const DEFAULT_TIMEOUT_S = 10;

const USAGE = `Usage: herald doctor --server URL [--token T | --login USER:PASS] [--sandbox ADMIN_URL]
                     [--users A:PASS,B:PASS] [--push-config FILE] [--ca FILE] [--json] [--timeout S]

Checks, in order, each hop a push takes and names the first that fails, with a fix hint:
  1. DNS and TCP to the chat server
  2. TLS (https): chain, host name, expiry (warns under 30 days), self-signed, client
     certificates; http: a warning (the mobile apps need TLS)
  3. server version: GET /api/v4/system/ping and X-Version-Id (the cause behind the app's
     "We could not connect to the Mattermost server or the server is running an incompatible version")
  4. push settings (admin): enabled, contents, the push server URL reachable, its /version and mode
  5. provider credentials of the push service's config (--push-config): APNs key/certificate and
     its expiry, FCM service account
  6. the confirmation procedure: account B sends account A a direct message "Hello"; the push must
     reach A's test device (a sandbox token, --sandbox) and the server log the DEBUG line
     "Sending push notification to … wi msg of '…'" (the file log is set to DEBUG meanwhile)
  7. the ping health check with A's device (CanReceiveNotifications)

Options:
  --server URL         the chat server's URL, as given to the mobile app (required)
  --token T            session or access token of a system admin
  --login USER:PASS    or log in (the doctor logs its session out at the end)
  --sandbox ADMIN_URL  the provider sandbox's admin API (e.g. http://127.0.0.1:7444): registers
                       the test device and watches its inbox. Without it steps 6 and 7 are skipped.
  --users A:PASS,B:PASS  use these two accounts instead of two temporary ones
  --push-config FILE   the push service's config file (when it runs here) for step 5
  --ca FILE            extra CA certificates (PEM) to trust, like NODE_EXTRA_CA_CERTS
  --timeout S          per network operation and for the push to arrive (default ${DEFAULT_TIMEOUT_S})
  --json               one JSON document: {ok, server, failed: [hops], results: [...]}
  -h, --help           this help

Exit status: 0 when no hop failed (warnings allowed), 1 when one did, 2 on bad usage.
Temporary users (doctor-a-…, doctor-b-…) are created with the admin session; the server has no
API to delete or deactivate users, so they stay, without sessions or known passwords.
More: docs/doctor.md`;

function loginOption(value: string, name: string): Login {
  const i = value.indexOf(':');
  if (i <= 0 || i === value.length - 1) throw new UsageError(`--${name}: expected USER:PASSWORD`);
  return { username: value.slice(0, i), password: value.slice(i + 1) };
}

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'check a chat server\'s push path hop by hop and name the one that fails',
  usage: USAGE,
  async run(argv) {
    const { values: v, positionals } = parse(
      argv,
      {
        server: { type: 'string', short: 's' },
        token: { type: 'string' },
        login: { type: 'string' },
        sandbox: { type: 'string' },
        users: { type: 'string' },
        'push-config': { type: 'string' },
        ca: { type: 'string' },
        timeout: { type: 'string' },
        json: { type: 'boolean' },
      },
      USAGE,
    );
    if (v.help) {
      console.log(USAGE);
      return 0;
    }
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"\n\n${USAGE}`);
    if (typeof v.server !== 'string') throw new UsageError(`--server URL is required\n\n${USAGE}`);
    try {
      parseServerUrl(v.server);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    if (v.token !== undefined && v.login !== undefined) throw new UsageError('give --token or --login, not both');
    const opts: DoctorOptions = { server: v.server, timeoutMs: (intOption(v.timeout as string | undefined, 'timeout', 1, 600) ?? DEFAULT_TIMEOUT_S) * 1000 };
    if (typeof v.token === 'string') opts.token = v.token;
    if (typeof v.login === 'string') opts.login = loginOption(v.login, 'login');
    if (typeof v.sandbox === 'string') opts.sandbox = v.sandbox;
    if (typeof v['push-config'] === 'string') opts.pushConfig = v['push-config'];
    if (typeof v.users === 'string') {
      const parts = v.users.split(',');
      if (parts.length !== 2) throw new UsageError('--users: expected A:PASSWORD,B:PASSWORD (two accounts)');
      opts.users = [loginOption(parts[0]!, 'users'), loginOption(parts[1]!, 'users')];
    }
    if (typeof v.ca === 'string') {
      try {
        opts.extraCa = [readFileSync(v.ca, 'utf8')];
      } catch (e) {
        throw new UsageError(`--ca: cannot read ${v.ca}: ${(e as Error).message}`);
      }
    }
    const json = v.json === true;
    if (!json) console.log(`herald doctor: ${v.server}`);
    const report = await runDoctor(opts, json ? undefined : (r) => console.log(formatResult(r)));
    if (json) console.log(formatJson(report));
    else console.log(formatSummary(report));
    return report.ok ? 0 : 1;
  },
};
