import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS, ROLES, ROUTES, type Role, type RouteSpec } from '../src/http/api/contract.ts';
import { DIALECTS } from './support/databases.ts';
import { CLIENT_ID, startHarness, type Harness } from './support/harness.ts';
import { anonymous, signUp, type StaffClient } from './support/staff-client.ts';

const SECRET_TEXT = 'моё тайное сообщение про абсцесс';

/** A concrete path for a route: real ids where they exist, so allowed roles reach the handler. */
function concrete(spec: RouteSpec, caseId: number, spareAccountId: number): string {
  const kb = spec.path.startsWith('/api/kb/');
  // Staff routes act on an account of their own: a reset must not sign out the roles under test.
  if (spec.path.startsWith('/api/staff/')) return spec.path.replace(':id', String(spareAccountId));
  return spec.path
    .replace(':kind', 'article')
    .replace(':lang', 'en')
    .replace(':messageId', '1')
    .replace(':id', kb ? 'naloxone' : String(caseId));
}

async function call(client: StaffClient | undefined, url: string, spec: RouteSpec, path: string) {
  const method = spec.method.toUpperCase();
  const body = spec.body ? {} : undefined;
  if (spec.stream) {
    // Only the status matters: read the headers, then hang up.
    const controller = new AbortController();
    const response = await fetch(`${url}${path}`, { headers: client ? { cookie: client.cookie } : {}, signal: controller.signal });
    const status = response.status;
    const text = status === 200 ? '' : await response.text();
    controller.abort();
    return { status, json: text ? (JSON.parse(text) as unknown) : undefined, text };
  }
  if (!client) return anonymous(url, method, path, body);
  return client.request(method, path, body);
}

for (const dialect of DIALECTS) {
  describe(`every endpoint against every role (${dialect})`, () => {
    let h: Harness | undefined;
    const clients = new Map<Role, StaffClient>();
    let caseId = 0;
    let spareAccountId = 0;

    beforeAll(async () => {
      h = await startHarness(dialect);
      if (!h) return;
      for (const role of ROLES) clients.set(role, await signUp(h.netreach, role, { totp: role === 'admin' || role === 'supervisor' }));
      spareAccountId = (await signUp(h.netreach, 'worker', { totp: false })).accountId;
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: SECRET_TEXT });
      await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && m.from?.is_bot === true, 10_000);
      await h.netreach.ingestion.idle();
      const row = await h.netreach.db.kysely.selectFrom('cases').select('id').executeTakeFirstOrThrow();
      caseId = row.id;
    }, 60_000);
    afterAll(async () => {
      await h?.stop();
    });

    // Signing out ends the session the other checks use: those routes go last.
    const routes = (Object.entries(ROUTES) as Array<[string, RouteSpec]>).sort(([a], [b]) => Number(a.startsWith('logout')) - Number(b.startsWith('logout')));

    it('a researcher cannot open a transcript through any endpoint, but case roles can', async (ctx) => {
      if (!h) return ctx.skip();
      const researcher = clients.get('researcher');
      const worker = clients.get('worker');
      if (!researcher || !worker) throw new Error('no clients');
      for (const path of [`/api/cases/${caseId}`, '/api/cases', `/api/cases/${caseId}/messages/1/file`, '/api/events']) {
        expect((await call(researcher, h.netreach.url, { method: 'get', path, access: 'cases', summary: '', ...(path === '/api/events' ? { stream: true } : {}) }, path)).status).toBe(403);
      }
      const opened = await worker.request('GET', `/api/cases/${caseId}`);
      expect(opened.text).toContain(SECRET_TEXT);
    });

    it('a worker cannot change settings, staff or the rota', async (ctx) => {
      if (!h) return ctx.skip();
      const worker = clients.get('worker');
      if (!worker) throw new Error('no worker');
      expect((await worker.request('PUT', '/api/settings', { orgName: 'Hijacked' })).status).toBe(403);
      expect((await worker.request('POST', '/api/staff', { login: 'intruder', role: 'admin' })).status).toBe(403);
      expect((await worker.request('PUT', '/api/rota', { slots: [] })).status).toBe(403);
    });

    it('covers every route of the contract', () => {
      expect(routes.length).toBeGreaterThan(40);
      for (const [, spec] of routes) expect(['public', ...Object.keys(ACCESS)]).toContain(spec.access);
    });

    for (const [name, spec] of routes) {
      if (spec.access === 'public') continue;
      const allowed = ACCESS[spec.access] as readonly Role[];
      it(`${spec.method.toUpperCase()} ${spec.path} (${name}) answers only ${allowed.join(', ')}`, async (ctx) => {
        if (!h) return ctx.skip();
        const path = concrete(spec, caseId, spareAccountId);
        const nobody = await call(undefined, h.netreach.url, spec, path);
        expect(nobody.status, 'without a session').toBe(401);
        for (const role of ROLES) {
          const result = await call(clients.get(role), h.netreach.url, spec, path);
          const refused = result.status === 403 && (result.json as { code?: string } | undefined)?.code === 'forbidden';
          expect(refused, `${role} ${allowed.includes(role) ? 'should be allowed' : 'should be refused'} (got ${result.status} ${result.text.slice(0, 120)})`).toBe(!allowed.includes(role));
          expect(result.status, `${role}: no server error`).toBeLessThan(500);
          if (role === 'researcher') expect(result.text, 'a researcher never sees a transcript').not.toContain(SECRET_TEXT);
        }
      });
    }

  });
}
