/**
 * Methods about the bot itself: identity, commands, and how it receives updates
 * (getUpdates long polling or a webhook).
 */
import { z } from 'zod';
import type { BotCommand, UserFromGetMe } from 'grammy/types';
import { BotApiError, badRequest } from '../errors.ts';
import { boolParam, intParam, jsonParam, parseParams, stringParam } from '../params.ts';
import type { MethodTable } from './registry.ts';

const allowedUpdatesParam = jsonParam(z.array(z.string())).optional();

const getUpdatesSchema = z.object({
  offset: intParam.optional(),
  limit: intParam.optional(),
  timeout: intParam.optional(),
  allowed_updates: allowedUpdatesParam,
});

const setWebhookSchema = z.object({
  url: stringParam,
  secret_token: stringParam.optional(),
  max_connections: intParam.optional(),
  drop_pending_updates: boolParam.optional(),
  allowed_updates: allowedUpdatesParam,
  ip_address: stringParam.optional(),
});

const commandScopeParam = jsonParam(z.looseObject({ type: z.string() })).optional();

const setCommandsSchema = z.object({
  commands: jsonParam(z.array(z.object({ command: z.string(), description: z.string() }))),
  scope: commandScopeParam,
  language_code: stringParam.optional(),
});

const commandsKeySchema = z.object({ scope: commandScopeParam, language_code: stringParam.optional() });

const commandsKey = (scope: unknown, languageCode: string | undefined): string =>
  `${JSON.stringify(scope ?? { type: 'default' })}|${languageCode ?? ''}`;

const ok = (): true => true;

/** getMe, getUpdates, webhooks, commands and the no-op profile setters. */
export const botMethods: MethodTable = {
  getMe({ world }): UserFromGetMe {
    return {
      ...world.bot,
      is_bot: true,
      username: world.bot.username ?? 'netreach_training_bot',
      can_join_groups: true,
      can_read_all_group_messages: !world.privacyMode,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
    } as UserFromGetMe;
  },

  async getUpdates({ world, signal }, raw) {
    const params = parseParams(getUpdatesSchema, raw);
    if (world.webhook) {
      throw new BotApiError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    world.queue.setAllowed(params.allowed_updates);
    const limit = Math.min(100, Math.max(1, params.limit ?? 100));
    const timeout = Math.max(0, params.timeout ?? 0);
    return world.queue.poll(params.offset ?? 0, limit, timeout, signal);
  },

  setWebhook({ world, webhook }, raw) {
    const params = parseParams(setWebhookSchema, raw);
    if (params.secret_token !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(params.secret_token)) {
      throw badRequest('secret token contains unallowed characters');
    }
    if (params.drop_pending_updates) world.queue.clear();
    world.queue.setAllowed(params.allowed_updates);
    if (params.url === '') {
      world.webhook = undefined;
      webhook.stop();
      return true;
    }
    let parsed: URL;
    try {
      parsed = new URL(params.url);
    } catch (cause) {
      throw new BotApiError(400, 'Bad Request: bad webhook: Failed to resolve host: Name or service not known', { cause });
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
    }
    world.webhook = {
      url: params.url,
      maxConnections: Math.min(100, Math.max(1, params.max_connections ?? 40)),
      ...(params.secret_token ? { secretToken: params.secret_token } : {}),
    };
    webhook.start(params.url, params.secret_token);
    return true;
  },

  deleteWebhook({ world, webhook }, raw) {
    const params = parseParams(z.object({ drop_pending_updates: boolParam.optional() }), raw);
    world.webhook = undefined;
    webhook.stop();
    if (params.drop_pending_updates) world.queue.clear();
    return true;
  },

  getWebhookInfo({ world }) {
    const hook = world.webhook;
    return {
      url: hook?.url ?? '',
      has_custom_certificate: false,
      pending_update_count: world.queue.size(),
      ...(hook?.lastErrorDate ? { last_error_date: hook.lastErrorDate, last_error_message: hook.lastErrorMessage } : {}),
      ...(hook ? { max_connections: hook.maxConnections, ip_address: '127.0.0.1' } : {}),
      ...(world.queue.allowed().length > 0 ? { allowed_updates: world.queue.allowed() } : {}),
    };
  },

  setMyCommands({ world }, raw) {
    const params = parseParams(setCommandsSchema, raw);
    if (params.commands.length > 100) throw badRequest('too many commands');
    for (const command of params.commands) {
      if (!/^[a-z0-9_]{1,32}$/.test(command.command)) throw badRequest('BOT_COMMAND_INVALID');
      if (command.description.length < 1 || command.description.length > 256) {
        throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
      }
    }
    const key = commandsKey(params.scope, params.language_code);
    world.commands.set(key, {
      scope: JSON.stringify(params.scope ?? { type: 'default' }),
      languageCode: params.language_code ?? '',
      commands: params.commands,
    });
    return true;
  },

  getMyCommands({ world }, raw): BotCommand[] {
    const params = parseParams(commandsKeySchema, raw);
    return world.commands.get(commandsKey(params.scope, params.language_code))?.commands ?? [];
  },

  deleteMyCommands({ world }, raw) {
    const params = parseParams(commandsKeySchema, raw);
    world.commands.delete(commandsKey(params.scope, params.language_code));
    return true;
  },

  logOut: ok,
  close: ok,
  setMyName: ok,
  setMyDescription: ok,
  setMyShortDescription: ok,
  setChatMenuButton: ok,
  setMyDefaultAdministratorRights: ok,
};
