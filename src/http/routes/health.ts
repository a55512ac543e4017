import { Router } from 'express';
import { methodNotAllowed } from './messages.ts';

/** What /ready reports: whether the worker accepts work and each MCP tool server answers. */
export interface ReadinessProbe {
  check(): Promise<{ ready: boolean; checks: Record<string, string> }>;
}

/** GET /health (liveness: 200 while the process serves) and GET /ready (503 while starting, draining or degraded). */
export function healthRouter(deps: {
  version: string;
  startedAt: number;
  readiness: ReadinessProbe;
  liveChecks: () => Record<string, string>;
}): Router {
  const router = Router();
  router
    .route('/health')
    .get((_req, res) => {
      res.json({
        status: 'healthy',
        timestamp: new Date().toISOString(),
        version: deps.version,
        uptime_seconds: Math.round((Date.now() - deps.startedAt) / 10) / 100,
        checks: deps.liveChecks(),
      });
    })
    .all(methodNotAllowed('GET'));
  router
    .route('/ready')
    .get(async (_req, res) => {
      const { ready, checks } = await deps.readiness.check();
      if (!ready) res.setHeader('Retry-After', '5');
      res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', checks });
    })
    .all(methodNotAllowed('GET'));
  return router;
}
