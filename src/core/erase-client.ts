import type { RelayStore, Translate } from './ports.ts';
import { sosKeyboard } from './keyboards.ts';
import { PRIORITY, conversationChannel, type Client } from './types.ts';
import { LANE, topicMessage } from './outbox/lanes.ts';

/** Telegram lets a bot delete messages of a private chat for 48 hours. */
export const DELETABLE_FOR_MS = 48 * 60 * 60 * 1000;
const CHUNK = 100;

/** Asks a client who sent /forget to confirm, with two buttons. */
export async function askToForget(store: RelayStore, t: Translate, client: Client, input: { updateId: number; messageId: number; at: number }): Promise<void> {
  const buttons = [[{ text: t(client.language, 'forget-yes'), callback_data: `forget:yes:${input.messageId}` }], [{ text: t(client.language, 'forget-no'), callback_data: 'forget:no' }]];
  await store.enqueue(
    {
      dedupeKey: `forget-ask:${input.updateId}`,
      lane: LANE.client(client.id),
      priority: PRIORITY.normal,
      target: { kind: 'client', clientId: client.id },
      method: 'sendMessage',
      params: { text: t(client.language, 'forget-confirm'), reply_markup: { inline_keyboard: buttons } },
    },
    input.at,
  );
}

/**
 * Erases a client who confirmed /forget: deletes what the bot still can of the conversation
 * in their chat and in the staff group, deletes their messages and the link to their
 * Telegram id on the server (only coded, text-free cases remain), tells the staff topic,
 * and confirms (a web-chat client, with no chat id, is told by the web chat's next page). The calls name the chat directly inside their sealed payload, because the
 * client's sealed chat id is gone once this transaction commits.
 */
export async function eraseClientData(
  store: RelayStore,
  deps: { t: Translate; staffLanguage: 'ru' | 'en' },
  input: { client: Client; chatId: number | null; at: number; key: string; alsoDelete: number[] },
): Promise<void> {
  const { client, at, chatId } = input;
  const ids = await store.clients.conversationMessageIds(client.id, at - DELETABLE_FOR_MS);
  const openCase = await store.cases.findOpen(client.id, conversationChannel(client));
  const caseIds = await store.clients.erase(client.id, at);
  const lane = `erase:${client.id}`;
  const inClientChat = [...new Set([...input.alsoDelete, ...ids.clientChat])].sort((a, b) => a - b);
  for (let i = 0; chatId !== null && i < inClientChat.length; i += CHUNK) {
    await store.enqueue(
      {
        dedupeKey: `forget-delete:${input.key}:${i}`,
        lane,
        priority: PRIORITY.normal,
        target: { kind: 'direct', chatId },
        method: 'deleteMessages',
        params: { message_ids: inClientChat.slice(i, i + CHUNK) },
      },
      at,
    );
  }
  const newest = caseIds.length > 0 ? Math.max(...caseIds) : undefined;
  const staffIds = [...ids.staffGroup].sort((a, b) => a - b);
  for (let i = 0; i < staffIds.length && newest !== undefined; i += CHUNK) {
    await store.enqueue(
      {
        dedupeKey: `forget-delete-staff:${input.key}:${i}`,
        lane: LANE.case(newest),
        priority: PRIORITY.normal,
        target: { kind: 'staff-chat' },
        method: 'deleteMessages',
        params: { message_ids: staffIds.slice(i, i + CHUNK) },
      },
      at,
    );
  }
  if (openCase) await store.cases.close(openCase.id, at);
  if (newest !== undefined) {
    await store.enqueue(topicMessage({ id: newest }, `forget-staff:${input.key}`, { text: deps.t(deps.staffLanguage, 'staff-client-forgot', { code: client.code }) }, PRIORITY.normal), at);
  }
  // The web chat has no chat to confirm in: its next page says the conversation is gone.
  if (chatId === null) return;
  await store.enqueue(
    {
      dedupeKey: `forget-done:${input.key}`,
      lane,
      priority: PRIORITY.normal,
      target: { kind: 'direct', chatId },
      method: 'sendMessage',
      params: { text: deps.t(client.language, 'forget-done'), reply_markup: sosKeyboard(deps.t, client.language) },
    },
    at,
  );
}
