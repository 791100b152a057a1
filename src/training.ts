import { createEmulator, createTrainingRoutes, startEmulatorServer, TELEGRAM_RATE_LIMITS } from './emulator/index.ts';
import type { TelegramEndpoint } from './app/netreach.ts';

/** Fixed ids of the training world, so a restart finds the same chats. */
export const TRAINING = {
  clientUserId: 100_001,
  workerUserId: 200_001,
  staffChatId: -1_001_000_000_001,
} as const;

/**
 * Training mode: a Bot API emulator on a loopback port with one client, one worker and a
 * staff forum group where the bot is an admin. The emulator lives in this process, so its
 * chats start empty on every start; the training page plays both humans. It enforces
 * Telegram's limits (429 past them), so training shows how the product behaves under them.
 */
export async function startTrainingEndpoint(options: { webChatPath?: string } = {}): Promise<TelegramEndpoint> {
  const emulator = createEmulator({ rateLimits: TELEGRAM_RATE_LIMITS });
  emulator.createUser({ id: TRAINING.clientUserId, firstName: 'Training client', languageCode: 'ru' });
  emulator.createUser({ id: TRAINING.workerUserId, firstName: 'Training worker', languageCode: 'en' });
  emulator.createForumGroup({ id: TRAINING.staffChatId, title: 'Netreach staff (training)', adminUserIds: [TRAINING.workerUserId] });
  const server = await startEmulatorServer(emulator, { host: '127.0.0.1', port: 0 });
  return {
    token: emulator.token,
    apiRoot: server.url,
    staffChatId: TRAINING.staffChatId,
    training: createTrainingRoutes(emulator, {
      clientUserId: TRAINING.clientUserId,
      workerUserId: TRAINING.workerUserId,
      staffChatId: TRAINING.staffChatId,
      botId: emulator.bot.id,
      ...(options.webChatPath === undefined ? {} : { webChatPath: options.webChatPath }),
    }),
    close: () => server.close(),
  };
}
