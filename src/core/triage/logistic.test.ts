import { describe, expect, it } from 'vitest';
import { createTriage } from './create-triage.ts';
import { compileLogistic, scoreLogistic, trainLogistic, type BinaryExample } from './logistic.ts';
import type { TermSet, TriageModel } from './types.ts';

const examples: BinaryExample[] = [
  ...['x danger', 'x danger y', 'danger z', 'w danger', 'danger'].map((s) => ({ features: s.split(' '), label: true })),
  ...['x calm', 'calm y', 'z calm', 'w calm x', 'calm'].map((s) => ({ features: s.split(' '), label: false })),
];

describe('urgency model (logistic regression)', () => {
  it('learns which features mean danger, and scores unseen combinations by them', () => {
    const model = compileLogistic(trainLogistic(examples, { minCount: 1 }));
    expect(scoreLogistic(model, ['danger', 'q'])).toBeGreaterThan(0.7);
    expect(scoreLogistic(model, ['calm', 'q'])).toBeLessThan(0.3);
    // Features common to both classes say little.
    expect(Math.abs(scoreLogistic(model, ['x']) - 0.5)).toBeLessThan(0.2);
  });

  it('is deterministic: the same examples give the same weights', () => {
    expect(trainLogistic(examples, { minCount: 1 })).toEqual(trainLogistic(examples, { minCount: 1 }));
  });

  it('drops rare features, so a model file stays small', () => {
    const model = trainLogistic(examples);
    expect(Object.keys(model.weights)).not.toContain('q');
    expect(Object.keys(model.weights)).toContain('danger');
  });
});

describe('triage with an urgency model', () => {
  const terms: TermSet[] = [
    {
      lang: 'en',
      needs: { overdose: { limp: 2 } },
      urgent: { overdose: ['not breathing'] },
      context: { past: ['yesterday'], advance: ['just in case'], resolved: ['fine now'] },
    },
    { lang: 'ru', needs: {} },
  ];
  // A hand-made model: the word "limp" strongly means an emergency, "tired" a little.
  const model = (weights: Record<string, number>): TriageModel => ({ version: 1, classes: ['overdose', 'other'], priors: [0, 0], features: {}, urgency: { bias: -3, weights } });

  it('calls a message with no cue urgent when the model reads danger, with the kind its need suggests', () => {
    const triage = createTriage({ terms, model: model({ 'w limp': 40 }) });
    expect(triage.classify('he went limp on the floor', 'en')).toMatchObject({ urgent: true, urgentKind: 'overdose', need: 'overdose', doubt: false });
    expect(triage.classify('he is fine, just sleeping', 'en')).toMatchObject({ urgent: false, doubt: false });
  });

  it('never overrules an advance question or a danger said to be over', () => {
    const triage = createTriage({ terms, model: model({ 'w limp': 40 }) });
    expect(triage.classify('just in case, what if someone goes limp', 'en').urgent).toBe(false);
    expect(triage.classify('he went limp but he is fine now', 'en').urgent).toBe(false);
  });

  it('asks (doubt) when the model is unsure, or when a cue was defused by its context', () => {
    const unsure = createTriage({ terms, model: model({ 'w tired': 5.5 }), weights: { doubtAt: 0.15, urgentAt: 0.5 } });
    expect(unsure.classify('so tired', 'en')).toMatchObject({ urgent: false, doubt: true });
    expect(unsure.classify('hello there', 'en')).toMatchObject({ urgent: false, doubt: false });
    // "yesterday" defuses "not breathing": not urgent, but asked about, whatever the model says.
    const strong = createTriage({ terms, model: model({ 'w breathing': 60 }) });
    expect(strong.classify('yesterday he was not breathing', 'en')).toMatchObject({ urgent: false, doubt: true });
  });

  it('without an urgency model, only the cues decide (an organisation without one loses nothing)', () => {
    const triage = createTriage({ terms });
    expect(triage.classify('he is not breathing', 'en')).toMatchObject({ urgent: true, urgentKind: 'overdose' });
    expect(triage.classify('he went limp', 'en')).toMatchObject({ urgent: false, doubt: false });
  });
});
