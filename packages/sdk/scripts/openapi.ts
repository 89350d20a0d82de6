/**
 * The OpenAPI 3.1 document of the Shōmei API, generated from the contract's endpoint table.
 *
 *   tsx packages/sdk/scripts/openapi.ts --write   writes packages/sdk/openapi.json
 *   tsx packages/sdk/scripts/openapi.ts --check   fails when that file is stale or invalid
 *
 * Every named schema of the contract becomes a component. Requests are described as the
 * service accepts them (zod io 'input'), responses as it sends them (io 'output'). The two
 * agree for every schema both sides use, because request objects are strict; the script
 * checks this rather than assuming it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import * as z from 'zod/mini';
import * as contract from '../src/contract/index.js';
import {
  endpoints,
  type EndpointDefinition,
  type EndpointName,
} from '../src/contract/endpoints.js';
import { endpointDocs } from '../src/contract/endpoint-docs.js';
import { ApiErrorBody } from '../src/contract/errors.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
type Side = 'request' | 'response';

const DOCUMENT_FILE = new URL('../openapi.json', import.meta.url);
const PACKAGE_FILE = new URL('../package.json', import.meta.url);
const SCHEMA_REF = '#/components/schemas/';
/** Answers any endpoint can give, beyond its own list. */
const COMMON_ERROR_CODES = ['invalid_request', 'rate_limited', 'internal'] as const;

const isSchema = (value: unknown): value is z.ZodMiniType =>
  typeof value === 'object' && value !== null && '_zod' in value;

const capitalize = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/** Every schema to publish, named: the contract's own export names, then per-endpoint names. */
function nameSchemas(): Map<z.ZodMiniType, string> {
  const names = new Map<z.ZodMiniType, string>();
  const exported = Object.entries(contract as Record<string, unknown>)
    .filter((entry): entry is [string, z.ZodMiniType] => isSchema(entry[1]))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  for (const [name, schema] of exported) if (!names.has(schema)) names.set(schema, name);
  for (const [endpointName, endpoint] of Object.entries(endpoints) as [
    string,
    EndpointDefinition,
  ][]) {
    for (const part of ['params', 'query', 'body', 'response'] as const) {
      const schema = endpoint[part];
      if (schema && !names.has(schema))
        names.set(schema, `${capitalize(endpointName)}${capitalize(part)}`);
    }
  }
  return names;
}

/** All named schemas as JSON Schema 2020-12 for one side, referring to each other by $ref. */
function jsonSchemas(
  names: Map<z.ZodMiniType, string>,
  io: 'input' | 'output',
): Map<string, JsonObject> {
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of names) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { io, uri: (id) => SCHEMA_REF + id });
  const result = new Map<string, JsonObject>();
  for (const [id, schema] of Object.entries(schemas)) {
    // Components are not standalone documents: no dialect or id of their own.
    const { $schema: _dialect, $id: _id, ...rest } = schema as JsonObject;
    result.set(id, rest);
  }
  return result;
}

function refsIn(value: Json, found: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const item of value) refsIn(item, found);
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') found.add(item);
      else refsIn(item, found);
    }
  }
  return found;
}

export async function buildDocument(): Promise<JsonObject> {
  const names = nameSchemas();
  const sides: Record<Side, Map<string, JsonObject>> = {
    request: jsonSchemas(names, 'input'),
    response: jsonSchemas(names, 'output'),
  };
  const used: Record<Side, Set<string>> = { request: new Set(), response: new Set() };
  const ref = (schema: z.ZodMiniType, side: Side): JsonObject => {
    const name = names.get(schema);
    if (name === undefined) throw new Error('unnamed schema');
    used[side].add(name);
    return { $ref: SCHEMA_REF + name };
  };
  /** Path and query parameters: one per property of the (object) schema. */
  const parameters = (schema: z.ZodMiniType, location: 'path' | 'query'): JsonObject[] => {
    const name = names.get(schema) ?? '';
    const object = sides.request.get(name);
    const properties = (object?.['properties'] ?? {}) as JsonObject;
    const required = (object?.['required'] ?? []) as string[];
    return Object.entries(properties).map(([key, property]) => {
      for (const found of refsIn(property, new Set()))
        used.request.add(found.slice(SCHEMA_REF.length));
      return {
        name: key,
        in: location,
        required: location === 'path' || required.includes(key),
        schema: property,
      };
    });
  };

  const paths: Record<string, JsonObject> = {};
  for (const [name, endpoint] of Object.entries(endpoints) as [
    EndpointName,
    EndpointDefinition,
  ][]) {
    const docs = endpointDocs[name];
    const unsafe = endpoint.method !== 'GET';
    const errorCodes = [...new Set([...docs.errors, ...COMMON_ERROR_CODES])];
    const operation: JsonObject = {
      operationId: name,
      summary: docs.summary,
      tags: [tagOf(endpoint.path)],
      parameters: [
        ...(endpoint.params ? parameters(endpoint.params, 'path') : []),
        ...(endpoint.query ? parameters(endpoint.query, 'query') : []),
        ...(unsafe ? [{ $ref: '#/components/parameters/ShomeiClient' }] : []),
        ...(endpoint.idempotencyKey ? [{ $ref: '#/components/parameters/IdempotencyKey' }] : []),
        { $ref: '#/components/parameters/AcceptLanguage' },
        { $ref: '#/components/parameters/ShomeiSessionMode' },
      ],
      ...(endpoint.body && {
        requestBody: {
          required: true,
          content: { 'application/json': { schema: ref(endpoint.body, 'request') } },
        },
      }),
      responses: {
        [String(endpoint.status)]: {
          description: docs.summary,
          headers: { 'Shomei-Session-Token': { $ref: '#/components/headers/ShomeiSessionToken' } },
          content: { 'application/json': { schema: ref(endpoint.response, 'response') } },
        },
        default: {
          description: `An error with one of the codes: ${errorCodes.join(', ')}.`,
          'x-error-codes': errorCodes,
          headers: {
            'Retry-After': { $ref: '#/components/headers/RetryAfter' },
            'Shomei-Session-Token': { $ref: '#/components/headers/ShomeiSessionToken' },
          },
          content: { 'application/json': { schema: ref(ApiErrorBody, 'response') } },
        },
      },
      security:
        endpoint.access === 'public'
          ? [{}, { shomeiSession: [] }, { bearerSession: [] }]
          : [{ shomeiSession: [] }, { bearerSession: [] }],
      'x-access': endpoint.access,
      'x-spec-features': [...docs.features],
    };
    const path = endpoint.path.replace(/:(\w+)/g, '{$1}');
    paths[path] = { ...paths[path], [endpoint.method.toLowerCase()]: operation };
  }
  const idempotencyKey = names.get(contract.IdempotencyKey);
  if (idempotencyKey) used.request.add(idempotencyKey);

  const components = collectComponents(sides, used);
  const { version } = JSON.parse(readFileSync(PACKAGE_FILE, 'utf8')) as { version: string };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Shōmei API',
      version,
      description:
        'Certificate issuance service (証明書発行サービス): login, account, orders and payment. ' +
        'Generated from @shomei/sdk’s contract; do not edit.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [
      {
        url: '{baseUrl}',
        description: "The tenant's base URL",
        variables: { baseUrl: { default: 'https://api.example.ac.jp/t/demo' } },
      },
    ],
    paths: paths as JsonObject,
    components: {
      schemas: components,
      parameters: {
        ShomeiClient: {
          name: 'Shomei-Client',
          in: 'header',
          required: true,
          description: 'CSRF defence: unsafe methods must carry it (the SDK sends sdk/<version>).',
          schema: { type: 'string', examples: ['sdk/' + version] },
        },
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: true,
          description:
            'O8: the same key makes a retry return the first answer instead of paying twice.',
          schema: { $ref: SCHEMA_REF + (idempotencyKey ?? 'IdempotencyKey') },
        },
        AcceptLanguage: {
          name: 'Accept-Language',
          in: 'header',
          required: false,
          description: 'A14: the language of the answer and of the mails it sends.',
          schema: { type: 'string', examples: ['ja'] },
        },
        ShomeiSessionMode: {
          name: 'Shomei-Session-Mode',
          in: 'header',
          required: false,
          description: 'bearer: the session token travels in headers instead of a cookie.',
          schema: { type: 'string', enum: ['bearer'] },
        },
      },
      headers: {
        ShomeiSessionToken: {
          description:
            'Bearer mode: the (rotated) session token to send as Authorization: Bearer from now on; empty when the session ended.',
          schema: { type: 'string' },
        },
        RetryAfter: {
          description: 'Seconds to wait before trying again (rate_limited, 503).',
          schema: { type: 'string' },
        },
      },
      securitySchemes: {
        shomeiSession: { type: 'apiKey', in: 'cookie', name: 'shomei_session' },
        bearerSession: {
          type: 'http',
          scheme: 'bearer',
          description:
            'The token from the Shomei-Session-Token response header (Shomei-Session-Mode: bearer).',
        },
      },
    },
  };
}

function tagOf(path: string): string {
  const segment = path.split('/')[1] ?? '';
  const tags: Record<string, string> = {
    'second-password-reset': 'account',
    catalog: 'orders',
    'pickup-estimate': 'orders',
  };
  return tags[segment] ?? segment;
}

/** The components each side reaches, with the check that a shared name means one schema. */
function collectComponents(
  sides: Record<Side, Map<string, JsonObject>>,
  used: Record<Side, Set<string>>,
): JsonObject {
  const chosen = new Map<string, { side: Side; schema: JsonObject }>();
  for (const side of ['request', 'response'] as const) {
    const pending = [...used[side]];
    for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
      const schema = sides[side].get(name);
      if (schema === undefined) throw new Error(`No schema named ${name}`);
      const earlier = chosen.get(name);
      if (earlier) {
        if (earlier.side !== side && JSON.stringify(earlier.schema) !== JSON.stringify(schema)) {
          throw new Error(
            `${name} differs between requests and responses (a non-strict object in a request?); ` +
              'give the request side its own schema',
          );
        }
        continue;
      }
      chosen.set(name, { side, schema });
      for (const found of refsIn(schema, new Set())) pending.push(found.slice(SCHEMA_REF.length));
    }
  }
  return Object.fromEntries(
    [...chosen.keys()].sort().map((name) => [name, chosen.get(name)?.schema ?? {}]),
  );
}

/** Every local $ref must point at something: the schema validator does not follow them. */
function danglingRefs(document: JsonObject): string[] {
  return [...refsIn(document, new Set())].filter((ref) => {
    let node: Json | undefined = document;
    for (const key of ref.replace(/^#\//, '').split('/')) {
      node =
        node !== null && typeof node === 'object' && !Array.isArray(node) ? node[key] : undefined;
    }
    return node === undefined;
  });
}

async function validate(document: JsonObject): Promise<string[]> {
  const validator = new Validator();
  const result = await validator.validate(document);
  if (validator.version !== '3.1')
    return [`expected OpenAPI 3.1, the validator saw ${String(validator.version)}`];
  const problems = result.valid ? [] : [JSON.stringify(result.errors, null, 2)];
  return [...problems, ...danglingRefs(document).map((ref) => `dangling $ref ${ref}`)];
}

async function main(mode: string | undefined): Promise<number> {
  if (mode !== '--write' && mode !== '--check') {
    console.error('usage: tsx packages/sdk/scripts/openapi.ts --write | --check');
    return 2;
  }
  const document = await buildDocument();
  const text = `${JSON.stringify(document, null, 2)}\n`;
  const problems = await validate(document);
  if (problems.length > 0) {
    console.error(
      `The generated OpenAPI document is not valid OpenAPI 3.1:\n${problems.join('\n')}`,
    );
    return 1;
  }
  if (mode === '--write') {
    writeFileSync(DOCUMENT_FILE, text);
    console.log(
      `wrote packages/sdk/openapi.json (${Object.keys(document['paths'] as JsonObject).length} paths)`,
    );
    return 0;
  }
  let committed = '';
  try {
    committed = readFileSync(DOCUMENT_FILE, 'utf8');
  } catch {
    // A missing file is as stale as an old one.
  }
  if (committed !== text) {
    console.error(
      'packages/sdk/openapi.json is stale: run `npm run openapi` and commit the result.',
    );
    return 1;
  }
  console.log('packages/sdk/openapi.json is up to date and valid OpenAPI 3.1');
  return 0;
}

process.exitCode = await main(process.argv[2]);
