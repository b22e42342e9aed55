import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response, Router } from 'express';
import type { Logger } from 'pino';

/** Where `npm run build:web` puts the web app (src/web): dist/web, beside this file's dist/src. */
export const WEB_ROOT = path.resolve(__dirname, '../web');

/** Vite names these by their content hash: a new build is a new name, so clients may keep them forever. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html, the manifest and the service worker: always revalidated (ETag), so a deploy reaches clients at once. */
export const REVALIDATE = 'no-cache';

/**
 * The app loads only its own code and talks only to its own /graphql. Images, video and audio of
 * materials also come from the file store, by the presigned URLs the API hands out (the player
 * plays them there, so the browser fetches ranges itself): its origin is allowed for those, and
 * for connections (`connect-src`: an instructor's upload PUTs the bytes straight to the store).
 */
export function contentSecurityPolicy(fileOrigin?: string): string {
  const files = fileOrigin ? ` ${fileOrigin}` : '';
  return `default-src 'self'; img-src 'self' data:${files}; media-src 'self'${files}; connect-src 'self'${files}; style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'`;
}

/** The server's own routes: an unknown path under them is a 404, never the app. */
const SERVER_PATHS = /^\/(graphql|healthz|readyz|metrics|verify|calendar)(\/|$)/;

/**
 * Serves the web app at `/`: its files, and index.html for every other GET of a path without a
 * file extension (the app's own screens, so a reload or a shared link opens the right screen).
 * Mounted after every server route, so it can shadow none of them. Without dist/web (a server
 * built without the web app) it serves nothing and the API runs as before.
 * Compression comes from responseCompression(), which runs for every route.
 */
export function webAssets(logger: Logger, root: string = WEB_ROOT, options: { fileOrigin?: string } = {}): Router {
  const router = Router();
  const CSP = contentSecurityPolicy(options.fileOrigin);
  const index = path.join(root, 'index.html');
  if (!existsSync(index)) {
    logger.warn({ root }, 'no web app build found; serving the API only (run `npm run build` to build it)');
    return router;
  }
  const hashed = path.join(root, 'assets') + path.sep;
  router.use(
    express.static(root, {
      index: false,
      redirect: false,
      // Runs before serve-static's own Cache-Control, which it then leaves alone.
      setHeaders: (res, file) => {
        res.setHeader('cache-control', file.startsWith(hashed) ? IMMUTABLE : REVALIDATE);
        res.setHeader('x-content-type-options', 'nosniff');
        // index.html is also fetched as a file: the service worker keeps it for offline starts.
        if (file.endsWith('.html')) res.setHeader('content-security-policy', CSP);
      },
    }),
  );
  router.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || SERVER_PATHS.test(req.path) || path.extname(req.path) !== '') {
      next();
      return;
    }
    res.setHeader('cache-control', REVALIDATE);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('content-security-policy', CSP);
    res.sendFile(index, { headers: { 'content-type': 'text/html; charset=utf-8' } });
  });
  return router;
}
