/**
 * A real SMTP relay for tests (the `smtp-server` package on a free loopback port) whose
 * behaviour the test sets: accept, refuse for now (451), refuse for good (550), stall (accept the
 * connection and never greet), or be down (every connection is cut at once). It keeps what it
 * accepted, parsed, and lets a test wait for a mail instead of sleeping.
 *
 * The relay's port is held by a small TCP front for its whole life: a closed port could be taken
 * by another process (an outgoing connection's ephemeral port) before the relay comes back.
 */
import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type RelayMode = 'accept' | 'refuse-transient' | 'refuse-permanent' | 'stall' | 'down';

export interface RelayedMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** The `X-Shomei-Mail-Kind` header. */
  readonly kind: string;
  readonly messageId: string;
}

export interface TestRelay {
  /** `smtp://127.0.0.1:<port>`, the same in every mode. */
  readonly url: string;
  readonly port: number;
  mode(): RelayMode;
  setMode(mode: RelayMode): Promise<void>;
  /** Mails accepted so far, oldest first. */
  readonly received: RelayedMail[];
  /** Resolves when `count` mails have been accepted in all. */
  waitForMails(count: number): Promise<RelayedMail[]>;
  /** Connections made so far (a stalled one counts). */
  connections(): number;
  close(): Promise<void>;
}

export async function startTestRelay(initial: RelayMode = 'accept'): Promise<TestRelay> {
  let current: RelayMode = initial;
  let connectionCount = 0;
  const received: RelayedMail[] = [];
  const waiters: { count: number; resolve: (mails: RelayedMail[]) => void }[] = [];

  const notify = () => {
    for (const waiter of [...waiters]) {
      if (received.length >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve([...received]);
      }
    }
  };

  const makeServer = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      // Greeting is sent only after onConnect answers: a stalled relay never answers.
      onConnect(session, callback) {
        connectionCount += 1;
        if (current === 'stall') return;
        callback();
      },
      onRcptTo(address, _session, callback) {
        if (current === 'refuse-transient') {
          const error = Object.assign(new Error('mailbox busy, try later'), { responseCode: 451 });
          callback(error);
        } else if (current === 'refuse-permanent') {
          const error = Object.assign(new Error(`no such user <${address.address}>`), {
            responseCode: 550,
          });
          callback(error);
        } else {
          callback();
        }
      },
      onData(stream, _session, callback) {
        simpleParser(stream).then(
          (parsed) => {
            const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
            received.push({
              to: to?.value[0]?.address ?? '',
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              kind: String(parsed.headers.get('x-shomei-mail-kind') ?? ''),
              messageId: parsed.messageId ?? '',
            });
            callback();
            notify();
          },
          (error: Error) => callback(error),
        );
      },
    });

  const smtp = makeServer();
  smtp.listen(0, '127.0.0.1');
  await once(smtp.server, 'listening');
  const innerPort = (smtp.server.address() as { port: number }).port;

  const sockets = new Set<Socket>();
  const keep = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const front = createServer((client) => {
    keep(client);
    if (current === 'down') {
      client.resetAndDestroy();
      return;
    }
    const inner = connect(innerPort, '127.0.0.1');
    keep(inner);
    client.pipe(inner).pipe(client);
    client.on('close', () => inner.destroy());
    inner.on('close', () => client.destroy());
  });
  front.listen(0, '127.0.0.1');
  await once(front, 'listening');
  const port = (front.address() as { port: number }).port;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    mode: () => current,
    async setMode(mode) {
      current = mode;
      // Down: what was open is cut too, as when a relay dies.
      if (mode === 'down') for (const socket of sockets) socket.destroy();
    },
    waitForMails(count) {
      if (received.length >= count) return Promise.resolve([...received]);
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    connections: () => connectionCount,
    async close() {
      for (const socket of sockets) socket.destroy();
      await Promise.all([
        new Promise<void>((resolve) => front.close(() => resolve())),
        new Promise<void>((resolve) => smtp.close(() => resolve())),
      ]);
    },
  };
}
