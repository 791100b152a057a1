import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from './emulator.ts';
import { startEmulatorServer, type EmulatorServer } from './server.ts';

let emulator: Emulator;
let server: EmulatorServer;
let base: string;
let clientId: number;

beforeEach(async () => {
  emulator = createEmulator({ webhookRetryBaseMs: 20 });
  server = await startEmulatorServer(emulator);
  base = `${server.url}/bot${emulator.token}`;
  clientId = emulator.createUser({ firstName: 'Ann' }).id;
  emulator.userSendMessage({ userId: clientId, text: '/start' });
});

afterEach(async () => {
  await server.close();
});

describe('request formats', () => {
  it('accepts GET query strings and case-insensitive method names', async () => {
    const response = await fetch(`${base}/SENDMESSAGE?chat_id=${clientId}&text=hi`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { ok: boolean; result: { text: string; chat: { id: number } } };
    expect(body.ok).toBe(true);
    expect(body.result.text).toBe('hi');
    expect(body.result.chat.id).toBe(clientId);
    expect(emulator.calls.get('sendMessage')).toBe(1);
  });

  it('answers unknown methods with 404 Not Found', async () => {
    const response = await fetch(`${base}/sendTelepathy`, { method: 'POST' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found' });
  });

  it('accepts form-urlencoded bodies with JSON-encoded reply_markup and keeps numeric text as text', async () => {
    const form = new URLSearchParams({
      chat_id: String(clientId),
      text: '0042',
      reply_markup: JSON.stringify({ inline_keyboard: [[{ text: 'OK', callback_data: 'ok' }]] }),
    });
    const response = await fetch(`${base}/sendMessage`, { method: 'POST', body: form });
    const body = (await response.json()) as { result: { text: string; reply_markup: unknown } };
    expect(body.result.text).toBe('0042');
    expect(body.result.reply_markup).toEqual({ inline_keyboard: [[{ text: 'OK', callback_data: 'ok' }]] });
  });

  it('accepts multipart bodies with a directly named file part', async () => {
    const form = new FormData();
    form.set('chat_id', String(clientId));
    form.set('caption', 'intake form');
    form.set('document', new Blob([new Uint8Array([9, 8, 7])], { type: 'application/pdf' }), 'intake.pdf');
    const response = await fetch(`${base}/sendDocument`, { method: 'POST', body: form });
    const body = (await response.json()) as { ok: boolean; result: { caption: string; document: { file_id: string; file_name: string; mime_type: string } } };
    expect(body.ok).toBe(true);
    expect(body.result.caption).toBe('intake form');
    expect(body.result.document).toMatchObject({ file_name: 'intake.pdf', mime_type: 'application/pdf' });
    expect(emulator.file(body.result.document.file_id)?.bytes).toEqual(new Uint8Array([9, 8, 7]));
  });

  it('rejects a body that is not JSON', async () => {
    const response = await fetch(`${base}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { description: string }).description).toBe("Bad Request: can't parse JSON object");
  });
});

describe('webhook', () => {
  it('delivers updates in order with the secret header, retrying after failures', async () => {
    const received: Array<{ secret: string | undefined; updateId: number; text: string }> = [];
    let failuresLeft = 2;
    const hook = createServer((req: IncomingMessage, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      req.on('end', () => {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          res.writeHead(500).end();
          return;
        }
        const update = JSON.parse(raw) as { update_id: number; message: { text: string } };
        const secret = req.headers['x-telegram-bot-api-secret-token'];
        received.push({ secret: typeof secret === 'string' ? secret : undefined, updateId: update.update_id, text: update.message.text });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
      const set = await fetch(`${base}/setWebhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url, secret_token: 'hook-secret_1', drop_pending_updates: true }),
      });
      expect(((await set.json()) as { result: boolean }).result).toBe(true);

      const conflict = await fetch(`${base}/getUpdates`);
      expect(conflict.status).toBe(409);

      for (const text of ['a', 'b', 'c']) emulator.userSendMessage({ userId: clientId, text });
      const deadline = Date.now() + 5000;
      while (received.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(received.map((r) => r.text)).toEqual(['a', 'b', 'c']);
      expect(received.every((r) => r.secret === 'hook-secret_1')).toBe(true);
      expect(received.map((r) => r.updateId)).toEqual([...received.map((r) => r.updateId)].sort((x, y) => x - y));

      const info = (await (await fetch(`${base}/getWebhookInfo`)).json()) as { result: { url: string; pending_update_count: number; last_error_message?: string } };
      expect(info.result.url).toBe(url);
      expect(info.result.pending_update_count).toBe(0);
      expect(info.result.last_error_message).toMatch(/500/);

      await fetch(`${base}/deleteWebhook`);
      emulator.userSendMessage({ userId: clientId, text: 'after' });
      const polled = (await (await fetch(`${base}/getUpdates`)).json()) as { result: Array<{ message: { text: string } }> };
      expect(polled.result.map((u) => u.message.text)).toEqual(['after']);
    } finally {
      await new Promise<void>((resolve) => hook.close(() => resolve()));
    }
  });
});

describe('raw updates', () => {
  it('queues malformed updates with the next update_id', async () => {
    const injected = emulator.injectRawUpdate({ update_id: 5, message: { text: 'no chat' } });
    const body = (await (await fetch(`${base}/getUpdates`)).json()) as { result: Array<Record<string, unknown>> };
    const last = body.result.at(-1);
    expect(last).toEqual({ update_id: injected.update_id, message: { text: 'no chat' } });
    expect(injected.update_id).toBeGreaterThan(1);
  });
});
