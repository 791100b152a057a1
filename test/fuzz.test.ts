/**
 * Property-based tests (issue 14): arbitrary Telegram updates posted to the webhook and
 * arbitrary API bodies, on both databases. Whatever comes in: no 5xx, the process stays
 * healthy, and no text that came in ever reaches the logs.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_PATH } from '../src/http/create-app.ts';
import { DIALECTS } from './support/databases.ts';
import { CLIENT_ID, STAFF_CHAT_ID, WORKER_ID, startHarness, type Harness } from './support/harness.ts';
import { anonymous, signUp, type StaffClient } from './support/staff-client.ts';

const SECRET = 'fuzz-webhook-secret-0123456789';
/** Every generated text carries this, so a leak into the logs is found whatever the text. */
const MARK = 'QZXFUZZ';

/** Text as clients send it, and as nobody should: NUL, lone surrogates, controls, huge runs. */
const text = fc
  .oneof(
    fc.string({ maxLength: 50 }),
    fc.string({ unit: 'binary', maxLength: 50 }),
    fc.constantFrom('\u0000', '\uD800', '\uDFFF', '\u202E', '/start', '/sos', '/forget', '/alias \u0000', '🆘', 'передоз не дышит', 'x'.repeat(5000)),
  )
  .map((t) => `${t}${MARK}`);
const id = fc.oneof(fc.integer({ min: -(2 ** 53), max: 2 ** 53 }), fc.constantFrom(CLIENT_ID, WORKER_ID, STAFF_CHAT_ID, 0, -1));
const user = fc.record({ id, is_bot: fc.boolean(), first_name: text, language_code: fc.option(fc.constantFrom('ru', 'en', 'xx'), { nil: undefined }) }, { requiredKeys: ['id', 'is_bot', 'first_name'] });
const chat = fc.record({ id, type: fc.constantFrom('private', 'group', 'supergroup', 'channel', 'unknown'), is_forum: fc.option(fc.boolean(), { nil: undefined }) }, { requiredKeys: ['id', 'type'] });
const entity = fc.record({ type: fc.constantFrom('bold', 'bot_command', 'url', 'text_link', 'nonsense'), offset: fc.integer({ min: -5, max: 100 }), length: fc.integer({ min: -5, max: 100 }) });
const message = fc.record(
  {
    message_id: fc.integer({ min: -10, max: 2 ** 31 }),
    date: fc.integer({ min: 0, max: 2 ** 32 }),
    chat,
    from: user,
    text,
    caption: text,
    entities: fc.array(entity, { maxLength: 4 }),
    message_thread_id: fc.integer({ min: -10, max: 1000 }),
    is_topic_message: fc.boolean(),
    reply_to_message: fc.record({ message_id: fc.integer({ min: -10, max: 1000 }), date: fc.integer({ min: 0 }), chat }),
    voice: fc.record({ file_id: text, file_unique_id: text, duration: fc.integer({ min: -1, max: 100_000 }) }),
    photo: fc.array(fc.record({ file_id: text, file_unique_id: text, width: fc.nat(), height: fc.nat() }), { maxLength: 2 }),
    contact: fc.record({ phone_number: text, first_name: text }),
  },
  { requiredKeys: ['message_id', 'date', 'chat'] },
);
const callback = fc.record(
  { id: text, from: user, data: fc.oneof(text, fc.constantFrom('need:overdose', 'guide:overdose:1', 'danger:yes', 'cban:1:yes', 'crev:99999999999:delete', 'x:'.repeat(40))), message },
  { requiredKeys: ['id', 'from'] },
);
const update = fc.oneof(
  fc.record({ message }),
  fc.record({ edited_message: message }),
  fc.record({ callback_query: callback }),
  fc.record({ my_chat_member: fc.record({ chat, from: user, date: fc.nat(), old_chat_member: fc.record({ status: text, user }), new_chat_member: fc.record({ status: fc.constantFrom('member', 'kicked', 'left', 'administrator'), user }) }) }),
  fc.record({ chat_join_request: fc.record({ chat, from: user, user_chat_id: id, date: fc.nat() }) }),
  fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 })),
);

for (const dialect of DIALECTS) {
  describe(`fuzzing (${dialect})`, () => {
    let h: Harness | undefined;
    let admin: StaffClient;
    let caseId = 0;
    let nextUpdateId = 1_000_000;

    beforeAll(async () => {
      h = await startHarness(dialect, { BOT_MODE: 'webhook', WEBHOOK_URL: 'http://127.0.0.1:9', WEBHOOK_SECRET: SECRET });
      if (!h) return;
      admin = await signUp(h.netreach, 'admin');
    }, 30_000);
    afterAll(async () => {
      await h?.stop();
    });

    it('arbitrary updates on the webhook: stored or refused, never a 5xx; the process stays healthy; no text in the logs', async (ctx) => {
      if (!h) return ctx.skip();
      const url = `${h.netreach.url}${WEBHOOK_PATH}`;
      await fc.assert(
        fc.asyncProperty(update, fc.boolean(), async (body, raw) => {
          const payload = raw ? body : { update_id: nextUpdateId++, ...body };
          const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: JSON.stringify(payload) });
          expect(response.status).toBeLessThan(500);
        }),
        { numRuns: 150, seed: 20261203 },
      );
      // Not JSON at all, and JSON that is not an object.
      for (const body of ['{', 'null', '[]', '"x"', '1e309', '{"update_id": 1e400}']) {
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body });
        expect(response.status).toBeLessThan(500);
      }
      await new Promise((r) => setTimeout(r, 2_000));
      expect((await fetch(`${h.netreach.url}/healthz`)).status).toBe(200);
      // A real message still goes through after all that.
      const marina = { id: CLIENT_ID, is_bot: false, first_name: 'Marina', language_code: 'ru' };
      const real = { update_id: nextUpdateId++, message: { message_id: 777, date: Math.floor(Date.now() / 1000), chat: { id: CLIENT_ID, type: 'private', first_name: 'Marina' }, from: marina, text: 'still here?' } };
      expect((await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: JSON.stringify(real) })).status).toBe(200);
      const relayed = await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && m.text === 'still here?', 15_000);
      expect(relayed.message_thread_id).toBeGreaterThan(0);
      // Nothing crashed on the way: no error logged while reading what came in.
      expect(h.logs.filter((line) => /"level":(50|60)/.test(line)).map((line) => line.slice(0, 200))).toEqual([]);
      const leaked = h.logs.filter((line) => line.includes(MARK));
      expect(leaked).toEqual([]);
    }, 120_000);

    it('arbitrary API bodies: 4xx, never a 5xx, and nothing in the logs', async (ctx) => {
      if (!h) return ctx.skip();
      const cases = await admin.request('GET', '/api/cases?filter=all');
      caseId = (cases.json as { cases: Array<{ id: number }> }).cases[0]?.id ?? 1;
      const targets: Array<[string, string, boolean]> = [
        ['POST', '/api/auth/login', false],
        ['POST', '/api/auth/setup/finish', false],
        ['POST', `/api/cases/${caseId}/reply`, true],
        ['POST', `/api/cases/${caseId}/notes`, true],
        ['PATCH', `/api/cases/${caseId}`, true],
        ['PUT', `/api/cases/${caseId}/report`, true],
        ['PATCH', '/api/settings', true],
        ['POST', '/api/staff', true],
        ['GET', `/api/cases?before=${encodeURIComponent('1:99999999999999999999')}&q=${MARK}%00`, true],
      ];
      const body = fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.dictionary(fc.constantFrom('text', 'login', 'password', 'totp', 'requestId', 'needs', 'urgent', 'role', 'token', 'services'), fc.oneof(text, fc.jsonValue({ maxDepth: 2 }))));
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...targets), body, async ([method, path, signedIn], json) => {
          const response = signedIn
            ? await admin.request(method, path, method === 'GET' ? undefined : json)
            : await anonymous(h?.netreach.url ?? '', method, path, json, { 'x-forwarded-for': '203.0.113.9' });
          expect(response.status, `${method} ${path}`).toBeLessThan(500);
        }),
        { numRuns: 200, seed: 20261204 },
      );
      expect(h.logs.filter((line) => line.includes(MARK))).toEqual([]);
    }, 120_000);
  });
}
