/**
 * Bad input (issue 6, X5): every endpoint of the SDK's `endpoints` table is fed malformed,
 * oversized and hostile requests derived from its schemas, on the server over SQLite and on the
 * mock, in a logged-in session. Every answer must be a 4xx with the shared error shape, never a
 * 5xx, and nothing stored may change.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMockService } from '@shomei/mock';
import { endpoints, type EndpointDefinition, type EndpointName } from '@shomei/sdk';
import { createServer, type ShomeiServer } from '@shomei/server';
import { DEMO_STUDENTS, MAX_BODY_BYTES, type MemoryMailbox } from '@shomei/service';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BASE = 'http://localhost:4010';
const TENANT = `${BASE}/t/demo`;
const JUNE_3_10AM = new Date('2026-06-03T01:00:00Z');
const { returning } = DEMO_STUDENTS;
const quiet = { error: () => {}, warn: () => {}, info: () => {} };

// ---------------------------------------------------------------------------------------------
// Schemas → sample values and their shape (zod/mini keeps its definition in `_zod.def`).

interface Def {
  type: string;
  shape?: Record<string, Schema>;
  innerType?: Schema;
  element?: Schema;
  options?: Schema[];
  entries?: Record<string, string>;
  values?: unknown[];
  in?: Schema;
}
interface Schema {
  _zod: { def: Def };
}
const defOf = (schema: unknown): Def => (schema as Schema)._zod.def;

/** A value of the schema's shape (not necessarily one the rules accept). */
function sample(schema: unknown): unknown {
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return 'a';
    case 'number':
    case 'int':
      return 1;
    case 'boolean':
      return true;
    case 'enum':
      return Object.values(def.entries ?? {})[0];
    case 'literal':
      return def.values?.[0];
    case 'object':
      return Object.fromEntries(
        Object.entries(def.shape ?? {}).map(([key, value]) => [key, sample(value)]),
      );
    case 'array':
      return [sample(def.element)];
    case 'union':
      return sample(def.options?.[0]);
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
      return sample(def.innerType);
    case 'pipe':
      return sample(def.in);
    default:
      return 'a';
  }
}

/** The innermost type name: `optional(string)` is a string field. */
function baseType(schema: unknown): string {
  const def = defOf(schema);
  if (['optional', 'nullable', 'default', 'readonly'].includes(def.type))
    return baseType(def.innerType);
  if (def.type === 'pipe') return baseType(def.in);
  return def.type;
}

/** The schema inside optional, nullable, default and readonly wrappers. */
function innermost(schema: unknown): unknown {
  const def = defOf(schema);
  return ['optional', 'nullable', 'default', 'readonly'].includes(def.type)
    ? innermost(def.innerType)
    : schema;
}

const isOptional = (schema: unknown) => defOf(schema).type === 'optional';

/** A value of another JSON type than the field's. */
function wrongType(type: string): unknown[] {
  switch (type) {
    case 'string':
    case 'enum':
      return [12345, true, null, ['a'], { a: 1 }];
    case 'number':
    case 'int':
      return ['1', true, null, [1], { n: 1 }];
    case 'boolean':
      return ['true', 1, null, [true]];
    case 'object':
      return ['x', 1, null, [], true];
    case 'array':
      return ['x', 1, null, {}, { 0: 'a', length: 1 }];
    default:
      return [12345, null, { a: 1 }];
  }
}

const HOSTILE_STRINGS = [
  "' OR 1=1; DROP TABLE orders; --",
  '"; DELETE FROM accounts WHERE "1"="1',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '../../../etc/passwd',
  'a\u0000b',
  '\u202e\ufeff\ud800',
  '${7*7}{{7*7}}',
];
const HUGE_NUMBERS = ['1e308', '1e400', '-1e400', '9007199254740993', '-1', '0', '1.5', '-0'];

interface BadRequest {
  readonly label: string;
  readonly method?: string;
  readonly path?: string;
  readonly query?: string;
  readonly headers?: Record<string, string | null>;
  readonly body?: string | Uint8Array;
}

const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const deepArray = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

/** Replaces the value at `path` (object keys and array indexes) in a copy of `value`. */
function withValue(value: unknown, path: readonly (string | number)[], replacement: unknown) {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let cursor = copy;
  for (const key of path.slice(0, -1)) cursor = cursor[key] as Record<string | number, unknown>;
  const last = path.at(-1);
  if (last !== undefined) cursor[last] = replacement;
  return copy;
}

function withoutKey(value: unknown, path: readonly (string | number)[]) {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let cursor = copy;
  for (const key of path.slice(0, -1)) cursor = cursor[key] as Record<string | number, unknown>;
  const last = path.at(-1);
  if (last !== undefined) delete cursor[last];
  return copy;
}

/** Every field of an object schema, nested objects and the first array element included. */
function fields(
  schema: unknown,
  path: (string | number)[] = [],
): { path: (string | number)[]; schema: unknown }[] {
  const def = defOf(schema);
  const inner = ['optional', 'nullable', 'default', 'readonly'].includes(def.type)
    ? defOf(def.innerType)
    : def;
  const found: { path: (string | number)[]; schema: unknown }[] = [];
  if (inner.type === 'object') {
    for (const [key, value] of Object.entries(inner.shape ?? {})) {
      found.push({ path: [...path, key], schema: value });
      found.push(...fields(value, [...path, key]));
    }
  } else if (inner.type === 'array') {
    found.push(...fields(inner.element, [...path, 0]));
  }
  return found;
}

/** The branches of a union body (`z.xor`), or the body itself. */
function unionOptions(schema: unknown): unknown[] {
  const def = defOf(schema);
  return def.type === 'union' ? (def.options ?? []) : [schema];
}

/** Endpoints whose only string field is a user ID that they answer alike, whatever it is. */
const ANSWERS_ANY_USER_ID: ReadonlySet<EndpointName> = new Set(['passkeyLoginOptions']);

/** The malformed, oversized and hostile requests for one endpoint, from its schemas. */
function badRequests(name: EndpointName): BadRequest[] {
  const endpoint: EndpointDefinition = endpoints[name];
  const requests: BadRequest[] = [
    { label: 'a method the path does not take (DELETE)', method: 'DELETE' },
    { label: 'a method the path does not take (PATCH)', method: 'PATCH' },
  ];
  const unsafe = endpoint.method !== 'GET';
  const params = endpoint.params ? (sample(endpoint.params) as Record<string, string>) : {};
  const path = (values: Record<string, string>) =>
    endpoint.path.replace(/:(\w+)/g, (_, key: string) => values[key] ?? 'x');

  // Path params: traversal, NUL, too long, markup, SQL.
  if (endpoint.params) {
    for (const key of Object.keys(params)) {
      for (const hostile of [
        '..%2F..%2F..%2Fetc%2Fpasswd',
        '%2E%2E',
        'a%00b',
        '%00',
        'x'.repeat(5000),
        '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
        "'%20OR%201%3D1--",
        '__proto__',
        'constructor',
        '%F0%28%8C%28',
      ]) {
        requests.push({
          label: `param ${key} = ${hostile.slice(0, 40)}`,
          path: path({ ...params, [key]: hostile }),
          ...(endpoint.body ? { body: JSON.stringify(sample(endpoint.body)) } : {}),
        });
      }
    }
  }

  // Query: missing, wrong, unknown, oversized, prototype keys.
  if (endpoint.query) {
    const query = sample(endpoint.query) as Record<string, string>;
    const encode = (values: Record<string, string>) => new URLSearchParams(values).toString();
    requests.push({ label: 'query missing', query: '' });
    for (const key of Object.keys(query)) {
      for (const value of ['', 'moon', 'x'.repeat(100_000), '<script>', "' OR 1=1 --"])
        requests.push({
          label: `query ${key} = ${value.slice(0, 20)}`,
          query: encode({ ...query, [key]: value }),
        });
    }
    requests.push({ label: 'query unknown key', query: `${encode(query)}&unexpected=1` });
    requests.push({ label: 'query __proto__', query: `${encode(query)}&__proto__[x]=1` });
  } else {
    requests.push({ label: 'query where none is allowed', query: 'unexpected=1' });
    requests.push({ label: 'query __proto__', query: '__proto__[polluted]=1&constructor=x' });
  }

  if (unsafe) {
    const valid = endpoint.body ? JSON.stringify(sample(endpoint.body)) : undefined;
    requests.push({
      label: 'no CSRF header',
      headers: { 'Shomei-Client': null },
      ...(valid === undefined ? {} : { body: valid }),
    });
    requests.push({
      label: 'a foreign Origin',
      headers: { Origin: 'https://evil.example' },
      ...(valid === undefined ? {} : { body: valid }),
    });
    requests.push({
      label: 'body over the size limit',
      body: JSON.stringify({ padding: 'x'.repeat(MAX_BODY_BYTES + 10) }),
    });
    requests.push({
      label: 'body over the size limit, Content-Length lies',
      headers: { 'Content-Length': String(MAX_BODY_BYTES * 100) },
      body: '{}',
    });
    requests.push({
      label: 'invalid UTF-8',
      body: new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0x22, 0x7d]),
    });
  }

  if (unsafe && !endpoint.body) {
    for (const body of ['{"a":1}', '{"__proto__":{"polluted":true}}', '[]', 'null', 'garbage'])
      requests.push({ label: `a body where none is allowed: ${body}`, body });
  }

  if (endpoint.body) {
    const base = sample(endpoint.body);
    const json = (value: unknown) => JSON.stringify(value);
    requests.push({ label: 'no body', body: '' });
    for (const text of ['{"a":', '{a:1}', "{'a':1}", 'NaN', '[]', 'null', '"text"', '1', 'true'])
      requests.push({ label: `invalid JSON / not an object: ${text}`, body: text });
    requests.push({ label: 'deeply nested object', body: deepObject(5000) });
    requests.push({ label: 'deeply nested array', body: deepArray(10_000) });
    requests.push({ label: 'unknown key', body: json({ ...(base as object), unexpected: 1 }) });
    requests.push({
      label: '__proto__ key',
      body: `{"__proto__":{"polluted":true},${json(base).slice(1)}`,
    });
    requests.push({
      label: 'constructor.prototype key',
      body: json({ ...(base as object), constructor: { prototype: { polluted: true } } }),
    });
    for (const contentType of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
    ])
      requests.push({
        label: `wrong content-type ${contentType}`,
        headers: { 'Content-Type': contentType },
        body: json(base),
      });
    requests.push({
      label: 'JSON as a form',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'userId=a&password=b',
    });

    // A body that is a union (`z.xor`) is probed branch by branch, and with both at once.
    const branches = unionOptions(endpoint.body);
    if (branches.length > 1) {
      requests.push({
        label: 'every branch of the union at once',
        body: json(Object.assign({}, ...branches.map((branch) => sample(branch) as object))),
      });
    }
    for (const branch of branches) {
      const base = sample(branch);
      for (const field of fields(branch)) {
        const label = field.path.join('.');
        const type = baseType(field.schema);
        if (!isOptional(field.schema))
          requests.push({ label: `missing ${label}`, body: json(withoutKey(base, field.path)) });
        for (const wrong of wrongType(type))
          requests.push({
            label: `${label} as ${JSON.stringify(wrong)}`,
            body: json(withValue(base, field.path, wrong)),
          });
        requests.push({
          label: `${label} nested 2000 deep`,
          body: json(withValue(base, field.path, '__DEEP__')).replace(
            '"__DEEP__"',
            deepArray(2000),
          ),
        });
        if (type === 'string' || type === 'enum') {
          requests.push({
            label: `${label} of 100k chars`,
            body: json(withValue(base, field.path, 'x'.repeat(100_000))),
          });
          requests.push({
            label: `${label} of 60k chars (under the body limit)`,
            body: json(withValue(base, field.path, 'x'.repeat(60_000))),
          });
        }
        if (type === 'number' || type === 'int') {
          for (const number of HUGE_NUMBERS)
            requests.push({
              label: `${label} = ${number}`,
              body: json(withValue(base, field.path, '__NUMBER__')).replace('"__NUMBER__"', number),
            });
        }
        if (type === 'array') {
          requests.push({ label: `${label} empty`, body: json(withValue(base, field.path, [])) });
          requests.push({
            label: `${label} of 5000 entries`,
            body: json(
              withValue(
                base,
                field.path,
                Array.from({ length: 5000 }, () => sample(defOf(innermost(field.schema)).element)),
              ),
            ),
          });
        }
      }
      // Hostile strings in every string field at once: the rest of the sample is wrong anyway
      // (no real item, user, token or key), so the answer must still be a 4xx.
      const stringFields = fields(branch).filter((field) =>
        ['string', 'enum'].includes(baseType(field.schema)),
      );
      // Except where any string is a valid answer by design: passkey login options must look the
      // same for every user ID, known, unknown or hostile (no enumeration, A20).
      const anyString = ANSWERS_ANY_USER_ID.has(name);
      for (const hostile of stringFields.length === 0 || anyString ? [] : HOSTILE_STRINGS) {
        let value = base;
        for (const field of stringFields) value = withValue(value, field.path, hostile);
        requests.push({ label: `hostile strings: ${hostile.slice(0, 30)}`, body: json(value) });
      }
    }
  }

  if (endpoint.idempotencyKey) {
    const body = endpoint.body ? JSON.stringify(sample(endpoint.body)) : undefined;
    for (const key of [
      null,
      '',
      'short',
      'x'.repeat(1000),
      '../../etc/passwd0000',
      'a b c d e f g h i',
    ])
      requests.push({
        label: `Idempotency-Key ${key === null ? 'missing' : JSON.stringify(key.slice(0, 20))}`,
        headers: { 'Idempotency-Key': key },
        ...(body === undefined ? {} : { body }),
      });
  }
  return requests;
}

// ---------------------------------------------------------------------------------------------
// Hosts, a logged-in session, and what "stored data" means on each.

interface Host {
  readonly name: string;
  fetch(request: Request): Promise<Response>;
  readonly mailbox: MemoryMailbox;
  /** Everything the host stores that a request could change. */
  snapshot(token: string): Promise<unknown>;
  close(): Promise<void>;
}

/** The student's own view of what is stored: session, orders, and the account's settings. */
async function studentView(host: Pick<Host, 'fetch' | 'mailbox'>, token: string) {
  const get = async (path: string) => {
    const response = await host.fetch(
      new Request(`${TENANT}${path}`, {
        headers: { Authorization: `Bearer ${token}`, 'Shomei-Session-Mode': 'bearer' },
      }),
    );
    return { status: response.status, body: (await response.json()) as unknown };
  };
  return {
    session: await get('/session'),
    orders: await get('/orders'),
    mails: host.mailbox.all().length,
  };
}

const dirs: string[] = [];

async function sqliteHost(): Promise<Host> {
  const dataDir = mkdtempSync(join(tmpdir(), 'shomei-bad-input-'));
  dirs.push(dataDir);
  const server: ShomeiServer = await createServer(
    {
      port: 0,
      host: '127.0.0.1',
      dataDir,
      publicBaseUrl: BASE,
      sandboxSecret: 'bad-input',
      logLevel: 'silent',
      passwordHashIterations: 1000,
      shutdownTimeoutMs: 1000,
    },
    { clock: () => JUNE_3_10AM },
  );
  const mailbox = server.mailbox as MemoryMailbox;
  // Rate-limit windows, failure counters (a refused login counts, issue 14) and lock rows are
  // bookkeeping every request may touch; the rest is data.
  // So are passkey challenges: asking for options makes one, used once or expiring in minutes.
  const bookkeeping = new Set(['rate_limits', 'attempt_counters', 'locks', 'passkey_challenges']);
  return {
    name: 'server on SQLite',
    fetch: (request) => server.fetch(request),
    mailbox,
    async snapshot(token) {
      const tables = await sql<{
        name: string;
      }>`select name from sqlite_master where type = 'table' and name not like 'kysely_%' and name not like 'sqlite_%' order by name`.execute(
        server.database.db,
      );
      const rows: Record<string, unknown[]> = {};
      for (const { name } of tables.rows) {
        if (bookkeeping.has(name)) continue;
        const result = await sql`select * from ${sql.table(name)}`.execute(server.database.db);
        rows[name] = result.rows.map((row) => JSON.stringify(row)).sort();
      }
      return { rows, view: await studentView({ fetch: server.fetch, mailbox }, token) };
    },
    close: () => server.close(),
  };
}

function mockHost(): Host {
  const mock = createMockService({ clock: JUNE_3_10AM, baseUrl: BASE, logger: quiet });
  const host = {
    fetch: async (request: Request) => mock.app.fetch(request),
    mailbox: mock.mailbox,
  };
  return {
    name: 'mock',
    ...host,
    async snapshot(token) {
      const { store } = mock.service;
      return {
        account: await store.accounts.get('demo', returning.userId),
        authKey: await store.authKeys.get('demo', returning.userId),
        orders: await store.orders.listForTenant('demo'),
        closures: await store.closures.list('demo'),
        view: await studentView(host, token),
      };
    },
    close: async () => undefined,
  };
}

/** The returning student, all the way in (bearer mode); an order so that there is data. */
async function logIn(host: Host): Promise<{ token: string; orderId: string }> {
  const call = async (path: string, body: unknown, token?: string, extra = {}) => {
    const response = await host.fetch(
      new Request(`${TENANT}${path}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Shomei-Client': 'bad-input',
          'Shomei-Session-Mode': 'bearer',
          ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
          ...extra,
        },
        body: JSON.stringify(body),
      }),
    );
    return {
      response,
      body: (await response.json()) as Record<string, unknown>,
      token: response.headers.get('Shomei-Session-Token') ?? token ?? '',
    };
  };
  let step = await call('/session/login', {
    userId: returning.userId,
    password: returning.password,
    secondPassword: returning.secondPassword,
  });
  if (step.body.step === 'auth-key') {
    const authKey = host.mailbox.latest(returning.email, 'auth-key')?.authKey;
    step = await call('/session/auth-key', { authKey }, step.token);
  }
  expect(step.body.step).toBe('authenticated');
  const order = await call(
    '/orders',
    {
      destination: 'konbini',
      lines: [{ itemId: 'transcript-ja', quantity: 1 }],
      expectedTotal: 300,
      acknowledgeNoRefund: true,
    },
    step.token,
    { 'Idempotency-Key': crypto.randomUUID() },
  );
  expect(order.response.status).toBe(201);
  return { token: step.token, orderId: String(order.body.orderId) };
}

function toRequest(
  name: EndpointName,
  bad: BadRequest,
  session: { token: string; orderId: string },
): Request {
  const endpoint: EndpointDefinition = endpoints[name];
  const sampleParams: Record<string, string> = endpoint.params
    ? { ...(sample(endpoint.params) as Record<string, string>), orderId: session.orderId }
    : {};
  const path =
    bad.path ?? endpoint.path.replace(/:(\w+)/g, (_, key: string) => sampleParams[key] ?? 'x');
  const headers = new Headers({
    Accept: 'application/json',
    'Shomei-Client': 'bad-input',
    'Shomei-Session-Mode': 'bearer',
    Authorization: `Bearer ${session.token}`,
  });
  if (bad.body !== undefined) headers.set('Content-Type', 'application/json');
  if (endpoint.idempotencyKey) headers.set('Idempotency-Key', crypto.randomUUID());
  for (const [key, value] of Object.entries(bad.headers ?? {})) {
    if (value === null) headers.delete(key);
    else headers.set(key, value);
  }
  const url = `${TENANT}${path}${bad.query === undefined ? '' : `?${bad.query}`}`;
  return new Request(url, {
    method: bad.method ?? endpoint.method,
    headers,
    ...(bad.body === undefined || endpoint.method === 'GET' ? {} : { body: bad.body as BodyInit }),
  });
}

const NAMES = Object.keys(endpoints) as EndpointName[];

afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe.each([
  { name: 'server on SQLite', start: sqliteHost },
  { name: 'mock', start: async () => mockHost() },
])('X5: bad input on the $name', ({ start }) => {
  let host: Host;
  let session: { token: string; orderId: string };
  beforeAll(async () => {
    host = await start();
    session = await logIn(host);
  });
  afterAll(async () => {
    await host.close();
  });

  it.each(NAMES)(
    'X5: %s answers every malformed, oversized and hostile request with a 4xx error and changes nothing',
    async (name) => {
      const before = await host.snapshot(session.token);
      const requests = badRequests(name);
      expect(requests.length).toBeGreaterThanOrEqual(4);
      const failures: string[] = [];
      for (const bad of requests) {
        const response = await host.fetch(toRequest(name, bad, session));
        const text = await response.text();
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)
          ?.error;
        if (
          response.status < 400 ||
          response.status >= 500 ||
          typeof error?.code !== 'string' ||
          typeof error.message !== 'string' ||
          !(response.headers.get('Content-Type') ?? '').startsWith('application/json')
        ) {
          failures.push(`${bad.label}: ${response.status} ${text.slice(0, 200)}`);
        }
      }
      expect(failures).toEqual([]);
      expect(await host.snapshot(session.token)).toEqual(before);
      // No request polluted a prototype.
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
    },
    60_000,
  );
});
