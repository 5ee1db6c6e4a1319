// Errors as docs/errors.md lists them: a user's mistake is a 4xx { error: { code, message } } with a stable code;
// anything else is a 500 whose message is only an id, the stack going to the log.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SimcastError, type ErrorCode } from '../core/errors.js';
import { HTTP_STATUS } from './http-status.js';

interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** `body.odds.home must be >= 100`: the first useful ajv error, its path in dotted form. */
function validationMessage(errors: AjvError[], context: string, input: unknown): string {
  let useful = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf');
  // A body that is one game or a slate: show the errors of the branch the client meant.
  if (context === 'body' && useful.some((e) => e.schemaPath.startsWith('#/anyOf/'))) {
    if (input === null || typeof input !== 'object') return 'body must be a game (an object) or a slate (an array of games)';
    const branch = Array.isArray(input) ? '#/anyOf/1' : '#/anyOf/0';
    const inBranch = useful.filter((e) => e.schemaPath.startsWith(branch));
    if (inBranch.length > 0) useful = inBranch;
  }
  const e = useful[0] ?? errors[0];
  if (!e) return `${context} is invalid`;
  const path = context + e.instancePath.replace(/\/(\d+)(?=\/|$)/g, '[$1]').replace(/\//g, '.');
  if (e.keyword === 'additionalProperties') return `${path} has an unknown property '${String(e.params.additionalProperty)}'`;
  if (e.keyword === 'required') return `${path}.${String(e.params.missingProperty)} is required`;
  return `${path} ${e.message ?? 'is invalid'}`;
}

const BY_STATUS: Record<number, ErrorCode> = {
  400: 'BODY_INVALID',
  401: 'UNAUTHORIZED',
  404: 'NOT_FOUND',
  413: 'LIMIT_EXCEEDED',
  415: 'BODY_INVALID',
  429: 'RATE_LIMITED',
};

export function errorBody(code: ErrorCode | 'INTERNAL', message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | SimcastError | Error, req: FastifyRequest, reply: FastifyReply) => {
    // 503 (no or unreachable database) is a state the client can act on, so its code and message go out.
    if (err instanceof SimcastError && (HTTP_STATUS[err.code] < 500 || HTTP_STATUS[err.code] === 503)) {
      return reply.code(HTTP_STATUS[err.code]).send(err.toJSON());
    }
    const fe = err as FastifyError & { validation?: AjvError[]; validationContext?: string };
    if (fe.validation) {
      const ctx = fe.validationContext ?? 'request';
      const input = ctx === 'body' ? req.body : ctx === 'querystring' ? req.query : ctx === 'params' ? req.params : undefined;
      return reply.code(400).send(errorBody('OPTION_INVALID', validationMessage(fe.validation, ctx, input)));
    }
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send(errorBody('LIMIT_EXCEEDED', `request body exceeds the limit of ${app.initialConfig.bodyLimit} bytes`));
    }
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.code(400).send(errorBody('BODY_INVALID', `unsupported content type '${String(req.headers['content-type'] ?? '')}': send application/json`));
    }
    if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return reply.code(400).send(errorBody('BODY_INVALID', 'the request body is empty: send a JSON document'));
    if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (err instanceof SyntaxError && fe.statusCode === 400)) {
      return reply
        .code(400)
        .send(
          errorBody(
            'BODY_INVALID',
            `the request body is not valid JSON: ${err.message.replace(/^Body is not valid JSON but content-type is set to 'application\/json'$/, 'syntax error')}`,
          ),
        );
    }
    const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
    if (status >= 400 && status < 500) {
      const code = BY_STATUS[status] ?? 'BODY_INVALID';
      return reply.code(status === 415 ? 400 : status).send(errorBody(code, err.message));
    }
    req.log.error({ err, reqId: req.id }, 'internal error');
    return reply.code(500).send(errorBody('INTERNAL', `internal error ${req.id}`));
  });

  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send(errorBody('NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`));
  });
}
