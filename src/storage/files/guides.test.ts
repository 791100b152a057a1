// Checks the shipped guides in content/guides/ with rules written out here, independently
// of the loader's own checks, so a bug in the loader cannot hide a broken guide.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { GUIDE_IDS, GUIDE_LANGS, guideCallbackData, guideSchema, type Guide, type GuideId, type GuideNode } from '../../core/content/guide-schema.ts';
import { loadGuides } from './load-guides.ts';
import type { GuideLibrary } from '../../core/content/guides.ts';
import { renderNodeText } from '../../core/content/render.ts';

// Read with the schema only, so these tests still run (and fail) if the loader is wrong.
const SHIPPED = new URL('../../../content/guides/', import.meta.url);
const shipped = new Map<string, Guide>(
  GUIDE_IDS.flatMap((id) =>
    GUIDE_LANGS.map((lang) => [`${id}.${lang}`, guideSchema.parse(JSON.parse(readFileSync(new URL(`${id}.${lang}.json`, SHIPPED), 'utf8')))] as const),
  ),
);
const guide = (id: GuideId, lang: 'ru' | 'en'): Guide => {
  const found = shipped.get(`${id}.${lang}`);
  if (!found) throw new Error(`${id}.${lang}.json not shipped`);
  return found;
};
const nodeOf = (id: GuideId, lang: 'ru' | 'en', nodeId: string): GuideNode | undefined => {
  const nodes = guide(id, lang).nodes;
  return Object.hasOwn(nodes, nodeId) ? nodes[nodeId] : undefined;
};

/** Organisations may list several hotlines; texts must still fit on a phone screen. */
const LONG_VALUES = {
  ambulance: '103 / 112 (с мобильного — 112)',
  hotlines: [
    '8-800-2000-122 — телефон доверия для детей и взрослых, бесплатно',
    '051 (с мобильного 8-495-051) — экстренная психологическая помощь',
    '8-800-100-49-94 — горячая линия для людей, употребляющих наркотики',
  ].join('\n'),
};

const cases = GUIDE_IDS.flatMap((guide) => GUIDE_LANGS.map((lang) => ({ guide, lang })));
const targets = (g: Guide): string[] => Object.values(g.nodes).flatMap((n) => n.buttons.flat().map((b) => b.next));

describe('the shipped guides through the loader', () => {
  let library: GuideLibrary;
  beforeAll(async () => {
    library = await loadGuides();
  });

  it('load without a ContentError, every guide in ru and en', () => {
    expect([...library.ids].sort()).toEqual(['bleeding', 'crisis', 'overdose', 'sos']);
    for (const { guide: id, lang } of cases) expect(library.get(id, lang)).toEqual(guide(id, lang));
    expect(library.node('overdose', 'ru', 'cpr')).toEqual(nodeOf('overdose', 'ru', 'cpr'));
  });
});

describe('shipped guides', () => {

  it.each(cases)('$guide ($lang): every target exists and every node is reachable from the start', ({ guide: id, lang }) => {
    const g = guide(id, lang);
    const ids = new Set(Object.keys(g.nodes));
    expect(ids.has(g.start)).toBe(true);
    for (const next of targets(g)) {
      const ok = ids.has(next) || next === '@worker' || next === '@end' || /^@guide:(overdose|crisis|bleeding)$/.test(next);
      expect(ok, `${id}.${lang}: target ${next}`).toBe(true);
    }
    const seen = new Set<string>();
    const stack = [g.start];
    while (stack.length > 0) {
      const current = stack.pop() ?? '';
      const node = g.nodes[current];
      if (!node || seen.has(current)) continue;
      seen.add(current);
      stack.push(...node.buttons.flat().map((b) => b.next));
      if (node.followUp) {
        expect(ids.has(node.followUp), `${id}.${lang}: followUp ${node.followUp}`).toBe(true);
        stack.push(node.followUp);
      }
    }
    expect([...ids].filter((n) => !seen.has(n))).toEqual([]);
  });

  it.each(cases)('$guide ($lang): no dead ends, short labels, callback_data within 64 bytes', ({ guide: id, lang }) => {
    for (const [nodeId, node] of Object.entries(guide(id, lang).nodes)) {
      expect(node.buttons.flat().length, `${nodeId} has no buttons`).toBeGreaterThan(0);
      expect(nodeId).toMatch(/^[a-z0-9-]{1,24}$/);
      expect(Buffer.byteLength(guideCallbackData(id, nodeId))).toBeLessThanOrEqual(64);
      for (const button of node.buttons.flat()) expect([...button.label].length, button.label).toBeLessThanOrEqual(40);
    }
  });

  it.each(cases)('$guide ($lang): texts fit 1000 characters after rendering and leave no braces', ({ guide: id, lang }) => {
    for (const [nodeId, node] of Object.entries(guide(id, lang).nodes)) {
      const text = renderNodeText(node, LONG_VALUES);
      expect(text.length, `${id}.${lang} ${nodeId}`).toBeLessThanOrEqual(1000);
      expect(text).not.toMatch(/[{}]/);
    }
  });

  it.each(cases)('$guide ($lang): emergency numbers only through {ambulance}', ({ guide: id, lang }) => {
    const g = guide(id, lang);
    for (const node of Object.values(g.nodes)) expect(node.text).not.toMatch(/(^|\D)(103|112|911|999)(\D|$)/);
  });

  it.each(cases)('$guide ($lang): written in its own language', ({ guide: id, lang }) => {
    for (const [nodeId, node] of Object.entries(guide(id, lang).nodes)) {
      const cyrillic = /[а-яё]/i.test(node.text + node.buttons.flat().map((b) => b.label).join(' '));
      expect(cyrillic, `${id}.${lang} ${nodeId}`).toBe(lang === 'ru');
    }
  });

  it.each(GUIDE_IDS)('%s: ru and en have the same graph, follow-ups and alerts', (id) => {
    const graph = (g: Guide) =>
      Object.fromEntries(
        Object.entries(g.nodes).map(([nodeId, n]) => [
          nodeId,
          { next: n.buttons.map((row) => row.map((b) => b.next)), followUp: n.followUp, after: n.followUpAfterSeconds, alert: n.alert },
        ]),
      );
    const ru = guide(id, 'ru');
    const en = guide(id, 'en');
    expect(graph(ru)).toEqual(graph(en));
    expect([ru.start, ru.version]).toEqual([en.start, en.version]);
  });

  it.each(GUIDE_LANGS)('%s: the first node shows the ambulance (and in a crisis, hotlines)', (lang) => {
    const first = (id: GuideId) => nodeOf(id, lang, guide(id, lang).start)?.text ?? '';
    for (const id of ['overdose', 'bleeding', 'crisis'] as const) expect(first(id)).toContain('{ambulance}');
    expect(first('crisis')).toContain('{hotlines}');
  });

  it.each(GUIDE_LANGS)('%s: every guide carries its sources, a disclaimer and a dated version', (lang) => {
    for (const id of GUIDE_IDS) {
      const g = guide(id, lang);
      expect(g.version).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(g.disclaimer.length).toBeGreaterThan(10);
      expect(g.sources.length).toBeGreaterThan(0);
    }
    expect(guide('overdose', lang).sources.join(' ')).toMatch(/WHO \(2014\) Community management of opioid overdose/);
  });
});

describe('what the guides must say', () => {
  it('sos leads to the three guides and to a worker', () => {
    for (const lang of GUIDE_LANGS) {
      expect(nodeOf('sos', lang, 'start')?.buttons.flat().map((b) => b.next)).toEqual([
        '@guide:overdose',
        '@guide:crisis',
        '@guide:bleeding',
        '@worker',
      ]);
    }
  });

  it('overdose: opioid and stimulant branches, naloxone, breathing, CPR and recovery position', () => {
    const g = guide('overdose', 'en');
    for (const id of ['not-breathing', 'breathing', 'stimulant', 'naloxone', 'naloxone-given', 'rescue-breaths', 'cpr', 'recovery', 'awake', 'waiting', 'dont', 'seizure']) {
      expect(Object.keys(g.nodes)).toContain(id);
    }
    const text = (id: string) => nodeOf('overdose', 'en', id)?.text ?? '';
    expect(text('naloxone-given')).toMatch(/2–3 minutes/);
    expect(text('naloxone-given')).toMatch(/30–90 minutes/);
    expect(text('cpr')).toMatch(/30 pushes, give 2 breaths/);
    expect(text('dont')).toMatch(/alone/);
    expect(text('dont')).toMatch(/cold bath/);
    expect(text('stimulant')).toMatch(/Don't hold them down/);
    expect(nodeOf('overdose', 'ru', 'dont')?.text).toMatch(/солевой раствор/);
    expect(nodeOf('overdose', 'ru', 'start')?.buttons.flat().some((b) => b.next === '@worker')).toBe(true);
  });

  it('overdose: the emergencies alert a worker at once, and the waiting steps follow up', () => {
    for (const id of ['not-breathing', 'cpr', 'stimulant', 'seizure']) expect(nodeOf('overdose', 'en', id)?.alert).toBe(true);
    for (const id of ['not-breathing', 'breathing', 'naloxone-given', 'waiting', 'awake', 'stimulant']) {
      expect(nodeOf('overdose', 'en', id)?.followUp, id).toBeDefined();
    }
  });

  it('crisis: every step offers a worker, and the first offers safe / not safe', () => {
    for (const lang of GUIDE_LANGS) {
      for (const [id, node] of Object.entries(guide('crisis', lang).nodes)) {
        expect(node.buttons.flat().some((b) => b.next === '@worker'), `crisis.${lang} ${id}`).toBe(true);
      }
      const first = nodeOf('crisis', lang, 'start')?.buttons.flat().map((b) => b.next);
      expect(first).toEqual(expect.arrayContaining(['safe-now', 'not-safe', '@worker']));
    }
  });

  it('crisis: no method details (safe messaging)', () => {
    const all = (lang: 'ru' | 'en') => Object.values(guide('crisis', lang).nodes).map((n) => n.text).join('\n');
    expect(all('en')).not.toMatch(/\b(hang|jump|rope|bridge|wrist|lethal|poison|dose|overdos)/i);
    expect(all('ru')).not.toMatch(/(повес|прыгн|верёвк|веревк|мост|запяст|вены|смертельн|доз|передоз)/i);
  });

  it('bleeding: pressure for 10 minutes, keep soaked cloth, tourniquet only if trained', () => {
    const text = (id: string) => nodeOf('bleeding', 'en', id)?.text ?? '';
    expect(text('pressing')).toMatch(/10 minutes/);
    expect(text('pressing')).toMatch(/don't take it off/);
    expect(text('not-stopping')).toMatch(/tourniquet only if .* you know how/i);
    for (const id of ['stopped', 'not-stopping', 'faint']) expect(Object.keys(guide('bleeding', 'ru').nodes)).toContain(id);
  });
});
