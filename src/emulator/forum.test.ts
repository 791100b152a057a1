import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Api, GrammyError } from 'grammy';
import type { User } from 'grammy/types';
import { createEmulator, type Emulator } from './emulator.ts';
import { startEmulatorServer, type EmulatorServer } from './server.ts';

let emulator: Emulator;
let server: EmulatorServer;
let api: Api;
let worker: User;
let client: User;
let staffChatId: number;

beforeEach(async () => {
  emulator = createEmulator();
  server = await startEmulatorServer(emulator);
  api = new Api(emulator.token, { apiRoot: server.url });
  worker = emulator.createUser({ firstName: 'Worker', username: 'outreach_worker' });
  client = emulator.createUser({ firstName: 'Client' });
  staffChatId = emulator.createForumGroup({ title: 'Outreach staff', adminUserIds: [worker.id] }).id;
});

afterEach(async () => {
  await server.close();
});

async function failure(promise: Promise<unknown>): Promise<GrammyError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GrammyError);
  return error as GrammyError;
}

describe('forum topics', () => {
  it('creates a topic with its service message and sends into it', async () => {
    const topic = await api.createForumTopic(staffChatId, 'Case 0001');
    expect(topic).toEqual({ message_thread_id: 1, name: 'Case 0001', icon_color: 0x6fb9f0 });

    const sent = await api.sendMessage(staffChatId, 'New case', { message_thread_id: topic.message_thread_id });
    expect(sent).toMatchObject({ message_thread_id: 1, is_topic_message: true, message_id: 2 });
    expect(sent.reply_to_message?.forum_topic_created).toEqual({ name: 'Case 0001', icon_color: 0x6fb9f0 });

    const thread = emulator.history(staffChatId, { threadId: 1 });
    expect(thread.map((m) => m.message_id)).toEqual([1, 2]);
    expect(emulator.topics(staffChatId)).toMatchObject([{ message_thread_id: 1, name: 'Case 0001', closed: false, lastMessageId: 2 }]);
  });

  it('refuses topics in non-forum chats and without rights', async () => {
    const group = emulator.createGroup({ title: 'Plain', supergroup: true, memberUserIds: [worker.id] });
    expect((await failure(api.createForumTopic(group.id, 'x'))).description).toBe('Bad Request: the chat is not a forum');

    const noRights = emulator.createForumGroup({
      title: 'No rights',
      adminUserIds: [worker.id],
      botRights: { can_manage_topics: false },
    });
    expect((await failure(api.createForumTopic(noRights.id, 'x'))).description).toBe(
      'Bad Request: not enough rights to create a topic',
    );
    const notAdmin = emulator.createForumGroup({ title: 'Member', adminUserIds: [worker.id], botIsAdmin: false });
    expect((await failure(api.createForumTopic(notAdmin.id, 'x'))).description).toBe(
      'Bad Request: not enough rights to create a topic',
    );
    expect((await failure(api.createForumTopic(staffChatId, ''))).description).toBe('Bad Request: name is empty');
    expect((await failure(api.createForumTopic(staffChatId, 'n'.repeat(129)))).error_code).toBe(400);
    expect((await failure(api.sendMessage(staffChatId, 'x', { message_thread_id: 77 }))).description).toBe(
      'Bad Request: message thread not found',
    );
  });

  it('closes, reopens, renames and deletes topics', async () => {
    const { message_thread_id: thread } = await api.createForumTopic(staffChatId, 'Case');
    await api.closeForumTopic(staffChatId, thread);
    expect(emulator.topics(staffChatId)[0]?.closed).toBe(true);
    expect((await failure(api.closeForumTopic(staffChatId, thread))).description).toBe('Bad Request: TOPIC_NOT_MODIFIED');
    await api.reopenForumTopic(staffChatId, thread);
    await api.editForumTopic(staffChatId, thread, { name: 'Case (urgent)' });
    expect(emulator.topics(staffChatId)[0]).toMatchObject({ name: 'Case (urgent)', closed: false });
    const kinds = emulator.history(staffChatId, { threadId: thread }).map((m) => Object.keys(m).find((k) => k.startsWith('forum_topic')));
    expect(kinds).toEqual(['forum_topic_created', 'forum_topic_closed', 'forum_topic_reopened', 'forum_topic_edited']);
    await api.deleteForumTopic(staffChatId, thread);
    expect(emulator.topics(staffChatId)).toEqual([]);
    expect(emulator.history(staffChatId, { threadId: thread })).toEqual([]);
  });

  it('copies a client message from the private chat into a topic without forward origin', async () => {
    const { message_thread_id: thread } = await api.createForumTopic(staffChatId, 'Case');
    const text = emulator.userSendMessage({ userId: client.id, text: 'I need naloxone' }).message;
    const photo = emulator.userSendMessage({ userId: client.id, photo: true, caption: 'this one' }).message;

    const copied = await api.copyMessage(staffChatId, client.id, text.message_id, { message_thread_id: thread });
    const copiedPhoto = await api.copyMessage(staffChatId, client.id, photo.message_id, {
      message_thread_id: thread,
      caption: 'Photo from client',
    });
    const thread_messages = emulator.history(staffChatId, { threadId: thread });
    const first = thread_messages.find((m) => m.message_id === copied.message_id);
    const second = thread_messages.find((m) => m.message_id === copiedPhoto.message_id);
    expect(first).toMatchObject({ text: 'I need naloxone', from: { id: emulator.bot.id }, is_topic_message: true });
    expect(first?.forward_origin).toBeUndefined();
    expect(second?.photo).toEqual(photo.photo);
    expect(second?.caption).toBe('Photo from client');
    expect((await failure(api.copyMessage(staffChatId, client.id, 999))).description).toBe(
      'Bad Request: message to copy not found',
    );
  });

  it('delivers worker messages in topics to the bot with thread and the topic-root reply quirk', async () => {
    const { message_thread_id: thread } = await api.createForumTopic(staffChatId, 'Case');
    const { update } = emulator.userSendMessage({ userId: worker.id, chatId: staffChatId, text: 'On my way', messageThreadId: thread });
    const [received] = await api.getUpdates();
    expect(received?.update_id).toBe(update?.update_id);
    expect(received?.message).toMatchObject({
      text: 'On my way',
      message_thread_id: thread,
      is_topic_message: true,
      chat: { id: staffChatId, type: 'supergroup', is_forum: true },
      reply_to_message: { message_id: thread },
    });
  });

  it('lets the bot press-handle inline buttons and answer callback queries once', async () => {
    const { message_thread_id: thread } = await api.createForumTopic(staffChatId, 'Case');
    const sent = await api.sendMessage(staffChatId, 'Take case?', {
      message_thread_id: thread,
      reply_markup: { inline_keyboard: [[{ text: 'Take', callback_data: 'take:1' }]] },
    });
    const { callbackQueryId } = emulator.userPressButton({ userId: worker.id, chatId: staffChatId, messageId: sent.message_id, data: 'take:1' });
    const [update] = await api.getUpdates();
    expect(update?.callback_query).toMatchObject({ id: callbackQueryId, data: 'take:1', from: { id: worker.id } });
    expect(update?.callback_query?.message?.message_id).toBe(sent.message_id);
    // Like Telegram, the pressed message comes with its inline keyboard (so a bot can tell which label was pressed).
    expect(update?.callback_query?.message).toMatchObject({ reply_markup: { inline_keyboard: [[{ text: 'Take', callback_data: 'take:1' }]] } });
    await api.answerCallbackQuery(callbackQueryId, { text: 'Taken' });
    expect(emulator.callbackQuery(callbackQueryId)?.answer).toEqual({ text: 'Taken' });
    expect((await failure(api.answerCallbackQuery(callbackQueryId))).description).toMatch(/query is too old/);
    expect(() => emulator.userPressButton({ userId: worker.id, chatId: staffChatId, messageId: sent.message_id, data: 'forged' })).toThrow(/no button/);
  });

  it('waitFor resolves with the bot reply, including ones sent before it was called', async () => {
    emulator.userSendMessage({ userId: client.id, text: '/start' });
    await api.sendMessage(client.id, 'early');
    await expect(emulator.waitFor((m) => m.text === 'early', 100)).resolves.toMatchObject({ text: 'early' });
    const later = emulator.waitFor((m) => m.text === 'late', 2000, { includeExisting: false });
    await api.sendMessage(client.id, 'late');
    await expect(later).resolves.toMatchObject({ text: 'late', chat: { id: client.id } });
    await expect(emulator.waitFor((m) => m.text === 'never', 50)).rejects.toThrow(/no matching bot message/);
  });

  it('reports members and join requests', async () => {
    const admins = await api.getChatAdministrators(staffChatId);
    expect(admins.map((m) => [m.user.id, m.status])).toEqual([
      [emulator.bot.id, 'administrator'],
      [worker.id, 'creator'],
    ]);
    expect((await api.getChatMember(staffChatId, client.id)).status).toBe('left');
    const update = emulator.userRequestJoin({ userId: client.id, chatId: staffChatId });
    expect(update?.['chat_join_request']).toMatchObject({ user_chat_id: client.id });
    await api.approveChatJoinRequest(staffChatId, client.id);
    expect((await api.getChatMember(staffChatId, client.id)).status).toBe('member');
    await api.banChatMember(staffChatId, client.id);
    expect((await api.getChatMember(staffChatId, client.id)).status).toBe('kicked');
    expect((await failure(api.banChatMember(staffChatId, worker.id))).description).toBe(
      'Bad Request: user is an administrator of the chat',
    );
  });
});
