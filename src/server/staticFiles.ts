import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { Handler } from './httpServer.ts';
import { sendText } from './httpServer.ts';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/** Whether the built game is there to serve (`npm run build` writes it). */
export function hasBuild(distDir: string): boolean {
  return existsSync(join(distDir, 'index.html'));
}

/**
 * Serves the built game from `distDir` for GET and HEAD: files by path, `index.html` for `/` and for
 * paths without an extension (the game reads its screen from the URL). Paths never leave `distDir`.
 * Without a build, `/` explains how to make one.
 */
export function staticFiles(distDir: string): Handler {
  const root = normalize(distDir + sep);
  return async (req, res, url) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (!hasBuild(distDir)) {
      if (url.pathname !== '/') return false;
      sendText(res, 503, `The game is not built: run \`npm run build\`, then reload (looked in ${distDir}).`);
      return true;
    }
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      return false;
    }
    const file = normalize(join(root, path));
    if (!file.startsWith(root)) return false;
    const target = extname(file) === '' ? join(root, 'index.html') : file;
    const info = await stat(target).catch(() => undefined);
    if (!info?.isFile()) return false;
    const body = await readFile(target);
    res.writeHead(200, {
      'content-type': TYPES[extname(target)] ?? 'application/octet-stream',
      'content-length': body.length,
      // Vite names built assets by content hash, so they never change under their name.
      'cache-control': path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}
