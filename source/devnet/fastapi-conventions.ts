/**
 * The HTTP conventions the real provider and discovery servers (Python, FastAPI) follow, shared by the devnet's
 * fastify servers so that clients meet the same bodies locally as on the network (reference §4.1, §5.1):
 * errors are `{"detail": …}`, validation failures are 422 `{"detail": [{type, loc, msg, input}]}`, an unknown
 * path is 404 `{"detail": "Not Found"}`, anything unexpected is 500 `{"detail": "An unexpected error occurred"}`.
 */
import type {FastifyInstance, FastifyReply} from 'fastify';
import type {z} from 'zod';

/** One entry of a FastAPI/pydantic 422 body. `loc` starts with where the value was: body, query, header, path. */
export type FastApiIssue = {
  readonly type: string;
  readonly loc: readonly (string | number)[];
  readonly msg: string;
  readonly input: unknown;
  readonly ctx?: Readonly<Record<string, unknown>>;
};

/** Where a validated value came from; the first element of every `loc`. */
export type IssueLocation = 'body' | 'query' | 'header' | 'path';

/** Thrown by route handlers (or their helpers) to answer `statusCode` with `{"detail": detail}`. */
export class HttpError extends Error {
  override name = 'HttpError' as const;
  readonly statusCode: number;
  readonly detail: unknown;
  constructor(statusCode: number, detail: unknown) {
    super(typeof detail === 'string' ? detail : JSON.stringify(detail));
    this.statusCode = statusCode;
    this.detail = detail;
  }
}

/** Thrown to answer 422 with the given pydantic-style issues. */
export class ValidationFailedError extends HttpError {
  constructor(issues: readonly FastApiIssue[]) {
    super(422, issues);
  }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): Omit<FastApiIssue, 'loc' | 'input'> {
  switch (issue.code) {
    case 'invalid_type': {
      if (input === undefined) return {type: 'missing', msg: 'Field required'};
      if (issue.expected === 'int' || issue.expected === 'number')
        return {type: 'int_type', msg: 'Input should be a valid integer'};
      if (issue.expected === 'string') return {type: 'string_type', msg: 'Input should be a valid string'};
      if (issue.expected === 'boolean') return {type: 'bool_type', msg: 'Input should be a valid boolean'};
      if (issue.expected === 'object') return {type: 'dict_type', msg: 'Input should be a valid dictionary'};
      return {type: 'value_error', msg: issue.message};
    }
    case 'too_small':
      return issue.origin === 'string'
        ? {
            type: 'string_too_short',
            msg: `String should have at least ${issue.minimum} characters`,
            ctx: {min_length: Number(issue.minimum)},
          }
        : {
            type: 'greater_than_equal',
            msg: `Input should be greater than or equal to ${issue.minimum}`,
            ctx: {ge: Number(issue.minimum)},
          };
    case 'too_big':
      return issue.origin === 'string'
        ? {
            type: 'string_too_long',
            msg: `String should have at most ${issue.maximum} characters`,
            ctx: {max_length: Number(issue.maximum)},
          }
        : {
            type: 'less_than_equal',
            msg: `Input should be less than or equal to ${issue.maximum}`,
            ctx: {le: Number(issue.maximum)},
          };
    case 'invalid_format': {
      const pattern = 'pattern' in issue && typeof issue.pattern === 'string' ? issue.pattern.replace(/^\/|\/[a-z]*$/g, '') : '';
      return {type: 'string_pattern_mismatch', msg: `String should match pattern '${pattern}'`, ctx: {pattern}};
    }
    case 'custom':
      return {type: 'value_error', msg: `Value error, ${issue.message}`};
    default:
      return {type: 'value_error', msg: issue.message};
  }
}

/**
 * Converts a zod error into pydantic-style 422 issues, reading each offending value from `input` so the body
 * echoes it back as FastAPI does (`input` is omitted from JSON when the value was missing).
 */
export function toFastApiIssues(error: z.ZodError, location: IssueLocation, input: unknown): FastApiIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
    const value = valueAt(input, path);
    return {...describeIssue(issue, value), loc: [location, ...path], input: value};
  });
}

/**
 * Parses `input` with `schema`, throwing `ValidationFailedError` (→ 422) with FastAPI-shaped issues on failure.
 * @throws {ValidationFailedError}
 */
export function parseOr422<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  location: IssueLocation,
): z.output<Schema> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationFailedError(toFastApiIssues(result.error, location, input));
  return result.data;
}

/** Sends `text` (already JSON) as an `application/json` body with `statusCode`. */
export function sendRawJson(reply: FastifyReply, statusCode: number, text: string): FastifyReply {
  return reply.code(statusCode).type('application/json; charset=utf-8').send(text);
}

/**
 * Installs the shared conventions on a fastify app: a tolerant JSON body parser (empty body → `undefined`,
 * malformed JSON → 422 `json_invalid`), CORS `*` like the real servers, the 404 body, and an error handler that
 * turns `HttpError`s into `{"detail": …}` and anything else into a 500 without leaking internals.
 * `onUnexpected` receives those unexpected errors (for the server's log).
 */
export function installFastApiConventions(app: FastifyInstance, onUnexpected: (error: unknown) => void): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', {parseAs: 'string'}, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(text) as unknown);
    } catch (error) {
      done(
        new ValidationFailedError([
          {
            type: 'json_invalid',
            loc: ['body', 0],
            msg: 'JSON decode error',
            input: {},
            ctx: {error: error instanceof Error ? error.message : String(error)},
          },
        ]),
        undefined,
      );
    }
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('access-control-allow-origin', '*');
    return payload;
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({detail: 'Not Found'}));
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof HttpError) return reply.code(error.statusCode).send({detail: error.detail});
    const statusCode = (error as {statusCode?: unknown}).statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      return reply.code(statusCode).send({detail: error instanceof Error ? error.message : String(error)});
    }
    onUnexpected(error);
    return reply.code(500).send({detail: 'An unexpected error occurred'});
  });
}
