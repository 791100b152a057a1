import { describe, expect, it } from 'vitest';
import { guideCallbackData, targetGuide } from './guide-schema.ts';
import { placeholdersIn, renderNodeText } from './render.ts';

const values = { ambulance: '103 / 112', hotlines: '8-800-2000-122' };

describe('renderNodeText', () => {
  it('fills every occurrence of both placeholders', () => {
    const text = renderNodeText({ text: 'Звоните {ambulance}. Ещё раз: {ambulance}. Линии: {hotlines}' }, values);
    expect(text).toBe('Звоните 103 / 112. Ещё раз: 103 / 112. Линии: 8-800-2000-122');
  });

  it('inserts values literally, even with $ patterns', () => {
    expect(renderNodeText({ text: '{hotlines}' }, { ambulance: '', hotlines: "$& $1 $'" })).toBe("$& $1 $'");
  });

  it('leaves unknown braces for the loader to reject', () => {
    expect(renderNodeText({ text: 'Call {ambulanse}' }, values)).toBe('Call {ambulanse}');
    expect(placeholdersIn('Call {ambulance} or {hotline}')).toEqual(['ambulance', 'hotline']);
  });
});

describe('callback data', () => {
  it('is g:<guide>:<node>', () => {
    expect(guideCallbackData('overdose', 'not-breathing')).toBe('g:overdose:not-breathing');
  });

  it('reads guide switches', () => {
    expect(targetGuide('@guide:crisis')).toBe('crisis');
    expect(targetGuide('@guide:burns')).toBeNull();
    expect(targetGuide('@worker')).toBeNull();
  });
});
