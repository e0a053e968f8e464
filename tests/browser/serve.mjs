// A tiny static web server for the browser checks: serves a folder under a
// sub-path (`/some/sub/path/`) on 127.0.0.1 with an ephemeral port, as a
// site published below the root of a web server would be. It counts the
// bytes it sends per path, so a check can tell what a page loaded.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * Serves `dir` under `prefix` (starting and ending with `/`). Resolves to
 * `{ base, served, notFound, close }`: `base` is the URL of the prefix,
 * `served` a list of `{ path, bytes }` (paths relative to the prefix) in the
 * order they were sent, `notFound` the request paths that got a 404.
 * Nothing is cached (`Cache-Control: no-store`), so every page loads what it
 * needs itself.
 */
export async function serveDir(dir, prefix = '/some/sub/path/') {
  const root = resolve(dir);
  const served = [];
  const notFound = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let path;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      path = url.pathname;
    }
    const miss = () => {
      notFound.push(url.pathname);
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('not found');
    };
    if (!path.startsWith(prefix) || req.method !== 'GET') return miss();
    let rel = path.slice(prefix.length);
    let file = resolve(root, rel);
    if (file !== root && !file.startsWith(root + sep)) return miss();
    try {
      if ((await stat(file)).isDirectory()) {
        if (!path.endsWith('/')) {
          res.writeHead(301, { Location: url.pathname + '/' + url.search });
          return res.end();
        }
        file = join(file, 'index.html');
        rel = join(rel, 'index.html');
      }
      const body = await readFile(file);
      served.push({ path: rel, bytes: body.length });
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file).toLowerCase()] || 'application/octet-stream',
        'Content-Length': body.length,
        'Cache-Control': 'no-store',
      });
      res.end(body);
    } catch {
      miss();
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  const { port } = server.address();
  return {
    base: `http://127.0.0.1:${port}${prefix}`,
    served,
    notFound,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}
