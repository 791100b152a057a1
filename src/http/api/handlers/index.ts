import { openApiDocument } from '../openapi.ts';
import type { Handlers } from '../router.ts';
import { authHandlers, type AuthHandlerDeps } from './auth.ts';
import { caseHandlers, type CaseHandlerDeps } from './cases.ts';
import { channelHandlers, type ChannelHandlerDeps } from './channel.ts';
import { contentHandlers, type ContentHandlerDeps } from './content.ts';
import { settingsHandlers, type SettingsHandlerDeps } from './settings.ts';
import { reportHandlers, type ReportHandlerDeps } from './reports.ts';
import { staffHandlers, type StaffHandlerDeps } from './staff.ts';

/** Everything the API's handlers need, by group. */
export interface ApiHandlerDeps {
  auth: AuthHandlerDeps;
  cases: CaseHandlerDeps;
  channel: ChannelHandlerDeps;
  staff: StaffHandlerDeps;
  content: ContentHandlerDeps;
  settings: SettingsHandlerDeps;
  reports: ReportHandlerDeps;
  version: string;
}

/** Every handler of the contract. */
export function createHandlers(deps: ApiHandlerDeps): Handlers {
  const document = openApiDocument(deps.version);
  return {
    ...authHandlers(deps.auth),
    ...caseHandlers(deps.cases),
    ...channelHandlers(deps.channel),
    ...staffHandlers(deps.staff),
    ...contentHandlers(deps.content),
    ...settingsHandlers(deps.settings),
    ...reportHandlers(deps.reports),
    openapi: async () => document,
  };
}
