import type { AuthService } from '../../../core/accounts/auth-service.ts';
import { AppError } from '../../../core/app-error.ts';
import type { AccountStore } from '../../../core/accounts/ports.ts';
import type { Role } from '../contract.ts';
import type { Handlers } from '../router.ts';
import { accountView } from './auth.ts';

/** What the staff and audit endpoints need. */
export interface StaffHandlerDeps {
  auth: AuthService;
  accounts: AccountStore;
  now: () => number;
  /** A staff member's alias, role or status changed (the rota re-reads aliases). */
  onChange?(): void;
}

/** Staff accounts (invite, roles, disable, reset) and the audit log. */
export function staffHandlers(deps: StaffHandlerDeps): Pick<Handlers, 'staff' | 'invite' | 'patchStaff' | 'resetStaff' | 'audit'> {
  const { accounts, auth, now } = deps;
  const view = async (id: number) => {
    const found = (await accounts.list()).find((a) => a.id === id);
    if (!found) throw new AppError('not-found', 'not-found', 'No such staff member.');
    return { ...accountView(found), disabled: found.disabled, lastSignInAt: found.lastSignInAt, createdAt: found.createdAt, openCases: found.openCases };
  };
  return {
    staff: async () => (await accounts.list()).map((a) => ({ ...accountView(a), disabled: a.disabled, lastSignInAt: a.lastSignInAt, createdAt: a.createdAt, openCases: a.openCases })),

    invite: async ({ body, session }) => auth.invite(body, session.account),

    patchStaff: async ({ params, body, session }) => {
      const target = await accounts.byId(params.id);
      if (!target) throw new AppError('not-found', 'not-found', 'No such staff member.');
      const losesAdmin = target.role === 'admin' && ((body.role !== undefined && body.role !== 'admin') || body.disabled === true);
      if (losesAdmin) {
        const admins = (await accounts.list()).filter((a) => a.role === 'admin' && !a.disabled);
        if (admins.length <= 1) throw new AppError('conflict', 'last-admin', 'The organisation needs at least one active admin.');
      }
      await accounts.update(params.id, {
        ...(body.role !== undefined ? { role: body.role } : {}),
        ...(body.alias !== undefined ? { alias: body.alias === '' ? null : body.alias } : {}),
        ...(body.specialisations !== undefined ? { specialisations: body.specialisations } : {}),
        ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
      });
      // A new role or a disabled account takes effect now: its sessions end.
      if ((body.role !== undefined && body.role !== target.role) || body.disabled === true) await accounts.deleteSessions(params.id);
      await accounts.audit({
        at: now(),
        actorAccountId: session.account.id,
        actorRole: session.account.role,
        action: 'staff.change',
        target: `account:${params.id}`,
        detail: { fields: Object.keys(body).join(','), ...(body.role !== undefined ? { from: target.role, to: body.role } : {}), ...(body.disabled !== undefined ? { disabled: body.disabled } : {}) },
      });
      deps.onChange?.();
      const updated = await view(params.id);
      return { ...updated, role: updated.role as Role };
    },

    resetStaff: async ({ params, session }) => auth.reset(params.id, session.account),

    audit: async ({ query }) => accounts.auditLog(query),
  };
}
