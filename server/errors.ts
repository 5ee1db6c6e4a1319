// Errors as docs/errors.md lists them: a user's mistake is a 4xx { error: { code, message } } with a stable code;
// anything else is a 500 whose message is only an id, the stack going to the log.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SimcastError, type ErrorCode } from '../core/errors.js';
import { guardJsonValue } from '../core/json-guards.js';
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

/**
 * A 4xx from Fastify or a plugin as a documented code whose registry status is the one answered: 403 and
 * 405 (a static file refused, a method a path lacks) are NOT_FOUND 404, any other unmapped 4xx (414, 431,
 * ...) is OPTION_INVALID 400.
 */
function codeOfStatus(status: number): { code: ErrorCode; status: number } {
  const code = BY_STATUS[status];
  if (code !== undefined) return { code, status: HTTP_STATUS[code] };
  if (status === 403 || status === 405) return { code: 'NOT_FOUND', status: 404 };
  return { code: 'OPTION_INVALID', status: 400 };
}

/**
 * Fastify's `frameworkErrors`: a URL that does not decode (FST_ERR_BAD_URL) or a path parameter over
 * maxParamLength (FST_ERR_MAX_PARAM_LENGTH, otherwise a 414 in Fastify's own shape) answered like every
 * other bad parameter.
 */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const path = req.url.split('?')[0];
  const shown = path.length > 80 ? `${path.slice(0, 80)}…` : path;
  const message =
    err.code === 'FST_ERR_BAD_URL'
      ? `the path '${shown}' is not a valid URL (a malformed %-escape)`
      : err.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? `a path parameter in '${shown}' is longer than ${req.server.initialConfig.maxParamLength ?? 100} characters`
        : err.message;
  void reply.code(400).send(errorBody('OPTION_INVALID', message));
}

export function errorBody(code: ErrorCode | 'INTERNAL', message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

export function installErrorHandlers(app: FastifyInstance): void {
  // Before validation and handlers walk them: no NUL or lone surrogate in any string (Postgres cannot
  // store either), no nesting deeper than 64 (recursive readers would overflow the stack).
  app.addHook('preValidation', async (req) => {
    guardJsonValue(req.body, 'body', 'BODY_INVALID');
    guardJsonValue(req.query, 'querystring', 'OPTION_INVALID');
    guardJsonValue(req.params, 'params', 'OPTION_INVALID');
  });

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
      const mapped = codeOfStatus(status);
      return reply.code(mapped.status).send(errorBody(mapped.code, err.message));
    }
    req.log.error({ err, reqId: req.id }, 'internal error');
    return reply.code(500).send(errorBody('INTERNAL', `internal error ${req.id}`));
  });

  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send(errorBody('NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`));
  });
}
