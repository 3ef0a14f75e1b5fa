// deploy/nginx/herald.conf running for real: nginx on free loopback ports with a throwaway CA's
// certificate for 127.0.0.1, in front of the given chat server and push service nodes. Each
// front gets its own port here (in production both share 443 and differ by server_name).
// setUpstreams() re-renders the node lines and reloads nginx (a node added, removed or swapped).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startNginx, type NginxProcess } from './nginx.js';
import { renderHeraldConf } from './render-herald-conf.js';
import { writeThrowawayTls, type ThrowawayTls } from './throwaway-tls.js';

export interface HeraldNodes {
  /** `host:port` of each chat server node. */
  chat: string[];
  /** `host:port` of each push service node. */
  push: string[];
}

export interface HeraldNginx {
  /** https://127.0.0.1:PORT: the chat server (API, web app, WebSocket) through nginx. */
  chatUrl: string;
  /** http://127.0.0.1:PORT: the plain-HTTP listener that redirects to HTTPS. */
  chatHttpUrl: string;
  /** https://127.0.0.1:PORT: the push service through nginx (a Push Notification Server URL). */
  pushUrl: string;
  tls: ThrowawayTls;
  nginx: NginxProcess;
  setUpstreams(nodes: HeraldNodes): Promise<void>;
  stop(): Promise<void>;
}

export interface StartHeraldNginxOptions extends HeraldNodes {
  /** The certificate nginx serves; default: a new throwaway CA and certificate, removed at stop. */
  tls?: ThrowawayTls;
}

export async function startHeraldNginx(opts: StartHeraldNginxOptions): Promise<HeraldNginx> {
  const ownTlsDir = opts.tls ? undefined : mkdtempSync(join(tmpdir(), 'herald-nginx-tls-'));
  const tls = opts.tls ?? writeThrowawayTls(ownTlsDir!);
  let lastError: unknown;
  // Free ports are only free when asked: another process may take one before nginx binds it.
  for (let attempt = 0; attempt < 3; attempt++) {
    const [chatHttps, chatHttp, pushHttps] = [await freePort(), await freePort(), await freePort()] as [number, number, number];
    const render = (nodes: HeraldNodes) =>
      renderHeraldConf({
        'chat-node': nodes.chat,
        'push-node': nodes.push,
        'chat-listen': [`127.0.0.1:${chatHttps}`],
        'chat-http-listen': [`127.0.0.1:${chatHttp}`],
        'push-listen': [`127.0.0.1:${pushHttps}`],
        'chat-name': ['localhost'],
        'push-name': ['localhost'],
        'chat-cert': [tls.certFile],
        'chat-key': [tls.keyFile],
        'push-cert': [tls.certFile],
        'push-key': [tls.keyFile],
      });
    let nginx: NginxProcess;
    try {
      nginx = await startNginx({ httpConf: render(opts), ports: [chatHttps, chatHttp, pushHttps] });
    } catch (e) {
      lastError = e;
      if (/Address already in use/.test(String((e as Error).message))) continue;
      break;
    }
    return {
      chatUrl: `https://127.0.0.1:${chatHttps}`,
      chatHttpUrl: `http://127.0.0.1:${chatHttp}`,
      pushUrl: `https://127.0.0.1:${pushHttps}`,
      tls,
      nginx,
      setUpstreams: (nodes) => nginx.reload(render(nodes)),
      async stop() {
        await nginx.stop();
        if (ownTlsDir) rmSync(ownTlsDir, { recursive: true, force: true });
      },
    };
  }
  if (ownTlsDir) rmSync(ownTlsDir, { recursive: true, force: true });
  throw lastError;
}
