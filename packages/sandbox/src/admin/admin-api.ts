// The sandbox's admin API (plain HTTP, loopback): register devices, read inboxes, inject faults.
// Every error is JSON naming the field at fault.
import type { SandboxContext } from '../context.js';
import { BodyTooLarge, readBody, sendJson, type Req, type Res } from '../http/http.js';
import { subscriptionJSON, type Service } from '../state/devices.js';
import { parseFaultRule } from '../state/faults.js';

export interface AdminDeps {
  ctx: SandboxContext;
  info(): unknown;
  defaults: { apnsTopic: string; fcmProject: string };
  /** Persist the device registry after a change. */
  saveDevices(): void;
}

const SERVICES: Service[] = ['apns', 'fcm', 'webpush'];
const MAX_WAIT_MS = 60_000;

class BadRequest extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

async function jsonBody(req: Req): Promise<Record<string, unknown>> {
  let raw: Buffer;
  try {
    raw = await readBody(req, 64 * 1024);
  } catch (e) {
    throw e instanceof BodyTooLarge ? new BadRequest('body: larger than 64 KiB', 413) : e;
  }
  if (raw.length === 0) return {};
  let v: unknown;
  try {
    v = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new BadRequest('body: not valid JSON');
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new BadRequest('body: expected a JSON object');
  return v as Record<string, unknown>;
}

function optString(b: Record<string, unknown>, field: string): string | undefined {
  const v = b[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length === 0 || v.length > 4096) throw new BadRequest(`${field}: expected a non-empty string`);
  return v;
}

function optInt(q: URLSearchParams, field: string, max: number): number | undefined {
  const v = q.get(field);
  if (v === null) return undefined;
  if (!/^\d{1,15}$/.test(v) || Number(v) > max) throw new BadRequest(`${field}: expected an integer from 0 to ${max}`);
  return Number(v);
}

function service(v: string | null | undefined, field = 'service'): Service | undefined {
  if (v === null || v === undefined) return undefined;
  if (!SERVICES.includes(v as Service)) throw new BadRequest(`${field}: expected one of ${SERVICES.join(', ')}`);
  return v as Service;
}

export function adminHandler(deps: AdminDeps): (req: Req, res: Res) => void {
  return (req, res) => {
    route(deps, req, res).catch((e: unknown) => {
      if (e instanceof BadRequest) sendJson(res, e.status, { error: e.message });
      else if (e instanceof RangeError) sendJson(res, 400, { error: e.message });
      else sendJson(res, 500, { error: `internal error: ${(e as Error).message}` });
    });
  };
}

async function route(deps: AdminDeps, req: Req, res: Res): Promise<void> {
  const { ctx } = deps;
  let url: URL;
  let parts: string[];
  try {
    // Resolve against a fixed origin: a request target such as `//x` must not become a host.
    url = new URL(`http://admin${(req.url ?? '/').startsWith('/') ? '' : '/'}${req.url ?? ''}`);
    parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    throw new BadRequest(`path: not a valid request path: ${(req.url ?? '').slice(0, 200)}`);
  }
  const method = req.method ?? 'GET';
  const [a, b, c] = parts;

  if (parts.length === 0 && method === 'GET') return sendJson(res, 200, deps.info());
  if (a === 'healthz' && method === 'GET') return sendJson(res, 200, { status: 'ok' });

  // Devices: POST /apns/devices, POST /fcm/devices, POST /webpush/subscriptions, DELETE …/<token>
  if ((a === 'apns' || a === 'fcm') && b === 'devices') {
    if (c === undefined && method === 'POST') {
      const body = await jsonBody(req);
      const token = optString(body, 'token');
      const d =
        a === 'apns'
          ? ctx.devices.registerApns(optString(body, 'topic') ?? deps.defaults.apnsTopic, token)
          : ctx.devices.registerFcm(optString(body, 'project') ?? deps.defaults.fcmProject, token);
      deps.saveDevices();
      return sendJson(res, 201, d);
    }
    if (c !== undefined && method === 'DELETE') return unregister(deps, a, c, res);
    if (c !== undefined && method === 'GET') return getDevice(deps, a, c, res);
  }
  if (a === 'webpush' && b === 'subscriptions') {
    if (c === undefined && method === 'POST') {
      const body = await jsonBody(req);
      const key = optString(body, 'applicationServerKey');
      if (key !== undefined && !/^[A-Za-z0-9_-]{86,88}$/.test(key)) {
        throw new BadRequest('applicationServerKey: expected a base64url P-256 public key');
      }
      const s = ctx.devices.subscribeWebPush(key);
      deps.saveDevices();
      return sendJson(res, 201, { id: s.token, subscription: subscriptionJSON(s) });
    }
    if (c !== undefined && method === 'DELETE') return unregister(deps, 'webpush', c, res);
    if (c !== undefined && method === 'GET') return getDevice(deps, 'webpush', c, res);
  }
  if (a === 'devices' && b === undefined && method === 'GET') {
    const list = ctx.devices.list(service(url.searchParams.get('service')));
    return sendJson(res, 200, list.map(({ ...d }) => ('privateKey' in d ? { ...d, privateKey: undefined } : d)));
  }

  // Inbox: GET /inbox?service=&token=&after=&wait=ms (long-poll), DELETE /inbox
  if (a === 'inbox' && method === 'GET') {
    const q = url.searchParams;
    const query = {
      ...(service(q.get('service')) ? { service: service(q.get('service'))! } : {}),
      ...(b !== undefined ? { token: b } : q.get('token') ? { token: q.get('token')! } : {}),
      ...(optInt(q, 'after', Number.MAX_SAFE_INTEGER) !== undefined ? { after: optInt(q, 'after', Number.MAX_SAFE_INTEGER)! } : {}),
    };
    const wait = optInt(q, 'wait', MAX_WAIT_MS) ?? 0;
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    const deliveries = await ctx.inbox.wait(query, wait, abort.signal);
    return sendJson(res, 200, { deliveries, lastSeq: ctx.inbox.lastSeq });
  }
  if (a === 'inbox' && b === undefined && method === 'DELETE') {
    ctx.inbox.clear();
    return sendJson(res, 200, { cleared: true });
  }

  // Faults: GET/POST/DELETE /faults, DELETE /faults/<id>
  if (a === 'faults') {
    if (b === undefined && method === 'GET') return sendJson(res, 200, ctx.faults.list());
    if (b === undefined && method === 'POST') return sendJson(res, 201, ctx.faults.add(parseFaultRule(await jsonBody(req))));
    if (b === undefined && method === 'DELETE') {
      ctx.faults.clear();
      return sendJson(res, 200, { cleared: true });
    }
    if (b !== undefined && method === 'DELETE') {
      return ctx.faults.remove(b) ? sendJson(res, 200, { removed: b }) : sendJson(res, 404, { error: `fault ${b}: not found` });
    }
  }

  sendJson(res, 404, { error: `no route for ${method} ${url.pathname}` });
}

function unregister(deps: AdminDeps, s: Service, token: string, res: Res): void {
  const d = deps.ctx.devices.unregister(s, token);
  if (!d) return sendJson(res, 404, { error: `token: no ${s} device ${token.slice(0, 8)}…` });
  deps.saveDevices();
  sendJson(res, 200, { token: d.token, unregisteredAt: d.unregisteredAt });
}

function getDevice(deps: AdminDeps, s: Service, token: string, res: Res): void {
  const d = deps.ctx.devices.get(s, token);
  if (!d) return sendJson(res, 404, { error: `token: no ${s} device ${token.slice(0, 8)}…` });
  sendJson(res, 200, d.service === 'webpush' ? { ...d, privateKey: undefined, subscription: subscriptionJSON(d) } : d);
}
