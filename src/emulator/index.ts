/**
 * The built-in Telegram Bot API emulator behind training mode, demos and tests.
 *
 * @example
 * import { createEmulator, startEmulatorServer } from './emulator/index.ts';
 * const emulator = createEmulator();
 * const server = await startEmulatorServer(emulator);
 * // new Bot(emulator.token, { client: { apiRoot: server.url } })
 */
export { createEmulator, DEFAULT_EMULATOR_TOKEN } from './emulator.ts';
export type { ApiResponse, Emulator, TopicInfo, WaitForOptions } from './emulator.ts';
export { createEmulatorApp } from './app.ts';
export { startEmulatorServer } from './server.ts';
export type { EmulatorServer, EmulatorServerOptions } from './server.ts';
export { BotApiError, EmulatorTimeoutError, EmulatorUsageError } from './errors.ts';
export type { FaultRule } from './faults.ts';
export type {
  HumanAction,
  MediaInput,
  NewChannel,
  NewForumGroup,
  NewGroup,
  NewUser,
  UserMessageInput,
} from './humans.ts';
export type { EmulatorEvents, EmulatorOptions, RateLimitOptions, UpdateJson } from './types.ts';
export { createTrainingRoutes } from './training/routes.ts';
export { TELEGRAM_RATE_LIMITS } from './rate-limit.ts';
export type { TrainingOptions } from './training/routes.ts';
