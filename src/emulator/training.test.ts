import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { Api } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from './emulator.ts';
import { startEmulatorServer, type EmulatorServer } from './server.ts';
import { createTrainingRoutes } from './training/routes.ts';

let emulator: Emulator;
let botServer: EmulatorServer;
let api: Api;
let pageUrl: string;
let closePage: () => Promise<void>;
let clientId: number;
let workerId: number;
let staffChatId: number;

beforeEach(async () => {
  emulator = createEmulator();
  botServer = await startEmulatorServer(emulator);
  api = new Api(emulator.token, { apiRoot: botServer.url });
  clientId = emulator.createUser({ firstName: 'Client' }).id;
  workerId = emulator.createUser({ firstName: 'Worker' }).id;
  staffChatId = emulator.createForumGroup({ title: 'Staff', adminUserIds: [workerId] }).id;

  const main = new Hono();
  main.route('/training', createTrainingRoutes(emulator, { clientUserId: clientId, staffChatId, workerUserId: workerId, botId: emulator.bot.id }));
  const server = createServer(getRequestListener(main.fetch));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/training`;
  closePage = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
});

afterEach(async () => {
  await closePage();
  await botServer.close();
});

interface TrainingState {
  version: number;
  locale: string;
  strings: Record<string, string>;
  client: { messages: Array<{ id: number; fromBot: boolean; text?: string; media?: string; buttons?: Array<Array<{ text: string; data?: string }>> }>; replyKeyboard: Array<Array<{ text: string }>> | null; answer: string | null };
  staff: { topics: Array<{ threadId: number | null; name: string; lastMessageId: number }>; selected: number | null; messages: Array<{ id: number; fromBot: boolean; text?: string; service?: string }>; answer: string | null };
}

async function state(query = ''): Promise<TrainingState> {
  const response = await fetch(`${pageUrl}/api/state${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as TrainingState;
}

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${pageUrl}/api/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('training page', () => {
  it('serves the page with stable test ids, a strict CSP and no inline code', async () => {
    const response = await fetch(pageUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe("default-src 'self'");
    const html = await response.text();
    expect(html).toContain('Training mode — nothing leaves this computer');
    for (const id of ['client-input', 'client-send', 'client-messages', 'staff-topics', 'staff-messages', 'staff-input', 'staff-send']) {
      expect(html).toContain(`data-testid="${id}"`);
    }
    expect(html).not.toMatch(/<script>|<script [^>]*>[^<]+<\/script>|<style|style=/);
    expect(html).toContain('src="/training/app.js"');

    const script = await fetch(`${pageUrl}/app.js`);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    const code = await script.text();
    expect(code).toContain("'inline-button'");
    expect(code).not.toMatch(/innerHTML|insertAdjacentHTML|document\.write/);
    expect((await fetch(`${pageUrl}/app.css`)).headers.get('content-type')).toMatch(/text\/css/);
  });

  it('speaks Russian on ?lang=ru or Accept-Language: ru', async () => {
    expect(await (await fetch(`${pageUrl}?lang=ru`)).text()).toContain('Режим тренировки');
    const byHeader = await fetch(pageUrl, { headers: { 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.5' } });
    expect(await byHeader.text()).toContain('<html lang="ru">');
    expect((await state('?lang=ru')).strings['general']).toBe('Общее');
  });

  it('sending as the client queues an update, and the bot reply shows up in state', async () => {
    const response = await post('client/send', { text: 'hello, I need help' });
    expect(response.status).toBe(200);
    const [update] = await api.getUpdates();
    expect(update?.message).toMatchObject({ text: 'hello, I need help', from: { id: clientId } });

    await api.sendMessage(clientId, 'We are here. Is it urgent?', {
      reply_markup: { inline_keyboard: [[{ text: 'Urgent', callback_data: 'urgent' }]] },
    });
    const current = await state();
    expect(current.client.messages.map((m) => [m.fromBot, m.text])).toEqual([
      [false, 'hello, I need help'],
      [true, 'We are here. Is it urgent?'],
    ]);
    const botMessage = current.client.messages[1];
    expect(botMessage?.buttons).toEqual([[{ text: 'Urgent', data: 'urgent' }]]);

    const pressed = await post('press', { side: 'client', messageId: botMessage?.id, data: 'urgent' });
    expect(pressed.status).toBe(200);
    const updates = await api.getUpdates({ offset: (update?.update_id ?? 0) + 1 });
    const query = updates[0]?.callback_query;
    expect(query?.data).toBe('urgent');
    await api.answerCallbackQuery(query?.id ?? '', { text: 'Connecting you' });
    expect((await state()).client.answer).toBe('Connecting you');
  });

  it('shows topics newest first and lets the worker post into the selected one', async () => {
    const older = await api.createForumTopic(staffChatId, 'Case A');
    const newer = await api.createForumTopic(staffChatId, 'Case B');
    let current = await state();
    expect(current.staff.topics.map((t) => t.name)).toEqual(['General', 'Case B', 'Case A']);

    await api.sendMessage(staffChatId, 'Client asks again', { message_thread_id: older.message_thread_id });
    current = await state();
    expect(current.staff.topics.map((t) => t.name).slice(1)).toEqual(['Case A', 'Case B']);

    const sent = await post('staff/send', { text: 'I take it', threadId: older.message_thread_id });
    expect(sent.status).toBe(200);
    current = await state(`?thread=${older.message_thread_id}`);
    expect(current.staff.selected).toBe(older.message_thread_id);
    expect(current.staff.messages.map((m) => m.service ?? m.text)).toEqual(['Topic created: Case A', 'Client asks again', 'I take it']);
    const [update] = await api.getUpdates();
    expect(update?.message).toMatchObject({ text: 'I take it', message_thread_id: older.message_thread_id });
    expect(newer.message_thread_id).not.toBe(older.message_thread_id);
  });

  it('sends sample media as the client and rejects bad requests', async () => {
    expect((await post('client/sample', { kind: 'voice' })).status).toBe(200);
    expect((await state()).client.messages[0]?.media).toBe('🎤 Voice message (7 s)');
    expect((await post('client/sample', { kind: 'exploit' })).status).toBe(400);
    const form = await fetch(`${pageUrl}/api/client/send`, { method: 'POST', body: new URLSearchParams({ text: 'x' }) });
    expect(form.status).toBe(400);
    const stale = await post('press', { side: 'client', messageId: 999, data: 'x' });
    expect(stale.status).toBe(400);
  });

  it('pushes a change event over SSE when a chat changes, and resets', async () => {
    const controller = new AbortController();
    const response = await fetch(`${pageUrl}/api/events`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = response.body?.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const readUntil = async (pattern: RegExp): Promise<void> => {
      while (!pattern.test(buffer)) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) throw new Error('stream ended');
        buffer += decoder.decode(chunk.value);
      }
    };
    await readUntil(/event: change\ndata: 0/);
    await post('client/send', { text: 'ping' });
    await readUntil(/event: change\ndata: [1-9]/);
    controller.abort();

    expect((await post('reset', {})).status).toBe(200);
    expect((await state()).client.messages).toEqual([]);
  });
});
