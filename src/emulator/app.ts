/**
 * The emulator's HTTP face: `/bot<token>/<method>` for Bot API calls and
 * `/file/bot<token>/<file_path>` for downloads, answered exactly like api.telegram.org.
 */
import { Hono } from 'hono';
import { BotApiError } from './errors.ts';
import { readParams } from './body.ts';
import { placeholderBytes } from './files.ts';
import type { FileRecord } from './types.ts';

/**
 * What the HTTP face needs of an emulator: declared here, so the emulator builds its app
 * without the two files importing each other.
 */
export interface BotApiBackend {
  readonly offline: boolean;
  readonly tokens: readonly string[];
  fileByPath(path: string): Readonly<FileRecord> | undefined;
  call(token: string, method: string, params: Record<string, unknown>, signal?: AbortSignal): Promise<{ status: number; body: unknown }>;
}

function jsonResponse(status: number, body: unknown): Response {
  // A fresh headers object each time: @hono/node-server writes content-length into the
  // object it is given, so a shared one would send a stale length on keep-alive reuse.
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function errorResponse(errorCode: number, description: string): Response {
  return jsonResponse(errorCode, { ok: false, error_code: errorCode, description });
}

/** Builds the Hono app for an emulator (also available as `emulator.app`). */
export function createEmulatorApp(emulator: BotApiBackend): Hono {
  const app = new Hono();

  app.get('/file/:botToken/:path{.+}', (c) => {
    if (emulator.offline) return c.text('Bad Gateway', 502);
    const botToken = c.req.param('botToken');
    if (!botToken.startsWith('bot') || !emulator.tokens.includes(botToken.slice(3))) {
      return errorResponse(401, 'Unauthorized');
    }
    const file = emulator.fileByPath(c.req.param('path'));
    if (!file) return errorResponse(404, 'Not Found');
    const bytes = file.bytes ?? placeholderBytes(file);
    return new Response(new Uint8Array(bytes), {
      status: 200,
      headers: { 'content-type': file.mimeType, 'content-length': String(bytes.byteLength) },
    });
  });

  app.all('/:botToken/:method', async (c) => {
    if (emulator.offline) return c.text('Bad Gateway', 502);
    const botToken = c.req.param('botToken');
    if (!botToken.startsWith('bot')) return errorResponse(404, 'Not Found');
    let params: Record<string, unknown>;
    try {
      params = await readParams(c.req.raw);
    } catch (error) {
      if (error instanceof BotApiError) return errorResponse(error.errorCode, error.description);
      throw error;
    }
    const response = await emulator.call(botToken.slice(3), c.req.param('method'), params, c.req.raw.signal);
    return jsonResponse(response.status, response.body);
  });

  app.notFound(() => errorResponse(404, 'Not Found'));
  app.onError(() => errorResponse(500, 'Internal Server Error'));
  return app;
}
