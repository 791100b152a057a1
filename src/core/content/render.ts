/**
 * Fills the organisation's numbers into guide texts. Guides never hard-code emergency
 * numbers: they say `{ambulance}` and `{hotlines}`, and each organisation configures what
 * those are for its city and country.
 */
import { PLACEHOLDERS, type GuideNode, type Placeholder } from './guide-schema.ts';

/** What the organisation has configured for the placeholders. */
export interface PlaceholderValues {
  /** Emergency numbers, e.g. `103 / 112` in Russia. */
  ambulance: string;
  /** Crisis hotlines, one or several lines of text. */
  hotlines: string;
}

const PLACEHOLDER_PATTERN = /\{([^{}]*)\}/g;

function isPlaceholder(name: string): name is Placeholder {
  return PLACEHOLDERS.some((known) => known === name);
}

/**
 * The names written in braces in a text, in order, known or not; used to check content.
 *
 * @example placeholdersIn('Call {ambulance} or {hotline}') // ['ambulance', 'hotline']
 */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER_PATTERN)].map((match) => match[1] ?? '');
}

/**
 * Replaces `{ambulance}` and `{hotlines}` in a text. Unknown braces are left as they are
 * (the loader rejects them, so shipped content has none). The result is plain text: an
 * engine that sends it with a Telegram parse mode must escape it first.
 */
export function renderText(text: string, values: PlaceholderValues): string {
  return text.replace(PLACEHOLDER_PATTERN, (whole, name: string) => (isPlaceholder(name) ? values[name] : whole));
}

/**
 * The text of a guide node as the client sees it, with the organisation's numbers filled in.
 *
 * @example
 * const node = library.node('overdose', 'ru', 'start');
 * if (node) await reply(renderNodeText(node, { ambulance: '103 / 112', hotlines }));
 */
export function renderNodeText(node: Pick<GuideNode, 'text'>, values: PlaceholderValues): string {
  return renderText(node.text, values);
}
