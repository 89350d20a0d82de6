/**
 * The flood of `npm run bench:server` (scripts/bench-server.ts): `clients` clients posting
 * logins of unknown user IDs without pause, each login from a new client address, for
 * `durationMs`. A process of its own, so that its thousands of requests do not share an event
 * loop with the requests being measured (which would time the load generator, not the server).
 *
 * Over the IPC channel of `fork`: sends `ready`; on `go` floods, then sends `done` with the
 * answers by status and their latencies, and exits when the parent disconnects. Settings: JSON in SHOMEI_BENCH_FLOOD.
 */

export interface FloodSettings {
  /** The tenant's API base, e.g. `http://127.0.0.1:1234/t/demo`. */
  readonly api: string;
  /** The header the server reads the client address from (CLIENT_IP_HEADER). */
  readonly ipHeader: string;
  readonly clients: number;
  readonly durationMs: number;
}

export type FloodMessage =
  | { type: 'ready' }
  | {
      type: 'done';
      /** Answers by HTTP status, or `failed (<code>)` when no answer came. */
      statuses: Record<string, number>;
      latencies: number[];
    };

const send = (message: FloodMessage) => process.send?.(message);

async function flood({ api, ipHeader, clients, durationMs }: FloodSettings): Promise<void> {
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  let serial = 0;
  const started = performance.now();
  const client = async () => {
    while (performance.now() - started < durationMs) {
      serial += 1;
      const n = serial;
      // Each login a new user ID (the per-account throttle never answers before the hash) from
      // a new address (nor the per-IP limit); with a second password, so the decoy hash of the
      // second password runs at the tenant's cost, as for a real account.
      const address = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
      let status: string;
      const sent = performance.now();
      try {
        const response = await fetch(`${api}/session/login`, {
          method: 'POST',
          headers: {
            'Shomei-Client': 'bench',
            'Content-Type': 'application/json',
            [ipHeader]: address,
          },
          body: JSON.stringify({
            userId: `nobody${String(n).padStart(6, '0')}`,
            password: 'Not-the-password-1',
            secondPassword: 'Not-the-second-1',
          }),
        });
        await response.arrayBuffer();
        latencies.push(performance.now() - sent);
        status = String(response.status);
      } catch (error) {
        const { cause, message } = error as Error & { cause?: { code?: string } };
        status = `failed (${cause?.code ?? message})`;
      }
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  send({ type: 'done', statuses, latencies });
}

const settings = JSON.parse(process.env.SHOMEI_BENCH_FLOOD ?? '{}') as FloodSettings;
process.once('message', (message: { type: 'go' }) => {
  if (message.type === 'go')
    flood(settings).catch((error: unknown) => {
      console.error('the flood failed:', error);
      process.exit(1);
    });
});
// The parent disconnects once it has the figures; keep-alive sockets must not keep us.
process.once('disconnect', () => process.exit(0));
send({ type: 'ready' });
