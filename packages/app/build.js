#!/usr/bin/env node
// Builds the web app (PWA) into dist-web/: app.js (Preact UI) and sw.js (service worker) bundled
// by esbuild, index.html, manifest.webmanifest and PNG icons drawn here, plus .gz twins the chat
// server sends to clients that accept gzip. Fails when the initial JS exceeds its budget.
// Usage: node packages/app/build.js [--dev]   (--dev: no minify, inline source maps)
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { deflateSync, gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'dist-web');
const dev = process.argv.includes('--dev');
/** Initial JS budget (gzipped), issue 5. */
export const INITIAL_JS_BUDGET = 60 * 1024;

// esbuild does not type-check: the browser code is checked here (DOM and WebWorker libs).
if (!process.argv.includes('--no-check')) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  for (const project of ['web', 'web/sw']) {
    const r = spawnSync(process.execPath, [tsc, '-p', join(here, project)], { stdio: 'inherit' });
    if (r.status !== 0) {
      console.error(`web app: type errors in packages/app/${project}`);
      process.exit(1);
    }
  }
}

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'icons'), { recursive: true });

const common = {
  bundle: true,
  minify: !dev,
  sourcemap: dev ? 'inline' : false,
  target: ['chrome111', 'safari16.4', 'firefox115'],
  format: 'esm',
  legalComments: 'none',
  logLevel: 'warning',
  jsx: 'automatic',
  jsxImportSource: 'preact',
};
await build({ ...common, entryPoints: [join(here, 'web/main.tsx')], outfile: join(out, 'app.js') });
const app = readFileSync(join(out, 'app.js'));
// The first screen's requests leave from a script inlined in index.html, before app.js has loaded.
const prefetch = (await build({ ...common, format: 'iife', entryPoints: [join(here, 'web/prefetch.ts')], write: false })).outputFiles[0].text.trim();
if (/<\/script/i.test(prefetch)) throw new Error('web/prefetch.ts: the inlined script must not contain "</script"');
const appHash = createHash('sha256').update(app).digest('hex').slice(0, 12);

// Icons: a rounded blue square with a white "H", drawn into RGBA and PNG-encoded here.
function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function icon(size, maskable) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  const r = maskable ? 0 : size * 0.18;
  const inset = maskable ? size * 0.2 : size * 0.12;
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const i = y * (size * 4 + 1) + 1 + x * 4;
      const cx = Math.min(Math.max(x, r), size - 1 - r);
      const cy = Math.min(Math.max(y, r), size - 1 - r);
      const inside = (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
      const u = (x - inset) / (size - 2 * inset);
      const v = (y - inset) / (size - 2 * inset);
      const h = v >= 0 && v <= 1 && ((u >= 0.1 && u <= 0.3) || (u >= 0.7 && u <= 0.9) || (u > 0.3 && u < 0.7 && v >= 0.42 && v <= 0.58));
      const [R, G, B] = h ? [255, 255, 255] : [30, 50, 92];
      raw[i] = R;
      raw[i + 1] = G;
      raw[i + 2] = B;
      raw[i + 3] = inside ? 255 : 0;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  const sig = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
const icons = [
  { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
  { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
  { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
];
writeFileSync(join(out, 'icons/icon-192.png'), icon(192, false));
writeFileSync(join(out, 'icons/icon-512.png'), icon(512, false));
writeFileSync(join(out, 'icons/maskable-512.png'), icon(512, true));

const manifest = {
  name: 'Herald',
  short_name: 'Herald',
  description: 'Team chat with push notifications',
  start_url: '/',
  scope: '/',
  display: 'standalone',
  orientation: 'any',
  background_color: '#1e325c',
  theme_color: '#1e325c',
  icons,
};
writeFileSync(join(out, 'manifest.webmanifest'), JSON.stringify(manifest, null, 2));

const css = readFileSync(join(here, 'web/app.css'), 'utf8');
const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="theme-color" content="#1e325c">
<title>Herald</title>
<link rel="manifest" href="/manifest.webmanifest">
<link rel="icon" href="/icons/icon-192.png">
<link rel="apple-touch-icon" href="/icons/icon-192.png">
<style>${dev ? css : css.replace(/\s*\n\s*/g, '').replace(/\s*([{};:,])\s*/g, '$1')}</style>
</head>
<body>
<div id="app"></div>
<script>${prefetch}</script>
<script type="module" src="/app.js?v=${appHash}"></script>
</body>
</html>
`;
writeFileSync(join(out, 'index.html'), html);

// The service worker precaches the app shell; its version changes with every shell change, so a
// new build replaces the old cache.
const shell = ['/', '/index.html', `/app.js?v=${appHash}`, '/manifest.webmanifest', ...icons.map((i) => `/${i.src}`)];
const shellVersion = createHash('sha256').update(html).update(app).digest('hex').slice(0, 12);
await build({
  ...common,
  entryPoints: [join(here, 'web/sw/sw.ts')],
  outfile: join(out, 'sw.js'),
  define: { __SHELL__: JSON.stringify(shell), __SHELL_VERSION__: JSON.stringify(shellVersion) },
});

for (const f of ['app.js', 'sw.js', 'index.html', 'manifest.webmanifest']) {
  writeFileSync(join(out, `${f}.gz`), gzipSync(readFileSync(join(out, f)), { level: 9 }));
}
const initial = gzipSync(app, { level: 9 }).length + gzipSync(html, { level: 9 }).length;
const jsGz = gzipSync(app, { level: 9 }).length;
console.log(`web app: dist-web/app.js ${(app.length / 1024).toFixed(1)} KB, ${(jsGz / 1024).toFixed(1)} KB gzipped (budget ${INITIAL_JS_BUDGET / 1024} KB); index.html+app.js ${(initial / 1024).toFixed(1)} KB gzipped`);
if (jsGz > INITIAL_JS_BUDGET) {
  console.error(`web app: initial JS ${jsGz} bytes gzipped exceeds the ${INITIAL_JS_BUDGET}-byte budget`);
  process.exit(1);
}
