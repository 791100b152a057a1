/**
 * The sign-in and session holes a security probe found (issue 14, findings 1, 2, 3 and 7),
 * re-run as they were found, over real HTTP on both databases. The harness trusts
 * `X-Forwarded-For`, as behind a reverse proxy, so each test can come from its own address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../src/core/accounts/totp.ts';
import { DIALECTS } from './support/databases.ts';
import { CLIENT_ID, startHarness, type Harness } from './support/harness.ts';
import { anonymous, signUp, type StaffClient } from './support/staff-client.ts';

const PASSWORD = 'correct horse battery staple';

let nextAddress = 1;
/** A fresh client address (documentation range), as the proxy would put it in X-Forwarded-For. */
function address(): string {
  return `198.51.100.${nextAddress++}`;
}

for (const dialect of DIALECTS) {
  describe(`sign-in and sessions under attack (${dialect})`, () => {
    let h: Harness | undefined;
    let url = '';
    const login = (body: Record<string, unknown>, from: string) => anonymous(url, 'POST', '/api/auth/login', body, { 'x-forwarded-for': `203.0.113.250, ${from}` });

    beforeAll(async () => {
      h = await startHarness(dialect, { TRUST_PROXY: 'true' });
      url = h?.netreach.url ?? '';
    }, 30_000);
    afterAll(async () => {
      await h?.stop();
    });

    it('39 wrong and 1 right password sent at once: guesses past the budget are refused unchecked, and none signs in', async (ctx) => {
      if (!h) return ctx.skip();
      const worker = await signUp(h.netreach, 'worker', { totp: false });
      const from = address();
      const guesses = Array.from({ length: 39 }, (_, i) => ({ login: worker.login, password: `wrong guess ${i}` }));
      const responses = await Promise.all([...guesses, { login: worker.login, password: PASSWORD }].map((body) => login(body, from)));
      const statuses = responses.map((r) => r.status);
      // At most the 3 free attempts and the one that earned the wait were checked at all.
      expect(statuses.filter((s) => s !== 429).length).toBeLessThanOrEqual(4);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(36);
      const signedIn = statuses.indexOf(200);
      // The right password is sent last: it cannot have been among the first four checked.
      if (signedIn >= 0) expect(signedIn).toBe(39);
      expect(responses.find((r) => r.status === 429)?.headers.get('retry-after')).toMatch(/^\d+$/);
      // And now the right password waits too.
      expect((await login({ login: worker.login, password: PASSWORD }, from)).status).toBe(429);
    }, 60_000);

    it('one TOTP code sent in 4 parallel sign-ins signs in once', async (ctx) => {
      if (!h) return ctx.skip();
      const supervisor = await signUp(h.netreach, 'supervisor');
      const code = totpCode(supervisor.totpSecret ?? '', Date.now() + 30_000);
      const responses = await Promise.all([1, 2, 3, 4].map(() => login({ login: supervisor.login, password: PASSWORD, totp: code }, address())));
      expect(responses.map((r) => r.status).sort()).toEqual([200, 401, 401, 401]);
      for (const r of responses.filter((x) => x.status === 401)) expect(r.json).toMatchObject({ code: 'invalid' });
    }, 30_000);

    it('answers known and unknown logins alike, counts a missing code as a failure, and confirms no password', async (ctx) => {
      if (!h) return ctx.skip();
      const worker = await signUp(h.netreach, 'worker', { totp: false });
      const admin = await signUp(h.netreach, 'admin');
      const run = async (body: Record<string, unknown>) => {
        const from = address();
        const seen: Array<{ status: number; body: unknown }> = [];
        for (let i = 0; i < 6; i++) {
          const r = await login(body, from);
          const json = r.json as { retryAfter?: number };
          seen.push({ status: r.status, body: { ...json, retryAfter: json.retryAfter === undefined ? undefined : 'n' } });
        }
        return seen;
      };
      const known = await run({ login: worker.login, password: 'not it' });
      const unknown = await run({ login: 'nobody-by-this-name', password: 'not it' });
      // The right password without the code: not "enter your code", just a failure like the others.
      const noCode = await run({ login: admin.login, password: PASSWORD });
      const wrongCode = await run({ login: admin.login, password: PASSWORD, totp: '000000' });
      expect(known.map((r) => r.status)).toEqual([401, 401, 401, 401, 429, 429]);
      for (const other of [unknown, noCode, wrongCode]) expect(other).toEqual(known);
      expect(known[0]?.body).toMatchObject({ code: 'invalid' });
    }, 60_000);

    it('guessing cannot keep the owner out: another address signs in, and so does a known one during a spread-out attack', async (ctx) => {
      if (!h) return ctx.skip();
      // A password-only account, so the owner can sign in as often as the test needs (a TOTP code is good once).
      const owner = await signUp(h.netreach, 'worker', { totp: false });
      const right = { login: owner.login, password: PASSWORD };
      const home = address();
      expect((await login(right, home)).status).toBe(200);
      // One attacker hammers the login from one address: that address waits, the owner's does not.
      const attacker = address();
      for (let i = 0; i < 8; i++) await login({ login: owner.login, password: `guess ${i}` }, attacker);
      expect((await login(right, attacker)).status).toBe(429);
      expect((await login(right, address())).status).toBe(200);
      // Many addresses, three guesses each: the login as a whole waits, except from where the owner signed in before.
      for (let a = 0; a < 6; a++) {
        const from = address();
        for (let i = 0; i < 3; i++) await login({ login: owner.login, password: `spread ${a} ${i}` }, from);
      }
      expect((await login(right, address())).status).toBe(429);
      expect((await login(right, home)).status).toBe(200);
    }, 60_000);

    describe('the live-event stream ends with its session', () => {
      async function openStream(client: StaffClient) {
        const response = await fetch(`${url}/api/events`, { headers: { cookie: client.cookie } });
        const reader = response.body?.getReader();
        if (!reader) throw new Error('no stream');
        const decoder = new TextDecoder();
        let text = '';
        let done = false;
        const pump = (async () => {
          for (;;) {
            const chunk = await reader.read();
            if (chunk.done) break;
            text += decoder.decode(chunk.value, { stream: true });
          }
          done = true;
        })();
        await until(() => text.includes('event: ready'));
        return { text: () => text, done: () => done, pump, cancel: () => reader.cancel().catch(() => undefined) };
      }

      async function until(probe: () => boolean, timeoutMs = 15_000): Promise<void> {
        const deadline = Date.now() + timeoutMs;
        while (!probe()) {
          if (Date.now() > deadline) throw new Error('timed out');
          await new Promise((r) => setTimeout(r, 50));
        }
      }

      const endings: Array<[string, (client: StaffClient, admin: StaffClient) => Promise<void>]> = [
        ['sign out', async (client) => void (await client.request('POST', '/api/auth/logout'))],
        ['sign out everywhere (from another browser)', async (client) => {
          const other = await login({ login: client.login, password: PASSWORD }, address());
          const csrf = (other.json as { csrfToken: string }).csrfToken;
          const cookie = (/netreach_session=[^;]+/.exec(other.setCookie ?? '') ?? [''])[0];
          expect((await anonymous(url, 'POST', '/api/auth/logout-all', undefined, { cookie, 'x-csrf-token': csrf })).status).toBe(200);
        }],
        ['the account disabled', async (client, admin) => void expect((await admin.request('PATCH', `/api/staff/${client.accountId}`, { disabled: true })).status).toBe(200)],
        ['a role change', async (client, admin) => void expect((await admin.request('PATCH', `/api/staff/${client.accountId}`, { role: 'researcher' })).status).toBe(200)],
      ];

      for (const [name, end] of endings) {
        it(`after ${name}: no further case event, and the stream closes`, async (ctx) => {
          if (!h) return ctx.skip();
          const admin = await signUp(h.netreach, 'admin');
          const worker = await signUp(h.netreach, 'worker', { totp: false });
          const stream = await openStream(worker);
          try {
            h.emulator.userSendMessage({ userId: CLIENT_ID, text: `before ${name}` });
            await until(() => stream.text().includes('event: case'));
            await end(worker, admin);
            const seen = stream.text().length;
            h.emulator.userSendMessage({ userId: CLIENT_ID, text: `after ${name}` });
            await until(stream.done, 15_000);
            expect(stream.text().slice(seen)).not.toContain('event: case');
          } finally {
            await stream.cancel();
          }
        }, 45_000);
      }
    });
  });
}
