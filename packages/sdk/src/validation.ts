/**
 * The client's checks against the contract: requests before they are sent, responses and error
 * bodies when they come back. It holds zod and every schema, so the client loads it with
 * `import()` (docs/decisions/0012; the element entries inline them, 0016): a page's first request is on its way while this module is
 * still loading, and only its answer waits for it.
 */
import * as z from 'zod/mini';
import {
  endpoints,
  type EndpointDefinition,
  type EndpointName,
  type ResponseOf,
} from './contract/endpoints.js';
import { ApiErrorBody, type FieldProblem } from './contract/errors.js';
import { IdempotencyKey } from './contract/primitives.js';
import { ShomeiApiError, ShomeiRequestError, ShomeiResponseError } from './errors.js';
import { err, ok, type Result } from './result.js';

/** The parts of a request as the client received them. */
export interface RequestParts {
  readonly params?: unknown;
  readonly query?: unknown;
  readonly body?: unknown;
  readonly idempotencyKey?: string | undefined;
}

/** The parts of a request as they are sent: parsed by their schemas. */
export interface CheckedRequest {
  readonly params?: Record<string, unknown>;
  readonly query?: Record<string, string>;
  readonly body?: unknown;
  readonly idempotencyKey?: string;
}

const PARTS = ['params', 'query', 'body'] as const;

/** zod issues as the service's `fields`: the path inside the part, unknown keys one by one. */
const toFields = (issues: readonly z.core.$ZodIssue[], part: string): FieldProblem[] =>
  issues.flatMap((issue) => {
    const paths =
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => [...issue.path, key])
        : [issue.path];
    return paths.map((path) => ({
      field: path.length > 0 ? path.join('.') : part,
      code: issue.code,
    }));
  });

/** Every part of a request against its schema; nothing is sent unless all of them pass. */
export function checkRequest(name: EndpointName, input: RequestParts): Result<CheckedRequest> {
  const endpoint: EndpointDefinition = endpoints[name];
  const checked: Record<string, unknown> = {};
  const issues: z.core.$ZodIssue[] = [];
  const fields: FieldProblem[] = [];
  const check = (schema: z.ZodMiniType, value: unknown, part: string): void => {
    const result = z.safeParse(schema, value);
    if (result.success) checked[part] = result.data;
    else {
      issues.push(...result.error.issues);
      fields.push(...toFields(result.error.issues, part));
    }
  };
  for (const part of PARTS) {
    const schema = endpoint[part];
    if (schema !== undefined) check(schema, input[part], part);
  }
  if (endpoint.idempotencyKey)
    check(IdempotencyKey, input.idempotencyKey ?? crypto.randomUUID(), 'idempotencyKey');
  if (issues.length > 0) return err(new ShomeiRequestError(name, issues, fields));
  return ok(checked as CheckedRequest);
}

/** A 2xx body against the endpoint's response schema; `undefined` when it was not JSON. */
export function checkResponse<N extends EndpointName>(
  name: N,
  status: number,
  body: { readonly json: unknown } | undefined,
): Result<ResponseOf<N>> {
  const result = body && z.safeParse(endpoints[name].response, body.json);
  if (result?.success) return ok(result.data as ResponseOf<N>);
  const problems = result?.error.issues ?? [
    {
      code: 'invalid_type',
      expected: 'object',
      path: [],
      message: 'The body is not JSON',
      input: undefined,
    },
  ];
  return err(new ShomeiResponseError(name, status, problems as z.core.$ZodIssue[]));
}

/** A 4xx/5xx as a `ShomeiApiError`, from the shared error body when there is one. */
export function apiError(
  endpoint: EndpointName,
  status: number,
  body: { readonly json: unknown } | undefined,
  headerWait: number | undefined,
): ShomeiApiError {
  const parsed = body && z.safeParse(ApiErrorBody, body.json);
  if (!parsed?.success) {
    return new ShomeiApiError({
      endpoint,
      status,
      code: status >= 500 ? 'internal' : 'http_error',
      message: `${endpoint}: HTTP ${status} without a contract error body`,
      retryAfterSeconds: headerWait,
    });
  }
  const { retryAfterSeconds: bodyWait, ...error } = parsed.data.error;
  return new ShomeiApiError({
    ...error,
    endpoint,
    status,
    retryAfterSeconds: bodyWait ?? headerWait,
  });
}
