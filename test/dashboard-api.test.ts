import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../src/core/accounts/totp.ts';
import type { CaseDetail, InboxCase, InboxPage, TranscriptMessage, WorkReport } from '../src/http/api/contract.ts';
import { DIALECTS } from './support/databases.ts';
import { CLIENT_ID, STAFF_CHAT_ID, WORKER_ID, startHarness, type Harness } from './support/harness.ts';
import { anonymous, signUp, type StaffClient } from './support/staff-client.ts';

const REPORT = {
  needs: ['injection_minor'],
  services: ['verified_advice', 'referral'],
  referrals: [{ target: 'org_doctor', status: 'made', note: null }],
  phoneCall: 'offered_declined',
  requestSummary: 'Veins hard to find, asked where else to inject.',
  servicesSummary: 'Vein care advice; referred to the organisation’s doctor.',
  outcome: 'referred',
};

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (const dialect of DIALECTS) {
  describe(`staff dashboard API (${dialect})`, () => {
    let h: Harness | undefined;
    let admin: StaffClient;
    let worker: StaffClient;
    let caseId = 0;

    beforeAll(async () => {
      h = await startHarness(dialect);
      if (!h) return;
      admin = await signUp(h.netreach, 'admin', { login: 'first-admin', alias: 'Ana' });
      worker = await signUp(h.netreach, 'worker', { alias: 'Boris', totp: false });
    }, 30_000);
    afterAll(async () => {
      await h?.stop();
    });

    it('streams a new case to the inbox over server-sent events, then lists it', async (ctx) => {
      if (!h) return ctx.skip();
      const controller = new AbortController();
      const response = await fetch(`${h.netreach.url}/api/events`, { headers: { cookie: admin.cookie }, signal: controller.signal });
      expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
      const reader = response.body?.getReader();
      if (!reader) throw new Error('no stream');
      const decoder = new TextDecoder();
      let buffer = '';
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: 'вены пропали, куда колоть <script>alert(1)</script>' });
      let event: InboxCase | undefined;
      while (!event) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        const match = /event: case\ndata: (.+)\n/.exec(buffer);
        if (match?.[1]) event = JSON.parse(match[1]) as InboxCase;
      }
      controller.abort();
      expect(event?.clientCode).toMatch(/^K-[A-Z0-9]{4}$/);
      expect(event?.lastDirection).toBe('in');
      caseId = event?.id ?? 0;
      const inbox = await admin.request('GET', '/api/cases?filter=unassigned');
      expect(inbox.status).toBe(200);
      expect((inbox.json as InboxPage).cases.map((c) => c.id)).toContain(caseId);
      const byCode = await admin.request('GET', `/api/cases?q=${encodeURIComponent((event?.clientCode ?? '').slice(2).toLowerCase())}`);
      expect((byCode.json as InboxPage).cases.map((c) => c.id)).toEqual([caseId]);
    });

    it('opens the transcript (audited), with message text as text', async (ctx) => {
      if (!h) return ctx.skip();
      const detail = await admin.request('GET', `/api/cases/${caseId}`);
      expect(detail.status).toBe(200);
      const body = detail.json as CaseDetail;
      expect(body.messages[0]?.text).toBe('вены пропали, куда колоть <script>alert(1)</script>');
      expect(body.case.clientReachable).toBe(true);
      const audit = await admin.request('GET', '/api/audit?action=case.open');
      expect((audit.json as Array<{ target: string; actor: string }>)[0]).toMatchObject({ target: `case:${caseId}`, actor: 'first-admin' });
    });

    it('sends a reply through the bot signed with the alias, once per request id, and mirrors it in the topic', async (ctx) => {
      if (!h) return ctx.skip();
      const reply = { text: 'Приходите к автобусу в четверг', requestId: 'req-0001-abcdef' };
      const [first, retry] = await Promise.all([admin.request('POST', `/api/cases/${caseId}/reply`, reply), admin.request('POST', `/api/cases/${caseId}/reply`, reply)]);
      expect(first.status).toBe(200);
      expect(retry.status).toBe(200);
      const delivered = await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && (m.text ?? '').startsWith('Приходите'), 10_000);
      expect(delivered.text).toContain('Ana');
      await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && /Ana \(dashboard\)/.test(m.text ?? ''), 10_000);
      await h.netreach.sender.drained();
      expect(h.emulator.history(CLIENT_ID).filter((m) => (m.text ?? '').startsWith('Приходите'))).toHaveLength(1);
      const detail = (await admin.request('GET', `/api/cases/${caseId}`)).json as CaseDetail;
      const outgoing = detail.messages.filter((m) => m.direction === 'out');
      expect(outgoing).toHaveLength(1);
      expect(outgoing[0]).toMatchObject({ staffAlias: 'Ana', delivery: 'sent' });
    });

    it('delivers replies of two workers sent at the same moment, in the order the server took them', async (ctx) => {
      if (!h) return ctx.skip();
      const results = await Promise.all([
        admin.request('POST', `/api/cases/${caseId}/reply`, { text: 'first of two', requestId: 'req-two-000001' }),
        worker.request('POST', `/api/cases/${caseId}/reply`, { text: 'second of two', requestId: 'req-two-000002' }),
      ]);
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      const ids = results.map((r) => (r.json as TranscriptMessage).id);
      await h.netreach.sender.drained();
      const texts = h.emulator.history(CLIENT_ID).map((m) => m.text ?? '').filter((t) => / of two/.test(t));
      expect(texts).toHaveLength(2);
      const order = (ids[0] ?? 0) < (ids[1] ?? 0) ? ['first', 'second'] : ['second', 'first'];
      expect(texts.map((t) => t.split(' ')[0])).toEqual(order);
    });

    it('refuses to close without a complete work report and refuses identifying details in it', async (ctx) => {
      if (!h) return ctx.skip();
      const early = await admin.request('POST', `/api/cases/${caseId}/close`);
      expect(early.status).toBe(422);
      expect(early.json).toMatchObject({ code: 'report-incomplete' });
      const leaky = await admin.request('PUT', `/api/cases/${caseId}/report`, { ...REPORT, requestSummary: 'Call her on +7 999 123-45-67' });
      expect(leaky.status).toBe(422);
      expect(leaky.json).toMatchObject({ code: 'identifying-details' });
      const draft = await admin.request('PUT', `/api/cases/${caseId}/report`, { ...REPORT, outcome: null });
      expect((draft.json as WorkReport).complete).toBe(false);
      expect((await admin.request('POST', `/api/cases/${caseId}/close`)).status).toBe(422);
    });

    it('closes with the report: the client gets the closing message with the feedback buttons', async (ctx) => {
      if (!h) return ctx.skip();
      const saved = await admin.request('PUT', `/api/cases/${caseId}/report`, REPORT);
      expect(saved.status).toBe(200);
      expect(saved.json).toMatchObject({ complete: true, needs: ['injection_minor'], referrals: [{ target: 'org_doctor', status: 'made' }] });
      const closed = await admin.request('POST', `/api/cases/${caseId}/close`);
      expect(closed.status).toBe(200);
      expect((closed.json as InboxCase).status).toBe('closed');
      const prompt = await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && m.reply_markup !== undefined && JSON.stringify(m.reply_markup).includes(`fb:${caseId}:helped`), 10_000);
      expect(prompt.text).toBeTruthy();
      // The referral is followed up later: made → attended.
      const referral = (saved.json as WorkReport).referrals[0];
      const followed = await admin.request('PATCH', `/api/referrals/${referral?.id}`, { status: 'attended' });
      expect(followed.json).toMatchObject({ id: referral?.id, caseId, status: 'attended' });
      const attended = (await admin.request('GET', '/api/referrals?status=attended')).json as Array<{ id: number }>;
      expect(attended.map((r) => r.id)).toEqual([referral?.id]);
      expect((await admin.request('PATCH', '/api/referrals/999999', { status: 'attended' })).status).toBe(404);
      const again = await admin.request('POST', `/api/cases/${caseId}/reply`, { text: 'late', requestId: 'req-late-000001' });
      expect(again.status).toBe(409);
      expect(again.json).toMatchObject({ code: 'case-closed' });
    });

    it('tells why a reply cannot reach a client who blocked the bot', async (ctx) => {
      if (!h) return ctx.skip();
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: 'ещё вопрос про гепатит' });
      const open = await until(async () => ((await admin.request('GET', '/api/cases')).json as InboxPage).cases.find((c) => c.id !== caseId && c.status === 'open'));
      h.emulator.userBlockBot(CLIENT_ID);
      const sent = await admin.request('POST', `/api/cases/${open.id}/reply`, { text: 'are you there?', requestId: 'req-blocked-0001' });
      if (sent.status === 200) {
        // The reply went in before the bot heard of the block: its delivery fails, and the transcript says why.
        const failed = await until(async () => {
          const detail = (await admin.request('GET', `/api/cases/${open.id}`)).json as CaseDetail;
          const m = detail.messages.find((x) => x.text === 'are you there?');
          return m?.delivery === 'failed' ? m : undefined;
        });
        expect(failed.failure).toBe('blocked');
      } else {
        // The bot already knew: the reply is refused with the reason.
        expect(sent.status).toBe(409);
        expect(sent.json).toMatchObject({ code: 'client-unreachable' });
      }
      await until(async () => (((await admin.request('GET', `/api/cases/${open.id}`)).json as CaseDetail).case.clientReachable ? undefined : true));
      const next = await admin.request('POST', `/api/cases/${open.id}/reply`, { text: 'hello?', requestId: 'req-blocked-0002' });
      expect(next.status).toBe(409);
      expect(next.json).toMatchObject({ code: 'client-unreachable' });
      h.emulator.userUnblockBot(CLIENT_ID);
    });

    it('serves a photo and a voice message for the transcript, and any other file only as a download', async (ctx) => {
      if (!h) return ctx.skip();
      h.emulator.userUnblockBot(CLIENT_ID);
      const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
      h.emulator.userSendMessage({ userId: CLIENT_ID, photo: { bytes: jpeg, mimeType: 'image/jpeg' }, caption: 'рана на руке' });
      h.emulator.userSendMessage({ userId: CLIENT_ID, voice: 7 });
      h.emulator.userSendMessage({ userId: CLIENT_ID, document: { bytes: new TextEncoder().encode('<script>alert(1)</script>'), fileName: 'x.html', mimeType: 'text/html' } });
      const detail = await until(async () => {
        const open = ((await admin.request('GET', '/api/cases')).json as InboxPage).cases.find((c) => c.status === 'open');
        if (!open) return undefined;
        const d = (await admin.request('GET', `/api/cases/${open.id}`)).json as CaseDetail;
        return d.messages.some((m) => m.kind === 'document') ? d : undefined;
      });
      const photo = detail.messages.find((m) => m.kind === 'photo');
      const voice = detail.messages.find((m) => m.kind === 'voice');
      const document = detail.messages.find((m) => m.kind === 'document');
      expect(photo).toMatchObject({ text: 'рана на руке', media: { available: true } });
      expect(voice?.media?.duration).toBe(7);
      const file = (m: TranscriptMessage | undefined) => fetch(`${h?.netreach.url}/api/cases/${detail.case.id}/messages/${m?.id}/file`, { headers: { cookie: admin.cookie } });
      const image = await file(photo);
      expect(image.status).toBe(200);
      expect(image.headers.get('content-type')).toBe('image/jpeg');
      expect(new Uint8Array(await image.arrayBuffer())).toEqual(jpeg);
      const audio = await file(voice);
      expect(audio.headers.get('content-type')).toBe('audio/ogg');
      const html = await file(document);
      expect(html.headers.get('content-type')).toBe('application/octet-stream');
      // File names are not kept (they often carry a name); the download gets a neutral one.
      expect(html.headers.get('content-disposition')).toBe('attachment; filename="file"');
      // Only staff of the case's roles, signed in, get files.
      expect((await fetch(`${h.netreach.url}/api/cases/${detail.case.id}/messages/${photo?.id}/file`)).status).toBe(401);
    });

    it('signs in with password and TOTP; a code is good once; wrong guesses make the account wait', async (ctx) => {
      if (!h) return ctx.skip();
      const url = h.netreach.url;
      const noCode = await anonymous(url, 'POST', '/api/auth/login', { login: 'first-admin', password: 'correct horse battery staple' });
      expect(noCode.status).toBe(401);
      expect(noCode.json).toMatchObject({ code: 'invalid' });
      const code = totpCode(admin.totpSecret ?? '', Date.now() + 30_000);
      const ok = await anonymous(url, 'POST', '/api/auth/login', { login: 'FIRST-ADMIN', password: 'correct horse battery staple', totp: code });
      expect(ok.status).toBe(200);
      expect(ok.setCookie).toMatch(/netreach_session=.+HttpOnly/i);
      expect(ok.setCookie).toMatch(/SameSite=Strict/i);
      const replay = await anonymous(url, 'POST', '/api/auth/login', { login: 'first-admin', password: 'correct horse battery staple', totp: code });
      expect(replay.status).toBe(401);
      expect(replay.json).toMatchObject({ code: 'invalid' });
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await anonymous(url, 'POST', '/api/auth/login', { login: 'first-admin', password: `wrong ${i}`, totp: '000000' })).status);
      expect(statuses).toContain(429);
      const locked = await anonymous(url, 'POST', '/api/auth/login', { login: 'first-admin', password: 'correct horse battery staple', totp: totpCode(admin.totpSecret ?? '', Date.now() + 60_000) });
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
      // Another account is not affected by guesses at this one.
      const unknown = await anonymous(url, 'POST', '/api/auth/login', { login: 'nobody-here', password: 'whatever' });
      expect(unknown.status).toBe(401);
      expect(unknown.json).toMatchObject({ code: 'invalid' });
    }, 30_000);

    it('refuses changes without the CSRF token or from another site, bad bodies with 4xx, and unknown routes with 404', async (ctx) => {
      if (!h) return ctx.skip();
      const noToken = await anonymous(h.netreach.url, 'POST', `/api/cases/${caseId}/notes`, { text: 'x' }, { cookie: admin.cookie });
      expect(noToken.status).toBe(403);
      expect(noToken.json).toMatchObject({ code: 'csrf' });
      const crossSite = await admin.request('POST', `/api/cases/${caseId}/notes`, { text: 'x' }, { origin: 'https://evil.example' });
      expect(crossSite.status).toBe(403);
      const huge = await admin.request('POST', `/api/cases/${caseId}/notes`, { text: 'x'.repeat(100_000) });
      expect(huge.status).toBe(413);
      const broken = await anonymous(h.netreach.url, 'POST', `/api/cases/${caseId}/notes`, undefined, { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' });
      expect(broken.status).toBe(400);
      const invalid = await admin.request('PUT', `/api/cases/${caseId}/report`, { needs: ['not_a_code'] });
      expect(invalid.status).toBe(400);
      expect(invalid.json).toMatchObject({ code: 'invalid' });
      expect(JSON.stringify(invalid.json)).not.toMatch(/at .*\.ts|stack/i);
      expect((await admin.request('GET', '/api/nothing-here')).status).toBe(404);
      expect((await admin.request('GET', '/api/cases/999999')).status).toBe(404);
    });

    it('worker cannot reassign a colleague’s case; supervisors can; sign-out everywhere ends every session', async (ctx) => {
      if (!h) return ctx.skip();
      const take = await admin.request('POST', `/api/cases/${caseId}/assign`, { accountId: admin.accountId });
      expect(take.status).toBe(200);
      const steal = await worker.request('POST', `/api/cases/${caseId}/assign`, { accountId: worker.accountId });
      expect(steal.status).toBe(403);
      const give = await admin.request('POST', `/api/cases/${caseId}/assign`, { accountId: worker.accountId });
      expect((give.json as InboxCase).assignee?.alias).toBe('Boris');
      const closed = await worker.request('GET', '/api/cases?filter=closed');
      expect((closed.json as InboxPage).cases.find((c) => c.id === caseId)?.assignee).toEqual({ id: worker.accountId, alias: 'Boris' });
      // The case was closed with its report: it is not among those still missing one.
      const missing = await worker.request('GET', '/api/cases?filter=report_missing');
      expect((missing.json as InboxPage).cases.map((c) => c.id)).not.toContain(caseId);
      expect((await worker.request('POST', '/api/auth/logout-all')).status).toBe(200);
      expect((await worker.request('GET', '/api/auth/me')).status).toBe(401);
    });

    it('links a dashboard account to a Telegram identity with a one-time code from the staff group', async (ctx) => {
      if (!h) return ctx.skip();
      const supervisor = await signUp(h.netreach, 'supervisor', { login: `sup-${dialect}`, alias: 'Sveta' });
      const { code } = (await supervisor.request('POST', '/api/auth/telegram-link')).json as { code: string };
      expect(code).toMatch(/^[A-Z2-9]{8}$/);
      h.emulator.userSendMessage({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, text: '/link WRONGCODE' });
      await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && /not valid/.test(m.text ?? ''), 10_000);
      h.emulator.userSendMessage({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, text: `/link ${code.toLowerCase()}` });
      await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && /Linked/.test(m.text ?? ''), 10_000);
      const me = (await supervisor.request('GET', '/api/auth/me')).json as { account: { telegramLinked: boolean; alias: string | null } };
      expect(me.account.telegramLinked).toBe(true);
      const staff = await h.netreach.db.kysely.selectFrom('staff_accounts as a').innerJoin('staff as s', 's.id', 'a.staff_id').select(['s.role', 's.chat_sealed']).where('a.login', '=', `sup-${dialect}`).executeTakeFirstOrThrow();
      expect(staff.role).toBe('supervisor');
      expect(staff.chat_sealed).not.toBeNull();
      // The code worked once.
      const again = h.emulator.userSendMessage({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, text: `/link ${code}` });
      const refused = await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && m.reply_to_message?.message_id === again.message.message_id, 10_000);
      expect(refused.text).toMatch(/not valid/);
    });

    it('publishes the OpenAPI description with every route and its roles', async (ctx) => {
      if (!h) return ctx.skip();
      const doc = await anonymous(h.netreach.url, 'GET', '/api/openapi.json');
      expect(doc.status).toBe(200);
      const paths = (doc.json as { paths: Record<string, Record<string, { 'x-roles': string[] }>> }).paths;
      expect(paths['/api/cases/{id}']?.get?.['x-roles']).not.toContain('researcher');
      expect(paths['/api/settings']?.put?.['x-roles']).toEqual(['admin']);
    });
  });
}
