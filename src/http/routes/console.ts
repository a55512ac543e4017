import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type RequestHandler } from 'express';
import helmet from 'helmet';
import { ServiceUnavailableError } from '../errors.ts';
import { methodNotAllowed } from './messages.ts';

/**
 * Where `npm run build:console` puts the console (console/dist at the project root). The same path
 * from src/http/routes (tsx) and from dist/http/routes (compiled): both are three levels down.
 */
export const CONSOLE_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'console',
  'dist',
);

/**
 * The console's policy: its own script, style and API only. No inline script or style, no eval, no
 * other origin, no images (answers are sanitized without them), no framing, no form posts, no <base>.
 */
const CONSOLE_HEADERS = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      connectSrc: ["'self'"],
      baseUri: ["'none'"],
      formAction: ["'none'"],
      frameAncestors: ["'none'"],
    },
  },
  xFrameOptions: { action: 'deny' },
});

/**
 * GET /console: the web chat console, a static page served from `dir`. It is open like the docs: the
 * page holds nothing, and asks for an API key when the API wants one.
 */
export function consoleRouter(dir: string = CONSOLE_DIR): Router {
  const router = Router();
  const built: RequestHandler = (_req, _res, next) => {
    // A checkout without `npm install` has no console yet: say what to run rather than a bare 404.
    if (!existsSync(join(dir, 'index.html'))) {
      throw new ServiceUnavailableError('The console is not built: run `npm run build:console`.', 60);
    }
    next();
  };
  router
    .route('/console')
    .get(CONSOLE_HEADERS, built, (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(join(dir, 'index.html'));
    })
    .all(methodNotAllowed('GET'));
  router.use(
    '/console',
    CONSOLE_HEADERS,
    built,
    express.static(dir, { index: false, redirect: false, fallthrough: true, cacheControl: true, maxAge: 0 }),
  );
  return router;
}
