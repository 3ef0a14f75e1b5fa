// @herald/app: the web app (PWA) the chat server serves at `/`. The browser code lives in web/
// and is bundled by build.js into dist-web/; this module tells servers where that is.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built web app directory (index.html, app.js, sw.js, manifest, icons). */
export function webAppDir(): string {
  return fileURLToPath(new URL('../dist-web', import.meta.url));
}

/** Whether `npm run build` has produced the web app. */
export function webAppBuilt(): boolean {
  return existsSync(fileURLToPath(new URL('../dist-web/index.html', import.meta.url)));
}
