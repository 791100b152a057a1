import { describe, expect, it } from 'vitest';
import { skeleton, tokenize } from './normalize.ts';
import { boundedDistance, TermIndex } from './term-index.ts';

function tags(index: TermIndex, text: string): string[] {
  const tokens = tokenize(text).tokens;
  return index.match({ tokens, skeletons: tokens.map(skeleton) }).map((h) => h.term.tag);
}

describe('TermIndex', () => {
  const index = new TermIndex('ru');
  index.add('передоз*', 'od');
  index.add('не дыш*', 'breath');
  index.add('губы син*', 'lips');
  index.add('мак', 'poppy');
  index.add('вчера', 'past', 1, true);

  it('matches prefixes and exact words', () => {
    expect(tags(index, 'передозняк у друга')).toEqual(['od']);
    expect(tags(index, 'маки')).toEqual([]);
    expect(tags(index, 'мак')).toEqual(['poppy']);
  });

  it('matches phrases with a small gap but not a large one', () => {
    expect(tags(index, 'губы у него синие')).toEqual(['lips']);
    expect(tags(index, 'губы у него совсем очень синие')).toEqual([]);
  });

  it('tolerates a typo in longer words, with less strength', () => {
    const tokens = tokenize('перидоз').tokens;
    const [hit] = index.match({ tokens, skeletons: tokens.map(skeleton) });
    expect(hit?.term.tag).toBe('od');
    expect(hit?.strength).toBeLessThan(1);
  });

  it('does not fuzz exact-only terms or unrelated words', () => {
    expect(tags(index, 'вчира')).toEqual([]);
    expect(tags(index, 'перевод')).toEqual([]);
  });

  it('knows its vocabulary', () => {
    expect(index.knows('передозировка')).toBe(true);
    expect(index.knows('автобус')).toBe(false);
  });
});

describe('boundedDistance', () => {
  it('computes edit distance up to a limit', () => {
    expect(boundedDistance('дышит', 'дышет', 1)).toBe(1);
    expect(boundedDistance('снять', 'синеет', 2)).toBe(3);
  });
});
