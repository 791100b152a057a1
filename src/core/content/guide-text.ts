import type { Translate } from '../ports.ts';
import type { Language } from '../types.ts';
import { TARGET_END, TARGET_WORKER, targetGuide, type Guide } from './guide-schema.ts';
import { renderText, type PlaceholderValues } from './render.ts';

/**
 * An emergency guide as one readable text, for a doctor reviewing it in the dashboard:
 * title and disclaimer, then every step (in the order a client meets them) with its text,
 * where each button leads, follow-ups and alerts, then the sources. Labels are in `lang`
 * (the reader's language); the guide's own text is in its language. Placeholders are
 * filled when `values` are given, otherwise shown as `{ambulance}`.
 */
export function guideAsText(guide: Guide, t: Translate, lang: Language, values?: PlaceholderValues): string {
  const fill = (text: string) => (values ? renderText(text, values) : text);
  const order: string[] = [];
  const queue = [guide.start];
  while (queue.length > 0) {
    const id = queue.shift() ?? '';
    if (order.includes(id) || !Object.hasOwn(guide.nodes, id)) continue;
    order.push(id);
    const node = guide.nodes[id];
    for (const button of node?.buttons.flat() ?? []) queue.push(button.next);
    if (node?.followUp) queue.push(node.followUp);
  }
  order.push(...Object.keys(guide.nodes).filter((id) => !order.includes(id)));
  const target = (next: string) => {
    if (next === TARGET_WORKER) return t(lang, 'kb-guide-to-worker');
    if (next === TARGET_END) return t(lang, 'kb-guide-end');
    const other = targetGuide(next);
    return other ? t(lang, 'kb-guide-other', { guide: other }) : t(lang, 'kb-guide-goto', { step: next });
  };
  const steps = order.map((id) => {
    const node = guide.nodes[id];
    if (!node) return '';
    const lines = [t(lang, 'kb-guide-step', { step: id }), fill(node.text)];
    for (const button of node.buttons.flat()) lines.push(t(lang, 'kb-guide-button', { label: button.label, target: target(button.next) }));
    if (node.followUp && node.followUpAfterSeconds) lines.push(t(lang, 'kb-guide-follow-up', { minutes: Math.round(node.followUpAfterSeconds / 60), step: node.followUp }));
    if (node.alert) lines.push(t(lang, 'kb-guide-alert'));
    return lines.join('\n');
  });
  return [guide.title, guide.disclaimer, ...steps, [t(lang, 'kb-sources'), ...guide.sources.map((s) => `• ${s}`)].join('\n')].join('\n\n');
}
