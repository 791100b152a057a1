/**
 * The emergency guides as the bot engine relies on them: a guides folder's files checked
 * (schema, graph, placeholders, parity of languages), so a mistake in an organisation's
 * edit stops the start-up with a message that names the file, instead of leaving a client
 * in an emergency with a broken button. Reading the folder is storage's
 * (storage/files/load-guides.ts).
 */
import type { z } from 'zod';
import {
  GUIDE_IDS,
  GUIDE_LANGS,
  MAX_CALLBACK_DATA_BYTES,
  PLACEHOLDERS,
  TARGET_END,
  TARGET_WORKER,
  guideCallbackData,
  guideSchema,
  targetGuide,
  type Guide,
  type GuideId,
  type GuideLang,
  type GuideNode,
  type Placeholder,
} from './guide-schema.ts';
import { placeholdersIn } from './render.ts';

/** A guide file that cannot be used; names the file and what is wrong with it. */
export class ContentError extends Error {
  override name = 'ContentError';
  constructor(
    readonly file: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${reason}`, options);
  }
}

/** The loaded guides, every one in every language of {@link GUIDE_LANGS}. */
export interface GuideLibrary {
  /** One guide in one language. */
  get(guide: GuideId, lang: GuideLang): Guide;
  /** One node, or undefined when the id is not in the guide (e.g. stale callback_data). */
  node(guide: GuideId, lang: GuideLang, nodeId: string): GuideNode | undefined;
  /** The guides loaded, in {@link GUIDE_IDS} order. */
  readonly ids: GuideId[];
}

/**
 * Placeholders the first node of a guide must contain: whoever opens an emergency guide
 * sees how to reach an ambulance (and, in a suicidal crisis, a hotline) before anything else.
 */
export const REQUIRED_START_PLACEHOLDERS: Readonly<Record<GuideId, readonly Placeholder[]>> = {
  overdose: ['ambulance'],
  bleeding: ['ambulance'],
  crisis: ['ambulance', 'hotlines'],
  sos: [],
};

const FILE_NAME = /^([a-z]+)\.([a-z]+)\.json$/;
/** Emergency numbers must come from `{ambulance}`, which the organisation configures. */
const HARD_CODED_NUMBER = /(?<!\d)(?:103|112|911|999)(?!\d)/;

/**
 * Validates and cross-checks the guide files given as name and text (every
 * `<guide>.<lang>.json` of a guides folder), in name order.
 *
 * @throws ContentError naming the file and the problem: a bad name, invalid JSON, a schema
 *   violation, a broken graph, a missing guide or language, or ru/en files that differ
 */
export function buildGuideLibrary(files: ReadonlyArray<{ name: string; text: string }>): GuideLibrary {
  const guides = new Map<string, Guide>();
  for (const { name, text } of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const guide = parseGuideFile(name, text);
    guides.set(key(guide.guide, guide.lang), guide);
  }
  for (const id of GUIDE_IDS) {
    for (const lang of GUIDE_LANGS) {
      if (!guides.has(key(id, lang))) throw new ContentError(`${id}.${lang}.json`, 'file is missing');
    }
    const [first, ...others] = GUIDE_LANGS.map((lang) => guides.get(key(id, lang)));
    for (const other of others) {
      if (!first || !other) continue;
      const problems = parityProblems(first, other);
      if (problems.length > 0) {
        throw new ContentError(`${id}.${other.lang}.json`, `differs from ${id}.${first.lang}.json: ${problems.join('; ')}`);
      }
    }
  }
  return {
    ids: [...GUIDE_IDS],
    get(guide, lang) {
      const found = guides.get(key(guide, lang));
      if (!found) throw new ContentError(`${guide}.${lang}.json`, 'file is missing');
      return found;
    },
    node(guide, lang, nodeId) {
      const nodes = guides.get(key(guide, lang))?.nodes;
      return nodes && Object.hasOwn(nodes, nodeId) ? nodes[nodeId] : undefined;
    },
  };
}

function parseGuideFile(name: string, text: string): Guide {
  const match = FILE_NAME.exec(name);
  const fileGuide = GUIDE_IDS.find((id) => id === match?.[1]);
  const fileLang = GUIDE_LANGS.find((lang) => lang === match?.[2]);
  if (!fileGuide || !fileLang) {
    throw new ContentError(name, `file name must be <guide>.<lang>.json, guide one of ${GUIDE_IDS.join(', ')}, lang one of ${GUIDE_LANGS.join(', ')}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ContentError(name, `not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const parsed = guideSchema.safeParse(json);
  if (!parsed.success) throw new ContentError(name, formatIssues(parsed.error.issues), { cause: parsed.error });
  const guide = parsed.data;
  if (guide.guide !== fileGuide || guide.lang !== fileLang) {
    throw new ContentError(name, `says guide "${guide.guide}", lang "${guide.lang}" but the file name says "${fileGuide}", "${fileLang}"`);
  }
  const problems = guideProblems(guide);
  if (problems.length > 0) throw new ContentError(name, problems.join('; '));
  return guide;
}

/**
 * The rules a single guide must follow beyond its schema: the start node and every button
 * and follow-up target exist, every node is reachable from the start, callback_data fits
 * Telegram's limit, only known placeholders are used (and the required ones are there),
 * and no emergency number is hard-coded. Returns one message per problem; empty when fine.
 */
export function guideProblems(guide: Guide): string[] {
  const problems: string[] = [];
  const has = (id: string): boolean => Object.hasOwn(guide.nodes, id);
  if (!has(guide.start)) problems.push(`start node "${guide.start}" does not exist`);
  for (const field of ['title', 'disclaimer'] as const) {
    if (/[{}]/.test(guide[field])) problems.push(`${field} cannot contain placeholders or braces`);
  }
  for (const [id, node] of Object.entries(guide.nodes)) {
    const where = `node "${id}"`;
    const callbackData = guideCallbackData(guide.guide, id);
    if (Buffer.byteLength(callbackData, 'utf8') > MAX_CALLBACK_DATA_BYTES) {
      problems.push(`${where}: callback_data "${callbackData}" is longer than ${MAX_CALLBACK_DATA_BYTES} bytes`);
    }
    const labels = new Set<string>();
    for (const button of node.buttons.flat()) {
      if (labels.has(button.label)) problems.push(`${where}: two buttons are labelled "${button.label}"`);
      labels.add(button.label);
      const problem = targetProblem(guide, button.next);
      if (problem) problems.push(`${where}: button "${button.label}" ${problem}`);
    }
    if (node.followUp !== undefined) {
      if (node.followUp === id) problems.push(`${where}: followUp cannot be the node itself`);
      else if (!has(node.followUp)) problems.push(`${where}: followUp "${node.followUp}" does not exist`);
    }
    problems.push(...textProblems(where, node.text));
  }
  const start = guide.nodes[guide.start];
  if (start) {
    for (const name of REQUIRED_START_PLACEHOLDERS[guide.guide]) {
      if (!placeholdersIn(start.text).includes(name)) problems.push(`start node "${guide.start}" must contain {${name}}`);
    }
  }
  const reachable = reachableNodes(guide);
  for (const id of Object.keys(guide.nodes)) {
    if (!reachable.has(id)) problems.push(`node "${id}" cannot be reached from "${guide.start}"`);
  }
  return problems;
}

/**
 * Differences between two languages of one guide that would break the engine: the version,
 * start, node ids, button layout, targets, follow-ups, alerts and the placeholders each node
 * uses must all be the same; only texts and labels differ. Empty when they match.
 */
export function parityProblems(a: Guide, b: Guide): string[] {
  const problems: string[] = [];
  if (a.guide !== b.guide) return [`different guides "${a.guide}" and "${b.guide}"`];
  if (a.version !== b.version) problems.push(`version "${b.version}" is not "${a.version}" (bump both languages together)`);
  if (a.start !== b.start) problems.push(`start "${b.start}" is not "${a.start}"`);
  const missing = Object.keys(a.nodes).filter((id) => !Object.hasOwn(b.nodes, id));
  const extra = Object.keys(b.nodes).filter((id) => !Object.hasOwn(a.nodes, id));
  if (missing.length > 0) problems.push(`missing nodes ${missing.map((id) => `"${id}"`).join(', ')}`);
  if (extra.length > 0) problems.push(`extra nodes ${extra.map((id) => `"${id}"`).join(', ')}`);
  for (const [id, nodeA] of Object.entries(a.nodes)) {
    const nodeB = b.nodes[id];
    if (!nodeB) continue;
    const where = `node "${id}"`;
    if (shape(nodeA) !== shape(nodeB)) problems.push(`${where}: buttons are ${shape(nodeB)}, expected ${shape(nodeA)}`);
    if (nodeA.followUp !== nodeB.followUp || nodeA.followUpAfterSeconds !== nodeB.followUpAfterSeconds) {
      problems.push(`${where}: follow-up ${nodeB.followUp ?? 'none'}/${nodeB.followUpAfterSeconds ?? '-'}s, expected ${nodeA.followUp ?? 'none'}/${nodeA.followUpAfterSeconds ?? '-'}s`);
    }
    if ((nodeA.alert ?? false) !== (nodeB.alert ?? false)) problems.push(`${where}: alert differs`);
    const placeholdersA = [...new Set(placeholdersIn(nodeA.text))].sort().join(', ');
    const placeholdersB = [...new Set(placeholdersIn(nodeB.text))].sort().join(', ');
    if (placeholdersA !== placeholdersB) problems.push(`${where}: uses placeholders [${placeholdersB}], expected [${placeholdersA}]`);
  }
  return problems;
}

/** Node ids reachable from the start through buttons and follow-ups. */
export function reachableNodes(guide: Guide): Set<string> {
  const seen = new Set<string>();
  const queue = [guide.start];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    const node = guide.nodes[id];
    if (seen.has(id) || !node) continue;
    seen.add(id);
    queue.push(...node.buttons.flat().map((button) => button.next), ...(node.followUp ? [node.followUp] : []));
  }
  return seen;
}

function targetProblem(guide: Guide, target: string): string | null {
  if (target === TARGET_WORKER || target === TARGET_END) return null;
  if (target.startsWith('@')) {
    const other = targetGuide(target);
    if (!other) return `leads to unknown target "${target}"`;
    return other === guide.guide ? `switches to its own guide "${target}"` : null;
  }
  return Object.hasOwn(guide.nodes, target) ? null : `leads to missing node "${target}"`;
}

function textProblems(where: string, text: string): string[] {
  const problems: string[] = [];
  const names = placeholdersIn(text);
  for (const name of names) {
    if (!PLACEHOLDERS.some((known) => known === name)) {
      problems.push(`${where}: unknown placeholder {${name}} (known: ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')})`);
    }
  }
  if (/[{}]/.test(text.replace(/\{[^{}]*\}/g, ''))) problems.push(`${where}: unmatched brace`);
  if (HARD_CODED_NUMBER.test(text)) problems.push(`${where}: write {ambulance} instead of an emergency number`);
  return problems;
}

function shape(node: GuideNode): string {
  return JSON.stringify(node.buttons.map((row) => row.map((button) => button.next)));
}

function key(guide: GuideId, lang: GuideLang): string {
  return `${guide}.${lang}`;
}

function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const path = issue.path.map(String).join('.') || '(file)';
      const inner = issue.code === 'invalid_key' ? `: ${issue.issues.map((i) => i.message).join(', ')}` : '';
      return `${path}: ${issue.message}${inner}`;
    })
    .join('; ');
}
