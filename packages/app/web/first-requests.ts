// The first screen's requests, named in one place for the app (actions.ts) and for the prefetch
// script inlined in index.html (prefetch.ts), which sends them while app.js is still loading.
export const SESSION_STORAGE_KEY = 'herald.session';
export const BOOT_STORAGE_KEY = 'herald.boot';

export const ME = '/users/me';
export const MY_TEAMS = '/users/me/teams';
export const channelsPath = (teamId: string) => `/users/me/teams/${teamId}/channels`;
export const membersPath = (teamId: string) => `/users/me/teams/${teamId}/channels/members`;
export const POSTS_PER_PAGE = 60;
export const postsPath = (channelId: string, perPage = POSTS_PER_PAGE) => `/channels/${channelId}/posts?page=0&per_page=${perPage}`;
/** The channel's posts made or changed after `since` (ms, server time). */
export const postsSincePath = (channelId: string, since: number) => `/channels/${channelId}/posts?since=${since}`;

/** The channel of an app path (/channels/{id}…). */
export function channelInPath(pathname: string): string | undefined {
  return /^\/channels\/([a-z0-9]{26})/.exec(pathname)?.[1];
}

/** What the last start remembered (boot-cache.ts). */
export interface Boot {
  serverUrl: string;
  userId: string;
  teamId: string;
  /** The channel the app opens at `/`. */
  defaultChannelId: string;
}

/** The channel a start at `pathname` opens: the one in the path, or at `/` the remembered default. */
export function channelToOpen(pathname: string, boot: Boot | undefined): string | undefined {
  return channelInPath(pathname) ?? (pathname === '/' ? boot?.defaultChannelId : undefined);
}

/** GET paths (under /api/v4) a start sends before any answer, given what the last start remembered. */
export function firstRequests(pathname: string, boot: Boot | undefined): string[] {
  const paths = [ME, MY_TEAMS];
  if (boot) paths.push(channelsPath(boot.teamId), membersPath(boot.teamId));
  const open = channelToOpen(pathname, boot);
  if (open) paths.push(postsPath(open));
  return paths;
}

/** Requests the prefetch script sent, by path; each is taken (once) by the app's first GET of it. */
export interface Prefetched {
  serverUrl: string;
  token: string;
  responses: Record<string, Promise<Response>>;
}
declare global {
  interface Window {
    __heraldPrefetch?: Prefetched;
  }
}
