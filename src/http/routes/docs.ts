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
 *
 * The document and Swagger UI's page are built on the first request for either, not at start-up:
 * most processes (replicas behind a balancer, workers, tests) are never asked for them, and building
 * them is a good part of what creating the app costs.
 */
export function docsRouter(buildDocument: () => object, title: string, pageHeaders: RequestHandler): Router {
  let built: { document: object; page: RequestHandler } | undefined;
  const docs = (): NonNullable<typeof built> => {
    if (!built) {
      const document = buildDocument();
      built = { document, page: swaggerUi.setup(document, { customSiteTitle: title }) };
    }
    return built;
  };
  const router = Router();
  router.all(['/', '/swagger', '/openapi.json', '/redoc'], pageHeaders);
  router.use('/docs', pageHeaders);
  router.get('/openapi.json', (_req, res) => {
    res.json(docs().document);
  });
  router.get(['/', '/swagger'], (_req, res) => {
    res.redirect(302, '/docs');
  });
  // Swagger UI's assets include its init script, which its page's setup writes: set up first.
  router.use('/docs', (_req, _res, next) => {
    docs();
    next();
  });
  router.use('/docs', swaggerUi.serve);
  router.get('/docs', (req, res, next) => docs().page(req, res, next));
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
