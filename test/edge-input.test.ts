/**
 * Input no field may carry, refused at the edge with a 400 and a clear error rather than a
 * database error (issue 14, finding 4): a NUL character in any text, and keyset cursors
 * past what the database's ids hold. On both databases; PostgreSQL is the one that failed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { CLIENT_ID, STAFF_CHAT_ID, WORKER_ID, startHarness, type Harness } from './support/harness.ts';
import { anonymous, signUp, type StaffClient } from './support/staff-client.ts';

for (const dialect of DIALECTS) {
  describe(`edge input (${dialect})`, () => {
    let h: Harness | undefined;
    let admin: StaffClient | undefined;
    beforeAll(async () => {
      h = await startHarness(dialect);
      if (h) admin = await signUp(h.netreach, 'admin');
    });
    afterAll(async () => {
      await h?.stop();
    });

    it('answers 400 invalid-text to a NUL character, signed in or not, and logs no error', async (ctx) => {
      if (!h || !admin) return ctx.skip();
      const signIn = await anonymous(h.netreach.url, 'POST', '/api/auth/login', { login: 'ad\u0000min', password: 'whatever-password' });
      expect(signIn.status).toBe(400);
      expect(signIn.json).toMatchObject({ code: 'invalid-text', issues: [{ path: 'body.login' }] });
      const settings = await admin.request('PUT', '/api/settings', { orgName: 'Org\u0000' });
      expect(settings.status).toBe(400);
      expect(settings.json).toMatchObject({ code: 'invalid-text' });
      const search = await admin.request('GET', `/api/cases?q=${encodeURIComponent('K-\u0000')}`);
      expect(search.status).toBe(400);
      expect(h.logs.join('\n')).not.toMatch(/API handler failed/);
    });

    it('answers 400 to cursors past 32-bit case ids and to audit cursors past them', async (ctx) => {
      if (!h || !admin) return ctx.skip();
      for (const before of ['1:2147483648', '99999999999999999999:1', '1:99999999999']) {
        const page = await admin.request('GET', `/api/cases?before=${before}`);
        expect(page.status).toBe(400);
        expect(page.json).toMatchObject({ code: 'invalid' });
      }
      expect((await admin.request('GET', '/api/cases?before=1796000000000:2147483647')).status).toBe(200);
      expect((await admin.request('GET', '/api/audit?before=2147483648')).status).toBe(400);
      expect(h.logs.join('\n')).not.toMatch(/API handler failed/);
    });

    it('takes /alias with a NUL in it without failing the update', async (ctx) => {
      if (!h) return ctx.skip();
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: 'hello' });
      const relayed = await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && m.text === 'hello', 10_000);
      h.emulator.userSendMessage({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, messageThreadId: relayed.message_thread_id, text: '/alias Ma\u0000sha' });
      const answer = await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && m.from?.is_bot === true && /Ma sha/.test(m.text ?? ''), 10_000);
      expect(answer.text).not.toContain('\u0000');
      expect(h.logs.join('\n')).not.toMatch(/update processing failed/);
    });
  });
}
