// The Mattermost API v4 as this app uses it: bearer token, JSON, Mattermost error bodies.
import type {} from './first-requests.js';
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
    readonly detail: string,
  ) {
    super(message);
  }
}

export interface User {
  id: string;
  username: string;
  roles: string;
  notify_props: Record<string, string>;
  first_name?: string;
  last_name?: string;
}
export interface Team {
  id: string;
  name: string;
  display_name: string;
}
export interface Channel {
  id: string;
  team_id: string;
  type: 'O' | 'P' | 'D' | 'G';
  name: string;
  display_name: string;
  total_msg_count: number;
  last_post_at: number;
}
export interface ChannelMember {
  channel_id: string;
  user_id: string;
  msg_count: number;
  mention_count: number;
  last_viewed_at: number;
}
export interface Post {
  id: string;
  channel_id: string;
  user_id: string;
  root_id: string;
  message: string;
  create_at: number;
  update_at?: number;
  reply_count: number;
  pending_post_id?: string;
}
export interface PostList {
  order: string[];
  posts: Record<string, Post>;
}

export class Api {
  constructor(
    public base: string,
    public token = '',
  ) {}

  async req<T>(method: string, path: string, body?: unknown, raw?: BodyInit): Promise<T> {
    const headers: Record<string, string> = { 'X-Requested-With': 'XMLHttpRequest' };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const early = method === 'GET' ? takePrefetched(this.base, this.token, path) : undefined;
    const res = (early && (await early.catch(() => undefined))) || (await fetch(`${this.base}/api/v4${path}`, { method, headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) }));
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!res.ok) {
      const e = (json ?? {}) as { id?: string; message?: string; detailed_error?: string };
      throw new ApiError(res.status, e.id ?? '', e.message ?? `HTTP ${res.status}`, e.detailed_error ?? '');
    }
    if (path === '/users/login') (json as { token?: string }).token = res.headers.get('Token') ?? '';
    return json as T;
  }

  get = <T>(path: string) => this.req<T>('GET', path);
  post = <T>(path: string, body?: unknown) => this.req<T>('POST', path, body ?? {});
  put = <T>(path: string, body?: unknown) => this.req<T>('PUT', path, body ?? {});
}

/** The answer to a request index.html's prefetch script already sent for this session (taken once). */
function takePrefetched(base: string, token: string, path: string): Promise<Response> | undefined {
  const p = window.__heraldPrefetch;
  if (!p || p.serverUrl !== base || p.token !== token) return undefined;
  const r = p.responses[path];
  delete p.responses[path];
  return r;
}

export const isAdmin = (u: User | undefined) => !!u && u.roles.split(' ').includes('system_admin');
