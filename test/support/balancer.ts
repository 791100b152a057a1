import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A load balancer in front of several instances: each request goes to one of `targets` at random. */
export interface Balancer {
  readonly url: string;
  /** Where requests may go; add each instance's URL once it listens. */
  readonly targets: string[];
  /** How many requests went to each target. */
  readonly hits: ReadonlyMap<string, number>;
  close(): Promise<void>;
}

/** Starts a balancer on loopback that forwards POSTs (Telegram's webhook calls) with the secret header; a target that refuses connections is dropped. */
export async function startBalancer(): Promise<Balancer> {
  const targets: string[] = [];
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const secret = String(req.headers['x-telegram-bot-api-secret-token'] ?? '');
      const body = Buffer.concat(chunks);
      // Like nginx's proxy_next_upstream: a target that refuses the connection is taken out
      // and the request goes to another; only when none is left does the caller get a 502.
      const attempt = (): void => {
        const target = targets[Math.floor(Math.random() * targets.length)];
        if (target === undefined) {
          res.writeHead(502);
          res.end();
          return;
        }
        hits.set(target, (hits.get(target) ?? 0) + 1);
        void fetch(`${target}${req.url ?? ''}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret }, body })
          .then(async (r) => {
            res.writeHead(r.status);
            res.end(await r.text());
          })
          .catch(() => {
            const index = targets.indexOf(target);
            if (index >= 0) targets.splice(index, 1);
            attempt();
          });
      };
      attempt();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    targets,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
