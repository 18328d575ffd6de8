import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

/** Headers on every page: the same CSP the Electron window gets, plus frame-ancestors. */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
    "connect-src 'self'; object-src 'none'; base-uri 'none'; " +
    "form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

/**
 * Where a request path points inside `root`: a file to try, or the status to answer. A path
 * that is not valid percent-encoded UTF-8 is a 400, one that leaves `root` or names a NUL a 404.
 * Pure, so every malformed path can be tested without a server.
 */
export function resolveStaticPath(
  root: string,
  urlPath: string,
): { file: string } | { status: 400 | 404; reason: string } {
  const rootAbs = resolve(root);
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return { status: 400, reason: 'Bad request: the path is not valid percent-encoded UTF-8' };
  }
  if (rel.includes('\0')) return { status: 404, reason: 'Not found' };
  if (rel === '/' || rel === '') rel = '/index.html';
  const file = normalize(join(rootAbs, rel));
  if (file !== rootAbs && !file.startsWith(rootAbs + sep)) return { status: 404, reason: 'Not found' };
  return { file };
}

/** Serves the built renderer from `root`; nothing outside it, whatever the path says. Never rejects. */
export async function serveStatic(root: string, urlPath: string, res: ServerResponse): Promise<void> {
  const target = resolveStaticPath(root, urlPath);
  if ('status' in target) {
    res.writeHead(target.status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' }).end(target.reason);
    return;
  }
  try {
    const s = await stat(target.file);
    if (!s.isFile()) throw new Error('not a file');
    const body = await readFile(target.file);
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': TYPES[extname(target.file)] ?? 'application/octet-stream',
    });
    res.end(body);
  } catch {
    if (!res.headersSent) {
      res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' }).end('Not found');
    } else res.destroy();
  }
}
