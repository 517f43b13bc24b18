// A plain static file server over a folder, for the tests and benches of the static build
// (dist/): what GitHub Pages or `python3 -m http.server` give, and nothing of `wxweb
// serve` (no /__wxweb/ endpoints, no proxy, no compression). It records what it served.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.wxml': 'text/plain; charset=utf-8',
  '.wxss': 'text/plain; charset=utf-8',
};

/**
 * Serves `root` on 127.0.0.1 at a free port. Resolves with `{url, served, stop}`:
 * `served` lists `{path, status, bytes}` of every answer, in order.
 */
export function startStaticServer(root) {
  const served = [];
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) {
      return answer(response, path, 403);
    }
    let stat = statOrNull(file);
    if (stat?.isDirectory()) {
      if (!path.endsWith('/')) {
        response.writeHead(301, { location: `${path}/` }).end();
        served.push({ path, status: 301, bytes: 0 });
        return;
      }
      file = join(file, 'index.html');
      stat = statOrNull(file);
    }
    if (!stat?.isFile()) return answer(response, path, 404);
    // Last-Modified, and 304 to a browser revalidating with it, as those hosts answer.
    const modified = new Date(Math.floor(stat.mtimeMs / 1000) * 1000);
    const since = Date.parse(request.headers['if-modified-since'] ?? '');
    if (since >= modified.getTime()) {
      response.writeHead(304, { 'last-modified': modified.toUTCString() }).end();
      served.push({ path, status: 304, bytes: 0 });
      return;
    }
    response.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': stat.size,
      'last-modified': modified.toUTCString(),
    });
    served.push({ path, status: 200, bytes: stat.size });
    if (request.method === 'HEAD') return response.end();
    createReadStream(file).pipe(response);
  });

  function answer(response, path, status) {
    response.writeHead(status, { 'content-type': 'text/plain' }).end(`${status}\n`);
    served.push({ path, status, bytes: 0 });
  }

  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}/`,
        served,
        stop: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(done);
          }),
      });
    });
  });
}

function statOrNull(file) {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}
