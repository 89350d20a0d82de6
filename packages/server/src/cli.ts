#!/usr/bin/env -S npx tsx
/**
 * The staff CLI (O6, docs/decisions/0010): talks to the staff API of a running server over HTTP.
 *
 *   npx tsx packages/server/src/cli.ts orders list [--status paid] [--destination mail]
 *   npx tsx packages/server/src/cli.ts orders start <orderId>
 *   npx tsx packages/server/src/cli.ts orders complete <orderId>
 *   npx tsx packages/server/src/cli.ts closures list | add <YYYY-MM-DD> | remove <YYYY-MM-DD>
 *   npx tsx packages/server/src/cli.ts mails list | resend <mailId>
 *   npx tsx packages/server/src/cli.ts students lockouts <userId> | unlock <userId>
 *   npx tsx packages/server/src/cli.ts db backup <file> [--data-dir <dir>]
 *   npx tsx packages/server/src/cli.ts db copy-to-postgres [--data-dir <dir>] [--database-url <url>]
 *
 * The `db` commands work on the database itself, not over HTTP, and need no staff token; they
 * live here, beside the other commands an operator runs, rather than in `shomei-server`, so that
 * the server's bin stays the server (docs/deploy.md). Their code (db/tools.ts) and its drivers
 * are imported only when one runs: every other command needs nothing but Node.
 *
 * Options: `--url` (default `$SHOMEI_URL` or http://localhost:8787), `--tenant` (default
 * `$SHOMEI_TENANT` or demo), `--token` (default `$SHOMEI_STAFF_TOKEN`; prefer the variable, a
 * flag shows in `ps`), `--json` (the API's JSON instead of a table). Also `npm run staff -- …`.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export interface CliIo {
  readonly fetch?: (request: Request) => Promise<Response>;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export const CLI_USAGE = `Usage: staff <command> [options]

Commands:
  orders list [--status <status>] [--destination <destination>]
  orders start <orderId>        mark a mailed order as processing
  orders complete <orderId>     complete it and send 「郵送対応完了」
  closures list
  closures add <YYYY-MM-DD>
  closures remove <YYYY-MM-DD>
  mails list                    mails not delivered yet (retrying, or failed)
  mails resend <mailId>         send a failed mail again
  students lockouts <userId>    what keeps a student from logging in (wrong keys, wrong passwords)
  students unlock <userId>      clear those counts; the next login mails a fresh auth key
  db backup <file>              online backup of the SQLite database (the server may run)
  db copy-to-postgres           copy the SQLite database into an empty PostgreSQL one

Options:
  --url <url>        server origin (env SHOMEI_URL; default http://localhost:8787)
  --tenant <id>      tenant (env SHOMEI_TENANT; default demo)
  --token <token>    staff token (env SHOMEI_STAFF_TOKEN)
  --json             print the API's JSON
  --data-dir <dir>   db: the server's DATA_DIR (env DATA_DIR; default .data)
  --database-url <url>  db copy-to-postgres: the target (env DATABASE_URL)
`;

interface StaffOrder {
  orderId: string;
  userId: string;
  status: string;
  destination: string;
  total: number;
  createdAt: string;
  delivery: { category: string } | null;
  payment: { method: string; status: string } | null;
}

/** Rows as a plain-text table; widths count full-width characters as two columns. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const width = (text: string) =>
    [...text].reduce((sum, char) => sum + (/[\u1100-\uffff]/u.test(char) ? 2 : 1), 0);
  const pad = (text: string, size: number) => text + ' '.repeat(Math.max(0, size - width(text)));
  const sizes = headers.map((header, column) =>
    Math.max(width(header), ...rows.map((row) => width(row[column] ?? ''))),
  );
  return [headers, ...rows]
    .map((row) =>
      row
        .map((cell, column) => pad(cell, sizes[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function ordersTable(orders: readonly StaffOrder[]): string {
  if (orders.length === 0) return '(no orders)';
  return table(
    ['ORDER', 'STATUS', 'DESTINATION', 'STUDENT', 'TOTAL', 'PAYMENT', 'CREATED'],
    orders.map((order) => [
      order.orderId,
      order.status,
      order.delivery === null
        ? order.destination
        : `${order.destination}/${order.delivery.category}`,
      order.userId,
      `¥${order.total.toLocaleString('ja-JP')}`,
      order.payment === null ? '-' : `${order.payment.method} ${order.payment.status}`,
      order.createdAt,
    ]),
  );
}

function closuresTable(view: { configured: string[]; added: string[] }): string {
  const rows = [
    ...view.added.map((date) => [date, 'staff']),
    ...view.configured.map((date) => [date, 'configured']),
  ];
  return table(['DATE', 'SOURCE'], rows);
}

interface StaffMail {
  mailId: string;
  kind: string;
  to: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  nextAttemptAt: string | null;
}

function mailsTable(mails: readonly StaffMail[]): string {
  if (mails.length === 0) return '(every mail was delivered)';
  return table(
    ['MAIL', 'KIND', 'TO', 'STATUS', 'ATTEMPTS', 'NEXT TRY', 'LAST ERROR'],
    mails.map((mail) => [
      mail.mailId,
      mail.kind,
      mail.to,
      mail.status,
      String(mail.attempts),
      mail.nextAttemptAt ?? '-',
      mail.lastError ?? '-',
    ]),
  );
}

/** GET /staff/students/:userId/lockouts (StaffLockoutsView in @shomei/service). */
interface StaffLockouts {
  userId: string;
  locked: boolean;
  authKey: {
    consecutiveWrongKeys: number;
    limit: number;
    exhausted: boolean;
    currentKeyLocked: boolean;
  };
  login: { failures: number; retryAfterSeconds: number; throttledDevices: number };
}

interface StaffUnlock extends StaffLockouts {
  cleared: {
    consecutiveWrongKeys: number;
    lockedAuthKey: boolean;
    loginFailures: number;
    devices: number;
  };
}

function lockoutsTable(view: StaffLockouts): string {
  const { authKey, login } = view;
  const rows = [
    [
      'wrong auth keys in a row',
      `${authKey.consecutiveWrongKeys} of ${authKey.limit}${authKey.exhausted ? ' (login refused)' : ''}`,
    ],
    ['current auth key', authKey.currentKeyLocked ? 'locked (a reissue or an unlock helps)' : '-'],
    [
      'wrong passwords (unknown clients)',
      `${login.failures}${login.retryAfterSeconds > 0 ? ` (next try in ${login.retryAfterSeconds} s)` : ''}`,
    ],
    ["student's browsers waiting", String(login.throttledDevices)],
  ];
  return `${view.userId}: ${view.locked ? 'locked out' : 'not locked'}
${table(['WHAT', 'STATE'], rows)}`;
}

function unlockSummary(result: StaffUnlock): string {
  const { cleared } = result;
  const parts = [
    ...(cleared.consecutiveWrongKeys > 0
      ? [`${cleared.consecutiveWrongKeys} wrong auth keys`]
      : []),
    ...(cleared.lockedAuthKey ? ['the locked auth key'] : []),
    ...(cleared.loginFailures > 0 ? [`${cleared.loginFailures} wrong passwords`] : []),
    ...(cleared.devices > 0 ? [`the wrong passwords of ${cleared.devices} browser(s)`] : []),
  ];
  return `${result.userId}: ${parts.length === 0 ? 'nothing to clear' : `cleared ${parts.join(', ')}`}`;
}

class UsageError extends Error {}

/** `db backup` and `db copy-to-postgres`: the database tools of db/tools.ts. */
async function runDbCommand(
  args: readonly string[],
  options: { dataDir: string; databaseUrl: string | undefined; json: boolean },
): Promise<string> {
  const [action, argument, ...rest] = args;
  if (rest.length > 0) throw new UsageError(`unexpected arguments: ${rest.join(' ')}`);
  // Imported here: the tools load kysely and the database drivers.
  const [{ backupSqlite, copySqliteToPostgres }, { sqliteFile }] = await Promise.all([
    import('./db/tools.js'),
    import('./config.js'),
  ]);
  const file = sqliteFile(options);
  const counts = (tables: Record<string, number>) =>
    table(
      ['TABLE', 'ROWS'],
      Object.entries(tables).map(([name, count]) => [name, String(count)]),
    );
  if (action === 'backup') {
    if (argument === undefined) throw new UsageError('db backup needs a file to write');
    const report = await backupSqlite(file, argument);
    return rendered(options.json, report, () =>
      [
        `backed up ${file} to ${report.file} (schema ${report.migrations.at(-1) ?? 'empty'})`,
        counts(report.tables),
      ].join('\n'),
    );
  }
  if (action === 'copy-to-postgres') {
    if (argument !== undefined) throw new UsageError(`unexpected argument: ${argument}`);
    if (options.databaseUrl === undefined || options.databaseUrl === '')
      throw new UsageError('db copy-to-postgres needs --database-url or DATABASE_URL');
    const report = await copySqliteToPostgres(file, options.databaseUrl);
    return rendered(options.json, report, () =>
      [`copied ${file} into PostgreSQL`, counts(report.tables)].join('\n'),
    );
  }
  throw new UsageError(`unknown command: db ${args.join(' ')}`);
}

const rendered = (json: boolean, report: unknown, text: () => string): string =>
  `${json ? JSON.stringify(report, null, 2) : text()}\n`;

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const env = io.env ?? process.env;
  const fetchImpl = io.fetch ?? ((request: Request) => fetch(request));
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        url: { type: 'string' },
        tenant: { type: 'string' },
        token: { type: 'string' },
        json: { type: 'boolean', default: false },
        status: { type: 'string' },
        destination: { type: 'string' },
        'data-dir': { type: 'string' },
        'database-url': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n\n${CLI_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) {
    (values.help ? io.stdout : io.stderr)(CLI_USAGE);
    return values.help ? 0 : 2;
  }
  const base = (values.url ?? env.SHOMEI_URL ?? 'http://localhost:8787').replace(/\/+$/, '');
  const tenant = values.tenant ?? env.SHOMEI_TENANT ?? 'demo';
  const token = values.token ?? env.SHOMEI_STAFF_TOKEN;

  const call = async (method: string, path: string, query?: URLSearchParams) => {
    const url = new URL(`${base}/t/${encodeURIComponent(tenant)}/staff${path}`);
    if (query !== undefined) url.search = query.toString();
    const response = await fetchImpl(
      new Request(url, {
        method,
        headers: { Authorization: `Bearer ${token ?? ''}`, Accept: 'application/json' },
      }),
    );
    const body: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
      throw new Error(
        `${response.status} ${error?.code ?? 'error'}: ${error?.message ?? 'no details'}`,
      );
    }
    return body;
  };

  try {
    if (positionals[0] === 'db') {
      io.stdout(
        await runDbCommand(positionals.slice(1), {
          dataDir: values['data-dir'] ?? (env.DATA_DIR || '.data'),
          databaseUrl: values['database-url'] ?? env.DATABASE_URL,
          json: values.json,
        }),
      );
      return 0;
    }
    if (token === undefined || token === '')
      throw new UsageError('no staff token: set SHOMEI_STAFF_TOKEN or pass --token');
    const [group, action, argument, ...rest] = positionals;
    if (rest.length > 0) throw new UsageError(`unexpected arguments: ${rest.join(' ')}`);
    const needs = (what: string) => {
      if (argument === undefined) throw new UsageError(`${group} ${action} needs ${what}`);
      return argument;
    };
    let output: string;
    if (group === 'orders' && action === 'list') {
      if (argument !== undefined) throw new UsageError(`unexpected argument: ${argument}`);
      const query = new URLSearchParams();
      if (values.status !== undefined) query.set('status', values.status);
      if (values.destination !== undefined) query.set('destination', values.destination);
      const body = (await call('GET', '/orders', query)) as { orders: StaffOrder[] };
      output = values.json ? JSON.stringify(body, null, 2) : ordersTable(body.orders);
    } else if (group === 'orders' && (action === 'start' || action === 'complete')) {
      const orderId = needs('an order ID');
      const verb = action === 'start' ? 'start-processing' : 'complete';
      const order = (await call(
        'POST',
        `/orders/${encodeURIComponent(orderId)}/${verb}`,
      )) as StaffOrder;
      output = values.json
        ? JSON.stringify(order, null, 2)
        : `${order.orderId}: ${order.status}${action === 'complete' ? ' (郵送対応完了 sent)' : ''}`;
    } else if (group === 'closures' && action === 'list') {
      const view = (await call('GET', '/closures')) as { configured: string[]; added: string[] };
      output = values.json ? JSON.stringify(view, null, 2) : closuresTable(view);
    } else if (group === 'closures' && (action === 'add' || action === 'remove')) {
      const date = needs('a date (YYYY-MM-DD)');
      const view = (await call(
        action === 'add' ? 'PUT' : 'DELETE',
        `/closures/${encodeURIComponent(date)}`,
      )) as { configured: string[]; added: string[] };
      output = values.json
        ? JSON.stringify(view, null, 2)
        : `${action === 'add' ? 'added' : 'removed'} ${date}\n${closuresTable(view)}`;
    } else if (group === 'mails' && action === 'list') {
      if (argument !== undefined) throw new UsageError(`unexpected argument: ${argument}`);
      const body = (await call('GET', '/mails')) as { mails: StaffMail[] };
      output = values.json ? JSON.stringify(body, null, 2) : mailsTable(body.mails);
    } else if (group === 'mails' && action === 'resend') {
      const mailId = needs('a mail ID');
      const mail = (await call('POST', `/mails/${encodeURIComponent(mailId)}/resend`)) as StaffMail;
      output = values.json
        ? JSON.stringify(mail, null, 2)
        : `${mail.mailId}: ${mail.status === 'sent' ? 'sent' : `not sent yet (${mail.status}: ${mail.lastError ?? 'no answer'})`}`;
    } else if (group === 'students' && (action === 'lockouts' || action === 'unlock')) {
      const userId = needs('a user ID');
      const path = `/students/${encodeURIComponent(userId)}/${action}`;
      if (action === 'lockouts') {
        const view = (await call('GET', path)) as StaffLockouts;
        output = values.json ? JSON.stringify(view, null, 2) : lockoutsTable(view);
      } else {
        const result = (await call('POST', path)) as StaffUnlock;
        output = values.json ? JSON.stringify(result, null, 2) : unlockSummary(result);
      }
    } else {
      throw new UsageError(`unknown command: ${positionals.join(' ')}`);
    }
    io.stdout(`${output}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n\n${CLI_USAGE}`);
      return 2;
    }
    const cause =
      error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
    io.stderr(`error: ${error instanceof Error ? error.message : String(error)}${cause}\n`);
    return 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}
