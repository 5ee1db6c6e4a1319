// The web page (docs/web.md) at /: the files `npm run build` bundles into dist/web, served by
// @fastify/static. Each file gets its own route (wildcard off), so unknown paths, /v1 and /docs keep
// their own answers and a path can never leave dist/web.
import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { distFile } from '../../core/paths.js';

export function webRoutes(root = distFile('web')): FastifyPluginAsync {
  return async (app) => {
    if (!existsSync(`${root}/index.html`)) {
      app.get('/', { schema: { hide: true } }, async (_req, reply) =>
        reply.code(503).type('text/plain; charset=utf-8').send('The web page is not built: run `npm run build` (it bundles web/ into dist/web).\n'),
      );
      return;
    }
    await app.register(fastifyStatic, {
      root,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
      decorateReply: false,
      // Revalidated by ETag on each load: a rebuilt page is seen at once.
      cacheControl: true,
      maxAge: 0,
      schemaHide: true,
    });
  };
}
