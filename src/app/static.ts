import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';

/**
 * The front end, built by `npm run build` (esbuild, during `prepare`) into dist/app/web and served from
 * the package: nothing is loaded from anywhere else. From src/app (tests) and from dist/app alike,
 * the bundle is two levels up in dist/app/web.
 */
export const WEB_DIR = join(import.meta.dirname, '..', '..', 'dist', 'app', 'web');

const ASSETS: Record<string, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

const SHELL = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ctct-connect</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/app.css">
<script type="module" src="/assets/app.js"></script>
</head>
<body><div id="root"><p class="loading">Loading ctct-connect…</p></div></body>
</html>
`;

const NO_SESSION = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ctct-connect</title><link rel="icon" href="data:,"></head>
<body><h1>ctct-connect</h1>
<p>This browser has no session with this app. Open the URL <code>ctct app</code> printed in the terminal
(it carries a key made at each start).</p></body></html>
`;

export function webAssets(dir = WEB_DIR): Hono {
  const web = new Hono();
  const cache = new Map<string, Buffer>();
  web.get('/assets/:file', (c) => {
    const file = c.req.param('file');
    const type = ASSETS[file];
    if (!type) return c.notFound();
    let body = cache.get(file);
    if (!body) {
      const path = join(dir, file);
      if (!existsSync(path)) return c.text(`The front end is not built (${path} is missing): run npm run build.`, 503);
      body = readFileSync(path);
      cache.set(file, body);
    }
    return c.body(new Uint8Array(body), 200, { 'content-type': type, 'cache-control': 'no-cache' });
  });
  return web;
}

export const shellPage = SHELL;
export const noSessionPage = NO_SESSION;
