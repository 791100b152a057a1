/** The on-call rota: who is on call now, and (supervisors) the weekly slots editor. */
import { useEffect, useState, type ReactNode } from 'react';
import { WEEKDAYS } from '../../../../src/http/api/contract.ts';
import type { BodyOf } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { can, CheckboxGroup, ErrorBox, Loading, PageTitle, useAction, useLoad, useSession } from '../../ui/common.tsx';
import { codeName } from '../../ui/labels.ts';

type Slot = BodyOf<'saveRota'>['slots'][number] & { accountId: number };

export function RotaPage(): ReactNode {
  const { t } = useI18n();
  const { api, me } = useSession();
  const supervisor = can(me.account.role, 'supervise');
  const rota = useLoad((signal) => api.call('rota', { signal }), [api]);
  const staff = useLoad((signal) => (supervisor ? api.call('staff', { signal }) : Promise.resolve([])), [api, supervisor]);
  const [slots, setSlots] = useState<Slot[]>([]);
  const [saved, setSaved] = useState(false);
  const action = useAction();
  useEffect(() => {
    if (rota.data) setSlots(rota.data.slots.map(({ weekdays, start, end, accountId }) => ({ weekdays, start, end, accountId: Number(accountId) })));
  }, [rota.data]);
  const people = (staff.data ?? []).filter((s) => !s.disabled && s.role !== 'researcher');
  const setSlot = (i: number, patch: Partial<Slot>) => {
    setSaved(false);
    setSlots(slots.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  };

  return (
    <section>
      <PageTitle>{t('web-rota-title')}</PageTitle>
      <ErrorBox error={rota.error ?? staff.error} />
      {!rota.data && !rota.error && <Loading />}
      {rota.data && (
        <>
          <p className="notice">{rota.data.onCallNow.length ? t('web-rota-now', { list: rota.data.onCallNow.join(', ') }) : t('web-rota-nobody-now')}</p>
          {!supervisor ? (
            <ul className="plain-list">
              {rota.data.slots.map((s, i) => (
                <li key={i}>
                  {s.weekdays.map((d) => codeName(t, 'weekday', d)).join(', ')} {s.start}–{s.end}: {s.alias ?? `#${String(s.accountId)}`}
                </li>
              ))}
            </ul>
          ) : (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void action.run(async () => {
                  rota.setData(await api.call('saveRota', { body: { slots } }));
                  setSaved(true);
                });
              }}
            >
              {slots.length === 0 && <p className="muted">{t('web-rota-empty')}</p>}
              {slots.map((slot, i) => (
                <fieldset key={i} className="panel">
                  <legend>{t('web-rota-slot', { n: i + 1 })}</legend>
                  <CheckboxGroup legend={t('web-rota-weekdays')} options={WEEKDAYS} value={slot.weekdays} onChange={(weekdays) => setSlot(i, { weekdays })} label={(d) => codeName(t, 'weekday', d)} />
                  <div className="slot-row">
                    <div className="field inline">
                      <label htmlFor={`rota-start-${i}`}>{t('web-from')}</label>
                      <input id={`rota-start-${i}`} type="time" required value={slot.start} onChange={(e) => setSlot(i, { start: e.target.value })} />
                    </div>
                    <div className="field inline">
                      <label htmlFor={`rota-end-${i}`}>{t('web-to')}</label>
                      <input id={`rota-end-${i}`} pattern="([01]\d|2[0-3]):[0-5]\d|24:00" required aria-describedby="rota-end-hint" value={slot.end} onChange={(e) => setSlot(i, { end: e.target.value })} />
                    </div>
                    <div className="field inline">
                      <label htmlFor={`rota-person-${i}`}>{t('web-rota-person')}</label>
                      <select id={`rota-person-${i}`} value={slot.accountId} onChange={(e) => setSlot(i, { accountId: Number(e.target.value) })}>
                        {people.map((p) => (
                          <option key={p.id} value={p.id}>
                            {p.alias ?? p.login}
                          </option>
                        ))}
                      </select>
                    </div>
                    <button type="button" className="small" onClick={() => setSlots(slots.filter((_, j) => j !== i))}>
                      {t('web-remove')}
                    </button>
                  </div>
                </fieldset>
              ))}
              <p className="hint" id="rota-end-hint">
                {t('web-rota-end-hint')}
              </p>
              <div className="actions">
                <button type="button" disabled={people.length === 0} onClick={() => setSlots([...slots, { weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '10:00', end: '19:00', accountId: people[0]?.id ?? me.account.id }])}>
                  {t('web-rota-add')}
                </button>
                <button type="submit" className="primary" disabled={action.busy}>
                  {t('web-save')}
                </button>
              </div>
              <ErrorBox error={action.error} />
              {saved && (
                <p className="notice" role="status">
                  {t('web-saved')}
                </p>
              )}
            </form>
          )}
        </>
      )}
    </section>
  );
}
