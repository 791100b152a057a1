/** Mobile units: stops with services and a weekly schedule, and exceptions on dates. */
import { useState, type FormEvent, type ReactNode } from 'react';
import { MOBILE_SERVICES, WEEKDAYS, type Stop } from '../../../../src/http/api/contract.ts';
import type { BodyOf } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { CodeSelect } from '../../ui/code-select.tsx';
import { can, CheckboxGroup, ErrorBox, Loading, PageTitle, useAction, useLoad, useSession } from '../../ui/common.tsx';
import { FormFooter } from '../../ui/form-footer.tsx';
import { codeName } from '../../ui/labels.ts';

type StopDraft = Required<Pick<BodyOf<'createStop'>, 'name' | 'area' | 'address' | 'services' | 'schedule'>>;
/** An exception's kinds, in the order the form offers them. */
const EXCEPTION_KINDS = ['cancelled', 'changed'] as const;
type ExceptionKind = (typeof EXCEPTION_KINDS)[number];
const NEW_STOP: StopDraft = { name: '', area: '', address: '', services: [], schedule: [] };

export function MobileUnitsPage(): ReactNode {
  const { t } = useI18n();
  const { api, me } = useSession();
  const units = useLoad((signal) => api.call('mobileUnits', { signal }), [api]);
  const [editing, setEditing] = useState<{ id: number | null; draft: StopDraft } | null>(null);
  const action = useAction();
  const editor = can(me.account.role, 'editContent');
  const stops = units.data?.stops ?? [];

  return (
    <section>
      <PageTitle>{t('web-mu-title')}</PageTitle>
      <ErrorBox error={units.error ?? action.error} />
      {!units.data && !units.error && <Loading />}
      {units.data && (
        <>
          {stops.length === 0 && <p className="muted">{t('web-mu-no-stops')}</p>}
          <ul className="cards">
            {stops.map((stop) => (
              <li key={stop.id} className="card">
                <h2>{stop.name}</h2>
                <p className="muted">{[stop.area, stop.address].filter(Boolean).join(' · ')}</p>
                <p>{t('web-mu-services', { list: stop.services.map((s) => codeName(t, 'mu-service', s)).join(', ') || '—' })}</p>
                <ul className="schedule">
                  {stop.schedule.map((s, i) => (
                    <li key={i}>
                      {codeName(t, 'weekday', s.weekday)} {s.start}–{s.end}
                    </li>
                  ))}
                </ul>
                {editor && (
                  <div className="actions">
                    <button type="button" className="small" onClick={() => setEditing({ id: stop.id, draft: { name: stop.name, area: stop.area, address: stop.address, services: stop.services, schedule: stop.schedule } })}>
                      {t('web-edit')}
                      <span className="visually-hidden"> {stop.name}</span>
                    </button>
                    <button
                      type="button"
                      className="small danger"
                      onClick={() => {
                        if (!confirm(t('web-mu-delete-confirm', { name: stop.name }))) return;
                        void action.run(async () => {
                          await api.call('deleteStop', { params: { id: stop.id } });
                          units.reload();
                        });
                      }}
                    >
                      {t('web-delete')}
                      <span className="visually-hidden"> {stop.name}</span>
                    </button>
                  </div>
                )}
              </li>
            ))}
          </ul>
          {editor && !editing && (
            <button type="button" onClick={() => setEditing({ id: null, draft: NEW_STOP })}>
              {t('web-mu-add-stop')}
            </button>
          )}
          {editing && (
            <StopForm
              key={editing.id ?? 'new'}
              initial={editing}
              onCancel={() => setEditing(null)}
              onSaved={() => {
                setEditing(null);
                units.reload();
              }}
            />
          )}
          <Exceptions stops={stops} exceptions={units.data.exceptions} editor={editor} onChanged={units.reload} />
        </>
      )}
    </section>
  );
}

function StopForm({ initial, onCancel, onSaved }: { initial: { id: number | null; draft: StopDraft }; onCancel(): void; onSaved(): void }): ReactNode {
  const { t } = useI18n();
  const { api } = useSession();
  const [draft, setDraft] = useState<StopDraft>(initial.draft);
  const action = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      if (initial.id === null) await api.call('createStop', { body: draft });
      else await api.call('updateStop', { params: { id: initial.id }, body: draft });
      onSaved();
    });
  };
  const setSlot = (i: number, patch: Partial<StopDraft['schedule'][number]>) => setDraft({ ...draft, schedule: draft.schedule.map((s, j) => (j === i ? { ...s, ...patch } : s)) });
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="stop-form-title">
      <h2 id="stop-form-title">{initial.id === null ? t('web-mu-add-stop') : t('web-mu-edit-stop', { name: initial.draft.name })}</h2>
      <div className="field">
        <label htmlFor="stop-name">{t('web-mu-name')}</label>
        <input id="stop-name" required maxLength={80} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="stop-area">{t('web-mu-area')}</label>
        <input id="stop-area" maxLength={80} value={draft.area} onChange={(e) => setDraft({ ...draft, area: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="stop-address">{t('web-mu-address')}</label>
        <input id="stop-address" maxLength={200} value={draft.address} onChange={(e) => setDraft({ ...draft, address: e.target.value })} />
      </div>
      <CheckboxGroup legend={t('web-mu-services-legend')} options={MOBILE_SERVICES} value={draft.services} onChange={(services) => setDraft({ ...draft, services })} label={(s) => codeName(t, 'mu-service', s)} />
      <fieldset>
        <legend>{t('web-mu-schedule')}</legend>
        {draft.schedule.map((slot, i) => (
          <div key={i} className="slot-row">
            <div className="field inline">
              <label htmlFor={`slot-day-${i}`}>{t('web-mu-weekday')}</label>
              <CodeSelect id={`slot-day-${i}`} codes={WEEKDAYS} value={slot.weekday} onChange={(weekday) => setSlot(i, { weekday })} label={(d) => codeName(t, 'weekday', d)} />
            </div>
            <div className="field inline">
              <label htmlFor={`slot-start-${i}`}>{t('web-from')}</label>
              <input id={`slot-start-${i}`} type="time" required value={slot.start} onChange={(e) => setSlot(i, { start: e.target.value })} />
            </div>
            <div className="field inline">
              <label htmlFor={`slot-end-${i}`}>{t('web-to')}</label>
              <input id={`slot-end-${i}`} type="time" required value={slot.end} onChange={(e) => setSlot(i, { end: e.target.value })} />
            </div>
            <button type="button" className="small" onClick={() => setDraft({ ...draft, schedule: draft.schedule.filter((_, j) => j !== i) })}>
              {t('web-remove')}
            </button>
          </div>
        ))}
        {draft.schedule.length < 21 && (
          <button type="button" onClick={() => setDraft({ ...draft, schedule: [...draft.schedule, { weekday: 'mon', start: '10:00', end: '14:00' }] })}>
            {t('web-mu-add-slot')}
          </button>
        )}
      </fieldset>
      <ErrorBox error={action.error} />
      <FormFooter busy={action.busy} onCancel={onCancel} />
    </form>
  );
}

function Exceptions({ stops, exceptions, editor, onChanged }: { stops: Stop[]; exceptions: Array<{ id: number; stopId: number; date: string; kind: ExceptionKind; note: string }>; editor: boolean; onChanged(): void }): ReactNode {
  const { t } = useI18n();
  const { api } = useSession();
  const [form, setForm] = useState({ stopId: 0, date: '', kind: 'cancelled' as ExceptionKind, note: '' });
  const action = useAction();
  const stopName = (id: number) => stops.find((s) => s.id === id)?.name ?? `#${id}`;
  return (
    <section aria-labelledby="exceptions-title">
      <h2 id="exceptions-title">{t('web-mu-exceptions')}</h2>
      {exceptions.length === 0 ? (
        <p className="muted">{t('web-mu-no-exceptions')}</p>
      ) : (
        <ul className="plain-list">
          {[...exceptions]
            .sort((a, b) => a.date.localeCompare(b.date))
            .map((x) => (
              <li key={x.id}>
                <strong>{x.date}</strong> · {stopName(x.stopId)} · {codeName(t, 'mu-exception', x.kind)}
                {x.note && ` · ${x.note}`}{' '}
                {editor && (
                  <button type="button" className="small" onClick={() => void action.run(async () => {
                    await api.call('deleteException', { params: { id: x.id } });
                    onChanged();
                  })}>
                    {t('web-delete')}
                  </button>
                )}
              </li>
            ))}
        </ul>
      )}
      {editor && stops.length > 0 && (
        <form
          className="panel"
          onSubmit={(e) => {
            e.preventDefault();
            void action.run(async () => {
              await api.call('addException', { body: { ...form, stopId: form.stopId || stops[0]?.id } });
              setForm({ ...form, date: '', note: '' });
              onChanged();
            });
          }}
        >
          <h3>{t('web-mu-add-exception')}</h3>
          <div className="field">
            <label htmlFor="exc-stop">{t('web-mu-stop')}</label>
            <select id="exc-stop" value={form.stopId || stops[0]?.id} onChange={(e) => setForm({ ...form, stopId: Number(e.target.value) })}>
              {stops.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="exc-date">{t('web-mu-date')}</label>
            <input id="exc-date" type="date" required value={form.date} onChange={(e) => setForm({ ...form, date: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="exc-kind">{t('web-mu-exception-kind')}</label>
            <CodeSelect id="exc-kind" codes={EXCEPTION_KINDS} value={form.kind} onChange={(kind) => setForm({ ...form, kind })} label={(k) => codeName(t, 'mu-exception', k)} />
          </div>
          <div className="field">
            <label htmlFor="exc-note">{t('web-mu-exception-note')}</label>
            <input id="exc-note" maxLength={200} value={form.note} onChange={(e) => setForm({ ...form, note: e.target.value })} />
          </div>
          <ErrorBox error={action.error} />
          <button type="submit" className="primary" disabled={action.busy}>
            {t('web-mu-add-exception')}
          </button>
        </form>
      )}
    </section>
  );
}
