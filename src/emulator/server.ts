/**
 * Serves an emulator over real HTTP on loopback, with a socket-level outage switch.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Emulator } from './emulator.ts';

/** Options of `startEmulatorServer`. */
export interface EmulatorServerOptions {
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Port; 0 (default) picks a free one. */
  port?: number;
}

/** A running emulator server. */
export interface EmulatorServer {
  /** Base URL without trailing slash, usable as grammY's `apiRoot`. */
  url: string;
  /** Stops the emulator (webhook delivery, long polls) and the server, dropping open connections. */
  close(): Promise<void>;
}

const BOT_API_PATH = /^\/(file\/)?bot[^/]*\//;

/**
 * Starts an HTTP server for `emulator.app`. While `emulator.setOffline(true)` is on,
 * Bot API requests get their connection destroyed without an answer, like an outage.
 *
 * @example
 * const server = await startEmulatorServer(emulator);
 * const api = new Api(emulator.token, { apiRoot: server.url });
 */
export async function startEmulatorServer(
  emulator: Emulator,
  options: EmulatorServerOptions = {},
): Promise<EmulatorServer> {
  const host = options.host ?? '127.0.0.1';
  const listener = getRequestListener(emulator.app.fetch);
  const sockets = new Set<Socket>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (emulator.offline && BOT_API_PATH.test(req.url ?? '')) {
      req.socket.destroy();
      return;
    }
    void listener(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${hostPart}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        emulator.close();
        server.close((error) => (error ? reject(error) : resolve()));
        for (const socket of sockets) socket.destroy();
      }),
  };
}
