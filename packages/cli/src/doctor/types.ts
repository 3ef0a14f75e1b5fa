// Shapes shared by the doctor's checks: what a check reports, the options it runs with and the
// state earlier checks leave for later ones (the server's address, the admin token, the device).

/** ok ✔, warn ! (works, but not as the mobile apps need it), fail ✖ (exit 1), info/skip – . */
export type Status = 'ok' | 'warn' | 'fail' | 'info' | 'skip';

/** The hops of the push path, in the order they are checked; a failure names one of them. */
export const HOPS = [
  'dns',
  'tcp',
  'tls',
  'server-version',
  'auth',
  'push-settings',
  'push-service',
  'provider-credentials',
  'delivery',
  'server-log',
  'ping',
  'cleanup',
] as const;
export type Hop = (typeof HOPS)[number];

export interface CheckResult {
  hop: Hop;
  status: Status;
  /** One line: what was found. */
  message: string;
  /** What to do about it (failures and warnings). */
  hint?: string;
  /** Machine-readable facts for --json (addresses, versions, expiry dates…). */
  data?: Record<string, unknown>;
}

export interface Login {
  username: string;
  password: string;
}

export interface DoctorOptions {
  /** The chat server's URL as the mobile app is given it (http(s)://host[:port][/path]). */
  server: string;
  token?: string;
  login?: Login;
  /** The provider sandbox's admin API (http://127.0.0.1:7444): registers the test device. */
  sandbox?: string;
  /** The push service's config file, when it runs here: its provider credentials are checked. */
  pushConfig?: string;
  /** Two existing accounts for the confirmation procedure, instead of temporary ones. */
  users?: [Login, Login];
  /** Per network operation, and the wait for the push (ms). */
  timeoutMs: number;
  /** Extra CA certificates (PEM) to trust besides the system's (--ca, like NODE_EXTRA_CA_CERTS). */
  extraCa?: string[];
  now?: () => number;
}

/** A device the doctor attached to user A for the confirmation procedure and the ping. */
export interface TestDevice {
  /** platform:token as the app sends it (PUT /users/sessions/device). */
  deviceId: string;
  token: string;
}

export interface DoctorState {
  opts: DoctorOptions;
  url: URL;
  /** The API root without a trailing slash: `${origin}${path}/api/v4`. */
  apiBase: string;
  /** Addresses DNS gave (or the IP literal). */
  addresses: string[];
  /** False once DNS or TCP failed: later network checks are skipped. */
  reachable: boolean;
  /** The TLS check failed; later requests go on without verifying, to check the remaining hops. */
  insecureTls: boolean;
  /** The API answered as a Mattermost server. */
  apiOk: boolean;
  /** Session token and whether it is a system admin's. */
  token?: string;
  isAdmin: boolean;
  /** The doctor's own admin login (--login): logged out at the end. */
  ownSession: boolean;
  /** The System Console config (admin only). */
  config?: ServerConfigView;
  pushEnabled?: boolean;
  /** The push service answered /version. */
  pushServiceOk?: boolean;
  device?: TestDevice;
  /** The confirmation procedure's post, for the server-log check. */
  procedure?: { postId: string; delivered: boolean; outbox?: OutboxView | undefined };
  /** The file log is at DEBUG (already, or set by the doctor for the test). */
  debugLog?: boolean;
  /** Run at the end, newest first (temporary users' sessions, the sandbox device, the log level). */
  cleanups: { what: string; run: () => Promise<void> }[];
}

/** A row of GET /api/v4/herald/notifications (the chat server's push outbox). */
export interface OutboxView {
  ack_id: string;
  post_id: string;
  state: string;
  attempts: number;
  last_error: string;
  device: string;
}

/** The parts of GET /api/v4/config the doctor reads. */
export interface ServerConfigView {
  EmailSettings: {
    SendPushNotifications: boolean;
    PushNotificationServer: string;
    PushNotificationServerType: string;
    PushNotificationContents: string;
  };
  LogSettings: { EnableFile: boolean; FileLevel: string; EnableConsole?: boolean; ConsoleLevel?: string };
  [section: string]: unknown;
}

export type Report = (r: CheckResult) => void;

/** One step of the doctor: a small module per check, run in order. */
export interface Check {
  hop: Hop;
  title: string;
  run(state: DoctorState, report: Report): Promise<void>;
}
