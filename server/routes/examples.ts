// The bundled examples over HTTP: GET /v1/examples lists examples/*.json with their kind, GET
// /v1/examples/:name sends one (only names from that list: no path ever comes from the request).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listExamples, readExample } from '../../app/examples.js';
import { errorReplies } from '../schemas/common.js';
import { ExampleName, ExamplesReply } from '../schemas/examples.js';

export function exampleRoutes(): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/v1/examples',
      {
        schema: {
          tags: ['examples'],
          summary: 'The bundled example files: fields, Calcutta inputs, jobs',
          response: { 200: ExamplesReply, ...errorReplies(429) },
        },
      },
      async () => ({ items: await listExamples() }),
    );

    app.get(
      '/v1/examples/:name',
      {
        schema: {
          tags: ['examples'],
          summary: 'One example file, as JSON (a field can be sent as is to POST /v1/tournaments/simulate)',
          params: ExampleName,
          response: { 200: { description: 'The file (JSON)', type: 'object', additionalProperties: true }, ...errorReplies(400, 404, 429) },
        },
      },
      async (req, reply) => reply.type('application/json; charset=utf-8').send(await readExample(req.params.name)),
    );
  };
}
