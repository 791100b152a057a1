import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Api, GrammyError, HttpError } from 'grammy';
import { createEmulator, type Emulator } from './emulator.ts';
import { startEmulatorServer, type EmulatorServer } from './server.ts';

let emulator: Emulator;
let server: EmulatorServer;
let api: Api;

beforeEach(async () => {
  emulator = createEmulator();
  server = await startEmulatorServer(emulator);
  api = new Api(emulator.token, { apiRoot: server.url });
});

afterEach(async () => {
  await server.close();
});

async function expectGrammyError(promise: Promise<unknown>): Promise<GrammyError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GrammyError);
  return error as GrammyError;
}

describe('identity and authentication', () => {
  it('getMe returns the bot named by the token', async () => {
    const me = await api.getMe();
    expect(me.id).toBe(7000000001);
    expect(me.is_bot).toBe(true);
    expect(me.username).toBe('netreach_training_bot');
    expect(me.can_read_all_group_messages).toBe(false);
  });

  it('rejects an unknown token with 401 Unauthorized', async () => {
    const stranger = new Api('7000000001:wrong-secret', { apiRoot: server.url });
    const error = await expectGrammyError(stranger.getMe());
    expect(error.error_code).toBe(401);
    expect(error.description).toBe('Unauthorized');
  });

  it('accepts alias tokens of the same bot and refuses tokens of different bots', () => {
    expect(() => createEmulator({ tokens: ['1:a', '2:b'] })).toThrow(/same bot id/);
    expect(createEmulator({ tokens: ['42:a', '42:b'] }).bot.id).toBe(42);
  });
});

describe('getUpdates', () => {
  it('confirms updates below offset and honours limit', async () => {
    const client = emulator.createUser({ firstName: 'Ann' });
    for (const text of ['one', 'two', 'three']) emulator.userSendMessage({ userId: client.id, text });

    const first = await api.getUpdates({ limit: 2 });
    expect(first.map((u) => u.message?.text)).toEqual(['one', 'two']);
    const again = await api.getUpdates({ limit: 2 });
    expect(again.map((u) => u.update_id)).toEqual(first.map((u) => u.update_id));

    const lastId = first.at(-1)?.update_id ?? 0;
    const rest = await api.getUpdates({ offset: lastId + 1 });
    expect(rest.map((u) => u.message?.text)).toEqual(['three']);
    expect(emulator.pendingUpdateCount()).toBe(1);
  });

  it('long polling returns as soon as a user writes', async () => {
    const client = emulator.createUser({ firstName: 'Ann' });
    const started = Date.now();
    const poll = api.getUpdates({ timeout: 10 });
    setTimeout(() => emulator.userSendMessage({ userId: client.id, text: 'hello' }), 150);
    const updates = await poll;
    expect(Date.now() - started).toBeLessThan(3000);
    expect(updates).toHaveLength(1);
    expect(updates[0]?.message?.text).toBe('hello');
    expect(updates[0]?.message?.chat).toEqual({ id: client.id, type: 'private', first_name: 'Ann' });
  });

  it('long polling with nothing to deliver waits for the timeout and returns []', async () => {
    const started = Date.now();
    const updates = await api.getUpdates({ timeout: 1 });
    expect(updates).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('marks commands with bot_command entities so grammY command handlers match', async () => {
    const client = emulator.createUser({ firstName: 'Ann' });
    emulator.userSendMessage({ userId: client.id, text: '/start abc' });
    const [update] = await api.getUpdates();
    expect(update?.message?.entities).toEqual([{ type: 'bot_command', offset: 0, length: 6 }]);
    expect(emulator.userState(client.id).startedBot).toBe(true);
  });

  it('drops update types outside allowed_updates', async () => {
    const client = emulator.createUser({ firstName: 'Ann' });
    await api.getUpdates({ allowed_updates: ['callback_query'] });
    emulator.userSendMessage({ userId: client.id, text: 'ignored' });
    expect(await api.getUpdates()).toEqual([]);
  });
});

describe('sending', () => {
  it('sends into a private chat of a user who started the bot', async () => {
    const client = emulator.createUser({ firstName: 'Ann' });
    emulator.userSendMessage({ userId: client.id, text: '/start' });
    const sent = await api.sendMessage(client.id, '  <b>Hello</b> &amp; welcome  ', {
      parse_mode: 'HTML',
      reply_markup: { inline_keyboard: [[{ text: 'Yes', callback_data: 'consent:yes' }]] },
    });
    expect(sent.text).toBe('Hello & welcome');
    expect(sent.entities).toEqual([{ type: 'bold', offset: 0, length: 5 }]);
    expect(sent.message_id).toBe(2);
    expect(sent.from?.id).toBe(emulator.bot.id);
    expect(sent.reply_markup?.inline_keyboard[0]?.[0]?.text).toBe('Yes');
    expect(emulator.history(client.id).map((m) => m.text)).toEqual(['/start', 'Hello & welcome']);
  });

  it('refuses users who never started the bot (403) and users who blocked it (403)', async () => {
    const stranger = emulator.createUser({ firstName: 'Stranger' });
    const error = await expectGrammyError(api.sendMessage(stranger.id, 'hi'));
    expect(error.error_code).toBe(403);
    expect(error.description).toBe("Forbidden: bot can't initiate conversation with a user");

    const client = emulator.createUser({ firstName: 'Ann' });
    emulator.userSendMessage({ userId: client.id, text: '/start' });
    const blocked = emulator.userBlockBot(client.id);
    expect(blocked?.['my_chat_member']).toMatchObject({ new_chat_member: { status: 'kicked' } });
    const blockedError = await expectGrammyError(api.sendMessage(client.id, 'hi'));
    expect(blockedError.error_code).toBe(403);
    expect(blockedError.description).toBe('Forbidden: bot was blocked by the user');
  });

  it('validates text, chat and callback_data like Telegram', async () => {
    const client = emulator.createUser({ firstName: 'Ann' });
    emulator.userSendMessage({ userId: client.id, text: '/start' });
    expect((await expectGrammyError(api.sendMessage(client.id, '   '))).description).toBe(
      'Bad Request: message text is empty',
    );
    expect((await expectGrammyError(api.sendMessage(client.id, 'x'.repeat(4097)))).description).toBe(
      'Bad Request: message is too long',
    );
    expect((await expectGrammyError(api.sendMessage(999, 'hi'))).description).toBe('Bad Request: chat not found');
    const tooLong = { inline_keyboard: [[{ text: 'b', callback_data: 'x'.repeat(65) }]] };
    expect((await expectGrammyError(api.sendMessage(client.id, 'hi', { reply_markup: tooLong }))).description).toBe(
      'Bad Request: BUTTON_DATA_INVALID',
    );
    await expect(api.sendMessage(client.id, 'x'.repeat(4096))).resolves.toMatchObject({ message_id: 2 });
  });

  it('stores reply keyboards for the human side and removes them on remove_keyboard', async () => {
    const client = emulator.createUser({ firstName: 'Ann' });
    emulator.userSendMessage({ userId: client.id, text: '/start' });
    const sent = await api.sendMessage(client.id, 'Pick', { reply_markup: { keyboard: [['Help', 'Stop']] } });
    expect(sent.reply_markup).toBeUndefined();
    expect(emulator.replyKeyboard(client.id)?.keyboard).toEqual([[{ text: 'Help' }, { text: 'Stop' }]]);
    await api.sendMessage(client.id, 'Done', { reply_markup: { remove_keyboard: true } });
    expect(emulator.replyKeyboard(client.id)).toBeUndefined();
  });

  it('edits and deletes the bot messages', async () => {
    const client = emulator.createUser({ firstName: 'Ann' });
    const own = emulator.userSendMessage({ userId: client.id, text: '/start' }).message;
    const sent = await api.sendMessage(client.id, 'draft');
    const edited = await api.editMessageText(client.id, sent.message_id, 'final');
    expect(edited).toMatchObject({ text: 'final', edit_date: expect.any(Number) });
    const same = await expectGrammyError(api.editMessageText(client.id, sent.message_id, 'final'));
    expect(same.description).toMatch(/^Bad Request: message is not modified/);
    expect((await expectGrammyError(api.editMessageText(client.id, own.message_id, 'x'))).description).toBe(
      "Bad Request: message can't be edited",
    );
    expect((await expectGrammyError(api.editMessageText(client.id, 99, 'x'))).description).toBe(
      'Bad Request: message to edit not found',
    );
    await api.deleteMessage(client.id, sent.message_id);
    expect(emulator.history(client.id).map((m) => m.message_id)).toEqual([own.message_id]);
    expect((await expectGrammyError(api.deleteMessage(client.id, sent.message_id))).description).toBe(
      'Bad Request: message to delete not found',
    );
  });

  it('reports missing parameters in Telegram wording', async () => {
    const response = await fetch(`${server.url}/bot${emulator.token}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'hi' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ ok: false, error_code: 400, description: 'Bad Request: chat_id is empty' });
  });
});

describe('fault injection and rate limits', () => {
  it('an injected 429 surfaces as GrammyError with parameters.retry_after, once', async () => {
    emulator.failNext({ method: 'getMe', errorCode: 429, retryAfter: 7 });
    const error = await expectGrammyError(api.getMe());
    expect(error.error_code).toBe(429);
    expect(error.description).toBe('Too Many Requests: retry after 7');
    expect(error.parameters.retry_after).toBe(7);
    await expect(api.getMe()).resolves.toMatchObject({ id: emulator.bot.id });
  });

  it('injects 5xx for a given chat only, the given number of times', async () => {
    const a = emulator.createUser({ firstName: 'A' });
    const b = emulator.createUser({ firstName: 'B' });
    emulator.userSendMessage({ userId: a.id, text: '/start' });
    emulator.userSendMessage({ userId: b.id, text: '/start' });
    emulator.failNext({ method: 'sendmessage', chatId: a.id, errorCode: 502, times: 2 });
    await expect(api.sendMessage(b.id, 'fine')).resolves.toBeDefined();
    expect((await expectGrammyError(api.sendMessage(a.id, '1'))).description).toBe('Bad Gateway');
    expect((await expectGrammyError(api.sendMessage(a.id, '2'))).error_code).toBe(502);
    await expect(api.sendMessage(a.id, '3')).resolves.toMatchObject({ text: '3' });
    expect(emulator.calls.get('sendMessage')).toBe(4);
  });

  it('enforces the private-chat rate limit with a 429 and retry_after', async () => {
    let clock = 1_700_000_000_000;
    const limited = createEmulator({ now: () => clock, rateLimits: { privatePerSecond: 2 } });
    const limitedServer = await startEmulatorServer(limited);
    try {
      const limitedApi = new Api(limited.token, { apiRoot: limitedServer.url });
      const client = limited.createUser({ firstName: 'Ann' });
      limited.userSendMessage({ userId: client.id, text: '/start' });
      await limitedApi.sendMessage(client.id, '1');
      await limitedApi.sendMessage(client.id, '2');
      const error = await expectGrammyError(limitedApi.sendMessage(client.id, '3'));
      expect(error.error_code).toBe(429);
      expect(error.parameters.retry_after).toBe(1);
      clock += 1001;
      await expect(limitedApi.sendMessage(client.id, '3')).resolves.toMatchObject({ text: '3' });
    } finally {
      await limitedServer.close();
    }
  });

  it("enforces Telegram's limits: a burst of 3 then ~1/s per private chat, 20 in any minute per group (a new topic counts), 30/s overall", async () => {
    const { TELEGRAM_RATE_LIMITS } = await import('./rate-limit.ts');
    let clock = 1_700_000_000_000;
    const limited = createEmulator({ now: () => clock, rateLimits: TELEGRAM_RATE_LIMITS });
    const limitedServer = await startEmulatorServer(limited);
    try {
      const limitedApi = new Api(limited.token, { apiRoot: limitedServer.url });
      const worker = limited.createUser({ firstName: 'Wendy' });
      const group = limited.createForumGroup({ title: 'Staff', adminUserIds: [worker.id] });
      const client = limited.createUser({ firstName: 'Ann' });
      limited.userSendMessage({ userId: client.id, text: '/start' });
      for (const text of ['1', '2', '3']) await limitedApi.sendMessage(client.id, text);
      expect((await expectGrammyError(limitedApi.sendMessage(client.id, '4'))).error_code).toBe(429);
      clock += 1000;
      await expect(limitedApi.sendMessage(client.id, '4')).resolves.toMatchObject({ text: '4' });
      // The group: a topic and 19 messages fill the minute; the 21st waits for the first to age out.
      clock += 60_000;
      const { message_thread_id: thread } = await limitedApi.createForumTopic(group.id, 'Case');
      for (let i = 0; i < 19; i++) {
        clock += 1000;
        await limitedApi.sendMessage(group.id, `m${i}`, { message_thread_id: thread });
      }
      const refused = await expectGrammyError(limitedApi.sendMessage(group.id, 'one too many'));
      expect(refused.error_code).toBe(429);
      // The topic was made 19 s ago: 41 s to go.
      expect(refused.parameters.retry_after).toBe(41);
      expect((await expectGrammyError(limitedApi.createForumTopic(group.id, 'Another'))).error_code).toBe(429);
      clock += 41_000;
      await expect(limitedApi.sendMessage(group.id, 'now')).resolves.toMatchObject({ text: 'now' });
      // Overall: 30 in one second across chats, whatever each chat's own budget.
      clock += 60_000;
      const users = Array.from({ length: 31 }, (_, i) => limited.createUser({ firstName: `U${i}` }));
      for (const u of users) limited.userSendMessage({ userId: u.id, text: '/start' });
      for (const u of users.slice(0, 30)) await limitedApi.sendMessage(u.id, 'hi');
      expect((await expectGrammyError(limitedApi.sendMessage(users[30]?.id ?? 0, 'hi'))).error_code).toBe(429);
    } finally {
      await limitedServer.close();
    }
  });

  it('an outage drops the connection so grammY reports an HttpError', async () => {
    emulator.setOffline(true);
    const error = await api.getMe().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    emulator.setOffline(false);
    await expect(api.getMe()).resolves.toMatchObject({ id: emulator.bot.id });
  });
});

describe('media and files', () => {
  it('sends an uploaded photo and serves its bytes back through getFile', async () => {
    const { InputFile } = await import('grammy');
    const client = emulator.createUser({ firstName: 'Ann' });
    emulator.userSendMessage({ userId: client.id, text: '/start' });
    const bytes = new Uint8Array([1, 2, 3, 4, 5]);
    const sent = await api.sendPhoto(client.id, new InputFile(bytes, 'leaflet.jpg'), { caption: 'Leaflet' });
    expect(sent.caption).toBe('Leaflet');
    const largest = sent.photo?.at(-1);
    expect(largest?.file_size).toBe(5);
    const file = await api.getFile(largest?.file_id ?? '');
    const download = await fetch(`${server.url}/file/bot${emulator.token}/${file.file_path ?? ''}`);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);

    const again = await api.sendPhoto(client.id, largest?.file_id ?? '');
    expect(again.photo?.at(-1)?.file_unique_id).toBe(largest?.file_unique_id);
    const wrong = await expectGrammyError(api.sendVoice(client.id, largest?.file_id ?? ''));
    expect(wrong.description).toBe("Bad Request: can't use file of type Photo as VoiceNote");
    const unknown = await expectGrammyError(api.sendDocument(client.id, 'no-such-file'));
    expect(unknown.description).toBe('Bad Request: wrong file identifier/HTTP URL specified');
  });

  it('serves a placeholder for media sent by simulated humans', async () => {
    const client = emulator.createUser({ firstName: 'Ann' });
    const { message } = emulator.userSendMessage({ userId: client.id, voice: 12 });
    expect(message.voice?.duration).toBe(12);
    const file = await api.getFile(message.voice?.file_id ?? '');
    const download = await fetch(`${server.url}/file/bot${emulator.token}/${file.file_path ?? ''}`);
    expect(download.status).toBe(200);
    expect((await download.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });
});
