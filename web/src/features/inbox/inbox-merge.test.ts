import { describe, expect, it } from 'vitest';
import type { InboxCase } from '../../../../src/http/api/contract.ts';
import { matchesView, needsUrgentAlert, sortInbox, upsertCase, type InboxView } from './inbox-merge.ts';

function row(id: number, over: Partial<InboxCase> = {}): InboxCase {
  return {
    id,
    clientCode: `K-${String(id).padStart(4, '0')}`,
    channel: 'private',
    status: 'open',
    urgent: false,
    afterHours: false,
    doctorFlag: false,
    assignee: null,
    reportComplete: false,
    needs: [],
    openedAt: 1000,
    updatedAt: 1000 + id,
    firstResponseAt: null,
    lastDirection: 'in',
    lastKind: 'text',
    lastAt: 1000 + id,
    ...over,
  };
}

const all: InboxView = { filter: 'all', accountId: 7 };

describe('inbox merge of live events', () => {
  it('pins open urgent cases on top, then newest first', () => {
    const sorted = sortInbox([row(1), row(2, { urgent: true, updatedAt: 1 }), row(3), row(4, { urgent: true, status: 'closed' })]);
    expect(sorted.map((r) => r.id)).toEqual([2, 4, 3, 1]);
  });

  it('adds a new case, replaces a changed one and re-sorts', () => {
    let rows = sortInbox([row(1), row(2)]);
    rows = upsertCase(rows, row(3), all);
    expect(rows.map((r) => r.id)).toEqual([3, 2, 1]);
    rows = upsertCase(rows, row(1, { updatedAt: 5000, urgent: true }), all);
    expect(rows.map((r) => r.id)).toEqual([1, 3, 2]);
    expect(rows.filter((r) => r.id === 1)).toHaveLength(1);
  });

  it('drops a row that no longer matches the filter and ignores stale events', () => {
    const unassigned: InboxView = { filter: 'unassigned', accountId: 7 };
    let rows = [row(1), row(2)];
    rows = upsertCase(rows, row(1, { assignee: { id: 7, alias: 'Sasha' }, updatedAt: 3000 }), unassigned);
    expect(rows.map((r) => r.id)).toEqual([2]);
    const fresh = [row(5, { updatedAt: 9000, needs: ['overdose'] })];
    expect(upsertCase(fresh, row(5, { updatedAt: 8000 }), all)[0]?.needs).toEqual(['overdose']);
  });

  it('applies each filter, the channel and the client-code search', () => {
    const view = (filter: InboxView['filter']): InboxView => ({ filter, accountId: 7 });
    expect(matchesView(row(1, { status: 'closed' }), view('all'))).toBe(false);
    expect(matchesView(row(1, { status: 'closed' }), view('closed'))).toBe(true);
    expect(matchesView(row(1, { status: 'closed' }), view('report_missing'))).toBe(true);
    expect(matchesView(row(1, { status: 'closed', reportComplete: true }), view('report_missing'))).toBe(false);
    expect(matchesView(row(1, { reportComplete: false }), view('report_missing'))).toBe(false);
    expect(matchesView(row(1, { assignee: { id: 7, alias: null } }), view('mine'))).toBe(true);
    expect(matchesView(row(1, { assignee: { id: 8, alias: null } }), view('mine'))).toBe(false);
    expect(matchesView(row(1, { lastDirection: 'out' }), view('waiting_client'))).toBe(true);
    expect(matchesView(row(1, { afterHours: true }), view('after_hours'))).toBe(true);
    expect(matchesView(row(1), { ...all, channel: 'group' })).toBe(false);
    expect(matchesView(row(1, { clientCode: 'K-AB12' }), { ...all, q: 'ab1' })).toBe(true);
    expect(matchesView(row(1, { clientCode: 'K-AB12' }), { ...all, q: 'zz' })).toBe(false);
  });

  it('alerts on a new urgent case and on a new client message in one, not on other changes', () => {
    const urgent = row(1, { urgent: true, lastAt: 100 });
    expect(needsUrgentAlert(undefined, urgent)).toBe(true);
    expect(needsUrgentAlert(row(1), urgent)).toBe(true);
    expect(needsUrgentAlert(urgent, { ...urgent, assignee: { id: 1, alias: null } })).toBe(false);
    expect(needsUrgentAlert(urgent, { ...urgent, lastAt: 200, lastDirection: 'in' })).toBe(true);
    expect(needsUrgentAlert(urgent, { ...urgent, lastAt: 200, lastDirection: 'out' })).toBe(false);
    expect(needsUrgentAlert(undefined, row(2))).toBe(false);
  });
});
