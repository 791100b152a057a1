import type { Message } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { CLIENT_ID, STAFF_CHAT_ID, startHarness } from './support/harness.ts';

const buttons = (m: Message) => ((m.reply_markup as { inline_keyboard?: Array<Array<{ callback_data?: string }>> } | undefined)?.inline_keyboard ?? []).flat().map((b) => b.callback_data ?? '');

describe('/spot through the bot', () => {
  it('asks "are you OK?" when the time is up, asks again, then alerts on-call staff with what the client left, held in the database', async () => {
    let offset = 0;
    const h = await startHarness('sqlite', {}, { now: () => Date.now() + offset });
    if (!h) throw new Error('no harness');
    try {
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: '/spot' });
      const offer = await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && buttons(m).includes('spot:leave-info'), 5_000);
      h.emulator.userPressButton({ userId: CLIENT_ID, messageId: offer.message_id, data: 'spot:leave-info' });
      await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && /(адрес|address)/i.test(m.text ?? '') && m.message_id > offer.message_id, 5_000);
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: 'ул. Садовая 5, подъезд 2, кв 14 secret-address' });
      h.emulator.userSendMessage({ userId: CLIENT_ID, location: { latitude: 59.9311, longitude: 30.3609 } });
      const durations = await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && buttons(m).includes('spot:start:5') && m.message_id > offer.message_id, 5_000);
      // The address stays with the check-in: not relayed to staff, not a case.
      await h.netreach.ingestion.idle();
      await h.netreach.sender.drained();
      expect(h.emulator.history(STAFF_CHAT_ID).some((m) => (m.text ?? '').includes('secret-address'))).toBe(false);
      h.emulator.userPressButton({ userId: CLIENT_ID, messageId: durations.message_id, data: 'spot:start:5' });
      const started = await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && m.message_id > durations.message_id && buttons(m).some((d) => d.startsWith('spot:extend:')), 5_000);

      offset += 5 * 60_000 + 1_000;
      const ask = await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && m.message_id > started.message_id && buttons(m).some((d) => d.startsWith('spot:ok:')), 5_000);
      expect(buttons(ask)).toHaveLength(1);
      offset += 61_000;
      await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && m.message_id > ask.message_id && buttons(m).some((d) => d.startsWith('spot:ok:')), 5_000);
      offset += 121_000;
      const alert = await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && /CHECK-IN NOT ANSWERED/.test(m.text ?? ''), 5_000);
      expect(alert.message_thread_id).toBeDefined();
      await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && (m.text ?? '').includes('secret-address'), 5_000);
      const pin = await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && m.location !== undefined, 5_000);
      expect(pin.location?.latitude).toBeCloseTo(59.9311, 3);

      // The client was fine after all: confirming after the alert tells staff, and what was left is deleted.
      const last = h.emulator.history(CLIENT_ID).findLast((m) => buttons(m).some((d) => d.startsWith('spot:ok:')));
      const ok = buttons(last ?? ask).find((d) => d.startsWith('spot:ok:')) ?? '';
      h.emulator.userPressButton({ userId: CLIENT_ID, messageId: (last ?? ask).message_id, data: ok });
      await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && m.message_id > alert.message_id && /OK/.test(m.text ?? '') && !/NOT ANSWERED/.test(m.text ?? ''), 5_000);
      await h.netreach.ingestion.idle();
      await h.netreach.sender.drained();
      const session = await h.netreach.db.kysely.selectFrom('spotting_sessions').select(['state', 'responder_sealed']).executeTakeFirstOrThrow();
      expect(session.responder_sealed).toBeNull();
      expect(session.state).toBe('ok');
      // What the client left (text and map pin) is withdrawn from the staff group once they are OK.
      expect(h.emulator.history(STAFF_CHAT_ID).some((m) => m.location !== undefined || (m.text ?? '').includes('secret-address'))).toBe(false);
      expect(h.emulator.history(STAFF_CHAT_ID).filter((m) => /CHECK-IN NOT ANSWERED/.test(m.text ?? ''))).toHaveLength(1);
    } finally {
      await h.stop();
    }
  });
});

describe('/spot across a restart', () => {
  it('escalates on schedule after the process restarted mid-check-in', async () => {
    let offset = 0;
    const now = () => Date.now() + offset;
    const h = await startHarness('sqlite', {}, { now });
    if (!h) throw new Error('no harness');
    const { startNetreach } = await import('../src/app/netreach.ts');
    const { createLogger } = await import('../src/logger.ts');
    let second: Awaited<ReturnType<typeof startNetreach>> | undefined;
    try {
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: '/spot' });
      const offer = await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && buttons(m).includes('spot:start:5'), 5_000);
      h.emulator.userPressButton({ userId: CLIENT_ID, messageId: offer.message_id, data: 'spot:start:5' });
      const started = await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && buttons(m).some((d) => d.startsWith('spot:extend:')), 5_000);
      await h.netreach.stop();
      second = await startNetreach(h.config, { logger: createLogger('silent'), pollTimeout: 1, now });
      offset += 5 * 60_000 + 1_000;
      const ask = await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && m.message_id > started.message_id && buttons(m).some((d) => d.startsWith('spot:ok:')), 5_000);
      offset += 61_000;
      await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && m.message_id > ask.message_id && buttons(m).some((d) => d.startsWith('spot:ok:')), 5_000);
      offset += 121_000;
      await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && /CHECK-IN NOT ANSWERED/.test(m.text ?? ''), 5_000);
    } finally {
      await second?.stop();
      await h.stop();
    }
  });
});
