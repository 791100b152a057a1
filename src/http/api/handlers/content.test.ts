import { Context } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../../test/support/databases.ts';
import { AppError } from '../../../core/app-error.ts';
import { createMobileSchedule } from '../../../core/mobile-schedule.ts';
import { loadArticles } from '../../../storage/files/articles.ts';
import { loadGuides } from '../../../storage/files/load-guides.ts';
import { createKeyring } from '../../../core/crypto/keyring.ts';
import { createTranslator } from '../../../i18n.ts';
import { createAccountStore } from '../../../storage/account-store.ts';
import type { SessionRecord } from '../../../core/accounts/ports.ts';
import { createContentStore } from '../../../storage/content-store.ts';
import { createMobileUnitStore } from '../../../storage/mobile-unit-store.ts';
import { createVerificationStore } from '../../../storage/verification-store.ts';
import { addMonths, contentHandlers } from './content.ts';

const keys = createKeyring('test-master-secret-that-is-long-enough-0123456789');
const t = createTranslator();
// 2026-06-01 is a Monday; 10:00 UTC is 13:00 in Moscow.
const MONDAY = Date.UTC(2026, 5, 1, 10, 0);
const DAY = 24 * 3_600_000;

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('review dates', () => {
  it('are calendar months later, on the month’s last day when it is shorter', () => {
    expect(new Date(addMonths(Date.UTC(2026, 0, 31, 9), 1)).toISOString()).toBe('2026-02-28T09:00:00.000Z');
    expect(new Date(addMonths(Date.UTC(2026, 5, 15), 12)).toISOString()).toBe('2027-06-15T00:00:00.000Z');
  });
});

for (const dialect of DIALECTS) {
  describe(`knowledge base and mobile units API on ${dialect}`, () => {
    let t0: TestDatabase | undefined;
    beforeAll(async () => {
      t0 = await openTestDatabase(dialect);
    });
    afterAll(async () => {
      await t0?.cleanup();
    });

    async function setup(db: TestDatabase) {
      let clock = MONDAY;
      const accounts = createAccountStore(db.db.kysely, keys);
      const session = async (role: string, login: string, language: 'ru' | 'en' = 'en'): Promise<SessionRecord> => {
        const id = await accounts.create({ login, role, alias: login, specialisations: [], language, setupTokenHash: `setup-${login}`, setupExpiresAt: 1, at: 1 });
        const account = await accounts.byId(id);
        if (!account) throw new Error('account missing');
        return { tokenHash: `token-${login}`, csrfToken: 'csrf', createdAt: 1, lastSeenAt: 1, expiresAt: 2, account };
      };
      const verifications = createVerificationStore(db.db.kysely);
      const mobileUnits = createMobileUnitStore(db.db.kysely);
      const schedule = createMobileSchedule({ load: (from) => mobileUnits.load(from), t, timezone: () => 'Europe/Moscow', now: () => clock });
      const handlers = contentHandlers({
        now: () => clock,
        t,
        guides: await loadGuides(),
        articles: await loadArticles(),
        verifications,
        snippets: createContentStore(db.db.kysely),
        mobileUnits,
        schedule,
        accounts,
        timezone: () => 'Europe/Moscow',
      });
      const c = new Context(new Request('http://netreach.test/api'));
      const audit = async () => db.db.kysely.selectFrom('audit_log').select(['action', 'target', 'detail', 'actor_role']).orderBy('id').execute();
      return { handlers, session, verifications, schedule, c, audit, tick: (ms: number) => (clock += ms), now: () => clock };
    }

    it('lists every guide, article and snippet per language, and a doctor verifies exactly the current version', async (ctx) => {
      if (!t0) return ctx.skip();
      const { handlers, session, verifications, c, audit, tick, now } = await setup(t0);
      const doctor = await session('doctor', 'doc');
      const worker = await session('worker', 'worker', 'ru');
      const saved = await handlers.saveSnippet({ params: undefined, query: undefined, body: { id: 'greeting', lang: 'ru', title: 'Приветствие', body: 'Здравствуйте! Чем помочь?' }, session: worker, c });
      expect(saved).toMatchObject({ id: 'greeting', lang: 'ru', verified: null, version: expect.stringMatching(/^[0-9a-f]{12}$/) });

      const list = await handlers.kb({ params: undefined, query: undefined, body: undefined, session: worker, c });
      if (list instanceof Response) throw new Error('unexpected response');
      const overdose = list.find((i) => i.kind === 'guide' && i.id === 'overdose' && i.lang === 'ru');
      expect(overdose).toMatchObject({ verified: null, needsReview: true, version: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
      expect(list.filter((i) => i.kind === 'guide')).toHaveLength(8);
      expect(list.some((i) => i.kind === 'article' && i.id === 'bus-schedule' && i.lang === 'en')).toBe(true);
      expect(list.filter((i) => i.kind === 'snippet')).toEqual([expect.objectContaining({ id: 'greeting', title: 'Приветствие', needsReview: true })]);
      const version = overdose?.version ?? '';

      const params = { kind: 'guide' as const, id: 'overdose', lang: 'ru' as const };
      const stale = await rejection(handlers.kbVerify({ params, query: undefined, body: { version: '2000-01-01', reviewMonths: 12 }, session: doctor, c }));
      expect([stale.kind, stale.code]).toEqual(['conflict', 'version-changed']);
      const verified = await handlers.kbVerify({ params, query: undefined, body: { version, reviewMonths: 6 }, session: doctor, c });
      expect(verified).toMatchObject({ version, needsReview: false, verified: { byRole: 'doctor', at: now(), reviewAt: addMonths(now(), 6) } });
      // The bot's view (the same store, in memory) sees it at once.
      expect(verifications.current('guide', 'overdose', 'ru', version, now())).toBeDefined();
      expect(verifications.current('guide', 'overdose', 'en', version, now())).toBeUndefined();
      expect((await audit()).at(-1)).toMatchObject({ action: 'kb.verify', target: 'guide:overdose:ru', actor_role: 'doctor' });
      expect(JSON.parse((await audit()).at(-1)?.detail ?? '{}')).toEqual({ version, reviewMonths: 6 });

      const detail = await handlers.kbItem({ params, query: undefined, body: undefined, session: doctor, c });
      if (detail instanceof Response) throw new Error('unexpected response');
      expect(detail.item.verified?.byRole).toBe('doctor');
      expect(detail.history).toEqual([{ version, byRole: 'doctor', at: now(), event: 'verified' }]);
      expect(detail.body).toContain('Step “start”');
      expect(detail.body).toContain('{ambulance}');
      expect(detail.body).toContain('Sources:');

      // Past the review date the item needs a doctor again.
      tick(200 * 24 * 3_600_000);
      const later = await handlers.kb({ params: undefined, query: undefined, body: undefined, session: worker, c });
      if (later instanceof Response) throw new Error('unexpected response');
      expect(later.find((i) => i.kind === 'guide' && i.id === 'overdose' && i.lang === 'ru')).toMatchObject({ verified: null, needsReview: true });

      const missing = await rejection(handlers.kbItem({ params: { kind: 'article', id: 'no-such-thing', lang: 'en' }, query: undefined, body: undefined, session: worker, c }));
      expect(missing.kind).toBe('not-found');
      const article = await handlers.kbItem({ params: { kind: 'article', id: 'bus-schedule', lang: 'en' }, query: undefined, body: undefined, session: worker, c });
      if (article instanceof Response) throw new Error('unexpected response');
      expect(article.body).toContain('{schedule}');
    });

    it('versions snippets: a new text is a new version that needs verifying again', async (ctx) => {
      if (!t0) return ctx.skip();
      const { handlers, session, c, audit, tick, now } = await setup(t0);
      const doctor = await session('doctor', 'doc2');
      const body = { id: 'naloxone-how', lang: 'en' as const, title: 'Naloxone', body: 'Spray into one nostril.' };
      const first = await handlers.saveSnippet({ params: undefined, query: undefined, body, session: doctor, c });
      if (first instanceof Response) throw new Error('unexpected response');
      const params = { kind: 'snippet' as const, id: 'naloxone-how', lang: 'en' as const };
      tick(1_000);
      await handlers.kbVerify({ params, query: undefined, body: { version: first.version, reviewMonths: 12 }, session: doctor, c });
      const listed = await handlers.snippets({ params: undefined, query: undefined, body: undefined, session: doctor, c });
      if (listed instanceof Response) throw new Error('unexpected response');
      expect(listed.find((s) => s.id === 'naloxone-how')?.verified?.byRole).toBe('doctor');

      tick(1_000);
      const second = await handlers.saveSnippet({ params: undefined, query: undefined, body: { ...body, body: 'Spray into one nostril; call an ambulance.' }, session: doctor, c });
      if (second instanceof Response) throw new Error('unexpected response');
      expect(second.version).not.toBe(first.version);
      expect(second.verified).toBeNull();
      const old = await rejection(handlers.kbVerify({ params, query: undefined, body: { version: first.version, reviewMonths: 12 }, session: doctor, c }));
      expect(old.code).toBe('version-changed');
      const detail = await handlers.kbItem({ params, query: undefined, body: undefined, session: doctor, c });
      if (detail instanceof Response) throw new Error('unexpected response');
      expect(detail.body).toBe('Spray into one nostril; call an ambulance.');
      expect(detail.item).toMatchObject({ version: second.version, needsReview: true });
      expect(detail.history.map((h) => [h.event, h.version])).toEqual([
        ['created', second.version],
        ['verified', first.version],
        ['created', first.version],
      ]);
      expect(detail.history[0]?.at).toBe(now());
      const snippetAudit = (await audit()).filter((a) => a.action === 'kb.snippet' && a.target === 'snippet:naloxone-how:en');
      expect(snippetAudit).toHaveLength(2);
      expect(snippetAudit.map((a) => a.detail).join()).not.toContain('nostril');
    });

    it('edits stops and exceptions, audited, and the bot’s schedule follows at once', async (ctx) => {
      if (!t0) return ctx.skip();
      const { handlers, session, schedule, c, audit, now } = await setup(t0);
      const supervisor = await session('supervisor', 'super');
      await schedule.refresh();
      expect(schedule.scheduleText('en', now())).toBeUndefined();

      const stopBody = { name: 'Station', area: 'Centre', address: 'Main 1', services: ['syringes' as const], schedule: [{ weekday: 'wed' as const, start: '18:00', end: '21:00' }] };
      const backwards = await rejection(handlers.createStop({ params: undefined, query: undefined, body: { ...stopBody, schedule: [{ weekday: 'mon', start: '21:00', end: '18:00' }] }, session: supervisor, c }));
      expect([backwards.kind, backwards.extra.issues?.[0]?.path]).toEqual(['unprocessable', 'body.schedule.0.end']);
      const stop = await handlers.createStop({ params: undefined, query: undefined, body: stopBody, session: supervisor, c });
      if (stop instanceof Response) throw new Error('unexpected response');
      expect(schedule.scheduleText('en', now())).toContain('Wed 18:00–21:00');

      const updated = await handlers.updateStop({ params: { id: stop.id }, query: undefined, body: { ...stopBody, name: 'Central station' }, session: supervisor, c });
      expect(updated).toMatchObject({ id: stop.id, name: 'Central station' });
      const wednesday = new Date(now() + 2 * DAY).toISOString().slice(0, 10);
      const exception = await handlers.addException({ params: undefined, query: undefined, body: { stopId: stop.id, date: wednesday, kind: 'cancelled', note: 'repair' }, session: supervisor, c });
      if (exception instanceof Response) throw new Error('unexpected response');
      expect(schedule.scheduleText('ru', now())).toContain('Central station: отменено: repair');
      const unknown = await rejection(handlers.addException({ params: undefined, query: undefined, body: { stopId: 99_999, date: wednesday, kind: 'changed', note: '' }, session: supervisor, c }));
      expect(unknown.code).toBe('unknown-stop');

      const units = await handlers.mobileUnits({ params: undefined, query: undefined, body: undefined, session: supervisor, c });
      expect(units).toEqual({ stops: [updated], exceptions: [exception] });

      expect(await handlers.deleteException({ params: { id: exception.id }, query: undefined, body: undefined, session: supervisor, c })).toEqual({ ok: true });
      expect(schedule.scheduleText('en', now())).not.toContain('repair');
      expect(await handlers.deleteStop({ params: { id: stop.id }, query: undefined, body: undefined, session: supervisor, c })).toEqual({ ok: true });
      expect((await rejection(handlers.deleteStop({ params: { id: stop.id }, query: undefined, body: undefined, session: supervisor, c }))).kind).toBe('not-found');
      expect(schedule.scheduleText('en', now())).toBeUndefined();
      expect((await audit()).filter((a) => a.action.startsWith('mobile.')).map((a) => a.action)).toEqual(['mobile.stop.create', 'mobile.stop.update', 'mobile.exception.add', 'mobile.exception.delete', 'mobile.stop.delete']);
    });
  });
}
