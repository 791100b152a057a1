import type { WorkingHours } from './hours.ts';
import { isOpen } from './hours.ts';
import type { RelayStore, Translate, WaitingCase } from './ports.ts';

import { PRIORITY, type Language } from './types.ts';
import { LANE } from './outbox/lanes.ts';

const DIGEST_SETTING = 'morning_digest_last';

/**
 * When the working day starts, posts in the staff group's General topic the cases that
 * came in after hours and still wait for a first answer, urgent ones first. Posts once per
 * opening, also across restarts.
 */
export async function postMorningDigest(
  store: RelayStore,
  deps: { t: Translate; staffLanguage: Language; hours: WorkingHours },
  input: { at: number; waiting: readonly WaitingCase[]; openingKey: string },
): Promise<boolean> {
  if (!isOpen(deps.hours, input.at)) return false;
  if ((await store.getSetting(DIGEST_SETTING)) === input.openingKey) return false;
  await store.setSetting(DIGEST_SETTING, input.openingKey, input.at);
  if (input.waiting.length === 0) return true;
  const lang = deps.staffLanguage;
  const lines = [...input.waiting]
    .sort((a, b) => Number(b.urgent) - Number(a.urgent) || a.caseId - b.caseId)
    .map((c) => `${c.urgent ? '🚨 ' : ''}${c.code} · #${c.caseId}${c.needs.length > 0 ? ` — ${c.needs.map((n) => deps.t(lang, `need-${n}`)).join(', ')}` : ''}`);
  await store.enqueue(
    {
      dedupeKey: `digest:${input.openingKey}`,
      lane: LANE.staffGeneral,
      priority: PRIORITY.normal,
      target: { kind: 'staff-chat' },
      method: 'sendMessage',
      params: { text: `${deps.t(lang, 'staff-morning-digest', { count: input.waiting.length })}\n${lines.join('\n')}`.slice(0, 4096) },
    },
    input.at,
  );
  return true;
}
