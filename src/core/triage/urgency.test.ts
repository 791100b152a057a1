import { describe, expect, it } from 'vitest';
import { createTriage } from './create-triage.ts';
import type { TermSet } from './types.ts';

/** A tiny vocabulary, so these tests pin the urgency rules rather than the shipped terms. */
const terms: TermSet[] = [
  {
    lang: 'en',
    needs: { overdose: { overdose: 3, 'not breathing': 3 }, psych_support: { sad: 3 } },
    urgent: {
      overdose: ['not breathing', 'turning blue'],
      overdoseWeak: ['overdose'],
      suicide: ['kill myself'],
      bleeding: ['blood wont stop'],
      blockers: ['foot turning blue'],
    },
    context: {
      present: ['help', 'now'],
      presentWeak: ['my friend'],
      hypothetical: ['if'],
      question: ['how'],
      advance: ['in advance'],
      past: ['yesterday'],
      resolved: ['fine now'],
      story: ['lol'],
    },
  },
];
const triage = createTriage({ terms });
const urgent = (text: string): string | null => triage.classify(text).urgentKind;

describe('urgency rules', () => {
  it('a state cue is urgent on its own', () => {
    expect(urgent('my friend is not breathing')).toBe('overdose');
    expect(urgent('he is turning blue')).toBe('overdose');
  });

  it('a hypothetical or past marker before the cue defuses it, unless "now" is said', () => {
    expect(urgent('if someone is not breathing what then')).toBeNull();
    expect(urgent('yesterday he was not breathing')).toBeNull();
    expect(urgent('yesterday he used, now he is not breathing')).toBe('overdose');
    expect(urgent('he is not breathing, what if narcan fails')).toBe('overdose');
  });

  it('advance questions and resolved events are not urgent', () => {
    expect(urgent('asking in advance: not breathing, what to do')).toBeNull();
    expect(urgent('he was not breathing but is fine now')).toBeNull();
    expect(urgent('he was fine now and then, but now not breathing')).toBe('overdose');
  });

  it('a weak cue needs a sign of a live situation', () => {
    expect(urgent('overdose')).toBeNull();
    expect(urgent('how to survive an overdose')).toBeNull();
    expect(urgent('my friend overdose')).toBe('overdose');
    expect(urgent('overdose help')).toBe('overdose');
  });

  it('blockers cancel the cue they overlap', () => {
    expect(urgent('my foot turning blue')).toBeNull();
  });

  it('tells the kinds apart and maps them to needs', () => {
    expect(triage.classify('i will kill myself')).toMatchObject({ need: 'psych_support', urgent: true, urgentKind: 'suicide' });
    expect(triage.classify('blood wont stop')).toMatchObject({ need: 'injection_severe', urgentKind: 'bleeding' });
    expect(triage.classify('so sad')).toMatchObject({ need: 'psych_support', urgent: false, urgentKind: null });
  });

  it('stories and jokes before a cue defuse it', () => {
    expect(urgent('lol my laptop is not breathing')).toBeNull();
  });
});
