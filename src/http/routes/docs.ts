import { Router, type RequestHandler } from 'express';
import redoc from 'redoc-express';
import swaggerUi from 'swagger-ui-express';

/** ReDoc's page loads its bundle from unpkg and starts it with an inline script; only this page allows that. */
const REDOC_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline' https://unpkg.com",
  "style-src 'self' 'unsafe-inline' https://fonts.googleapis.com",
  "font-src 'self' https://fonts.gstatic.com",
  "img-src 'self' data: https:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
].join('; ');

/**
 * `/openapi.json`, Swagger UI at `/docs`, ReDoc at `/redoc`, and `/` and `/swagger` redirecting to
 * `/docs`; `pageHeaders` (security headers for HTML documents) runs on these paths only.
 */
export function docsRouter(document: object, title: string, pageHeaders: RequestHandler): Router {
  const router = Router();
  router.all(['/', '/swagger', '/openapi.json', '/redoc'], pageHeaders);
  router.use('/docs', pageHeaders);
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.get(['/', '/swagger'], (_req, res) => {
    res.redirect(302, '/docs');
  });
  router.use('/docs', swaggerUi.serve);
  router.get('/docs', swaggerUi.setup(document, { customSiteTitle: title }));
  router.get(
    '/redoc',
    (_req, res, next) => {
      res.setHeader('Content-Security-Policy', REDOC_CSP);
      next();
    },
    // redoc-express is CommonJS with `exports.default`; under NodeNext the default import is `module.exports`.
    redoc.default({ title, specUrl: '/openapi.json' }),
  );
  return router;
}
