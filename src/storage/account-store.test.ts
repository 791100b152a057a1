import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../test/support/databases.ts';
import { createAuthService, tokenHash } from '../core/accounts/auth-service.ts';
import { totpCode } from '../core/accounts/totp.ts';
import { createKeyring } from '../core/crypto/keyring.ts';
import { createAccountStore } from './account-store.ts';

const keys = createKeyring('account-store-test-secret-0123456789abcdef');

for (const dialect of DIALECTS) {
  describe(`staff accounts, sessions and the audit log on ${dialect}`, () => {
    let t: TestDatabase | undefined;
    let clock = Date.UTC(2026, 10, 24, 10);
    beforeAll(async () => {
      t = await openTestDatabase(dialect);
    });
    afterAll(async () => {
      await t?.cleanup();
    });

    it('keeps the audit log append-only in the database itself', async (ctx) => {
      if (!t) return ctx.skip();
      const accounts = createAccountStore(t.db.kysely, keys);
      await accounts.audit({ at: 1, actorAccountId: null, actorRole: 'cli', action: 'test.event', target: null, detail: { n: 1 } });
      await expect(t.db.kysely.updateTable('audit_log').set({ action: 'rewritten' }).execute()).rejects.toThrow(/append-only/);
      await expect(t.db.kysely.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
      const rows = await t.db.kysely.selectFrom('audit_log').select(['action']).execute();
      expect(rows.map((r) => r.action)).toEqual(['test.event']);
    });

    it('stores only hashes of setup and session tokens and seals the TOTP secret', async (ctx) => {
      if (!t) return ctx.skip();
      const accounts = createAccountStore(t.db.kysely, keys);
      const auth = createAuthService({ accounts, now: () => clock, publicUrl: () => 'https://outreach.example.org' });
      const link = await auth.invite({ login: 'Doc', role: 'doctor', alias: 'Dr Ivanova', specialisations: ['wounds'] }, null);
      expect(link.setupUrl).toMatch(/^https:\/\/outreach\.example\.org\/#\/setup\/[\w-]{43}$/);
      const token = link.setupUrl.split('/').pop() ?? '';
      const started = await auth.setupStart(token);
      expect(started.totpRequired).toBe(false);
      const session = await auth.setupFinish({ token, password: 'a long enough password', totp: totpCode(started.totpSecret, clock) });
      const raw = JSON.stringify(await t.db.kysely.selectFrom('staff_accounts').selectAll().execute(), (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v));
      expect(raw).not.toContain(started.totpSecret);
      expect(raw).not.toContain(token);
      const sessions = await t.db.kysely.selectFrom('staff_sessions').select(['token_hash']).execute();
      expect(sessions.map((s) => s.token_hash)).toEqual([tokenHash(session.token)]);
      // The setup link works once.
      await expect(auth.setupStart(token)).rejects.toMatchObject({ code: 'setup-link-invalid' });
      expect((await auth.resolve(session.token))?.account.login).toBe('doc');
      // Idle sessions end.
      clock += 25 * 3_600_000;
      expect(await auth.resolve(session.token)).toBeUndefined();
    });

    it('counts parallel failed sign-ins, every one of them', async (ctx) => {
      if (!t) return ctx.skip();
      const accounts = createAccountStore(t.db.kysely, keys);
      const doc = await accounts.byLogin('doc');
      if (!doc) throw new Error('no account');
      await Promise.all(Array.from({ length: 5 }, () => accounts.countFailure(doc.id)));
      expect((await accounts.byId(doc.id))?.failedAttempts).toBe(5);
    });
  });
}
