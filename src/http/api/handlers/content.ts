import type { z } from 'zod';
import { AppError } from '../../../core/app-error.ts';
import { localDay, type MobileSchedule, type MobileStop, type StopTime } from '../../../core/mobile-schedule.ts';
import type { Translate } from '../../../core/ports.ts';
import type { Language } from '../../../core/types.ts';
import type { ArticleLibrary } from '../../../core/content/articles.ts';
import { renderArticle } from '../../../core/content/articles.ts';
import type { ArticleValues } from '../../../core/content/articles-schema.ts';
import { GUIDE_IDS, GUIDE_LANGS, type GuideId } from '../../../core/content/guide-schema.ts';
import { guideAsText } from '../../../core/content/guide-text.ts';
import type { GuideLibrary } from '../../../core/content/guides.ts';
import type { PlaceholderValues } from '../../../core/content/render.ts';
import type { AccountStore, SessionRecord } from '../../../core/accounts/ports.ts';
import type { ContentStore, SnippetVersion } from '../../../core/content/ports.ts';
import type { MobileUnitStore, StopInput } from '../../../core/mobile-units/ports.ts';
import type { ContentKind, VerificationStore } from '../../../core/content/ports.ts';
import { MOBILE_SERVICES, type KbDetail, type KbItem, type Snippet, type Stop } from '../contract.ts';
import type { Handlers } from '../router.ts';

/** What the knowledge-base and mobile-unit endpoints need. */
export interface ContentHandlerDeps {
  now: () => number;
  /** For the guide-as-text labels, in the reader's language. */
  t: Translate;
  /** The shipped emergency guides (`loadGuides()`). */
  guides: GuideLibrary;
  /** The self-help articles (`loadArticles()`). */
  articles: ArticleLibrary;
  /** The same store the bot reads, so a verification shows to clients at once. */
  verifications: VerificationStore;
  snippets: ContentStore;
  mobileUnits: MobileUnitStore;
  /** The bot's live schedule: refreshed after every edit of stops or exceptions. */
  schedule: Pick<MobileSchedule, 'refresh'>;
  accounts: Pick<AccountStore, 'audit'>;
  /** The organisation's timezone now (exceptions are dated in it). */
  timezone: () => string;
  /**
   * The organisation's values for placeholders, to show texts as clients get them; without
   * it placeholders are shown as `{ambulance}`.
   */
  placeholders?: (lang: Language) => PlaceholderValues & ArticleValues;
}

type ContentRoutes = 'kb' | 'kbItem' | 'kbVerify' | 'snippets' | 'saveSnippet' | 'mobileUnits' | 'createStop' | 'updateStop' | 'deleteStop' | 'addException' | 'deleteException';

const RAW_PLACEHOLDERS: PlaceholderValues & ArticleValues = { ambulance: '{ambulance}', hotlines: '{hotlines}', services: '{services}', schedule: '{schedule}' };

/** One knowledge-base item as found now: its title, current version and text source. */
interface Found {
  title: string;
  version: string;
  body: (reader: Language) => string;
  snippet?: SnippetVersion;
}

/** `reviewMonths` calendar months after `at` (the same day of the month, or the month's last). */
export function addMonths(at: number, months: number): number {
  const date = new Date(at);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + months);
  const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, last));
  return date.getTime();
}

function checkTimes(schedule: readonly StopTime[]): void {
  const issues = schedule.flatMap((time, i) => (time.end > time.start ? [] : [{ path: `body.schedule.${i}.end`, message: 'must be after the start' }]));
  if (issues.length > 0) throw new AppError('unprocessable', 'invalid-times', 'A stop time must end after it starts.', { issues });
}

/** A stop as the contract has it (service codes the contract does not know are left out). */
function stopView(stop: MobileStop): Stop {
  return { ...stop, services: MOBILE_SERVICES.filter((code) => stop.services.includes(code)) };
}

function actor(session: SessionRecord) {
  return { actorAccountId: session.account.id, actorRole: session.account.role };
}

/** Knowledge base (guides, articles, snippets; doctors verify) and mobile units. */
export function contentHandlers(deps: ContentHandlerDeps): Pick<Handlers, ContentRoutes> {
  const { now, t, guides, articles, verifications, snippets, mobileUnits } = deps;
  const values = (lang: Language) => deps.placeholders?.(lang) ?? RAW_PLACEHOLDERS;
  const isGuide = (id: string): id is GuideId => GUIDE_IDS.some((g) => g === id);

  const find = async (kind: ContentKind, id: string, lang: Language): Promise<Found | undefined> => {
    if (kind === 'guide') {
      if (!isGuide(id)) return undefined;
      const guide = guides.get(id, lang);
      return { title: guide.title, version: guide.version, body: (reader) => guideAsText(guide, t, reader, deps.placeholders ? values(lang) : undefined) };
    }
    if (kind === 'article') {
      const article = articles.get(id, lang);
      if (!article) return undefined;
      return { title: article.title, version: article.version, body: (reader) => [renderArticle(article, values(lang)), [t(reader, 'kb-sources'), ...article.sources.map((s) => `• ${s}`)].join('\n')].join('\n\n') };
    }
    const snippet = await snippets.currentSnippet(id, lang);
    return snippet && { title: snippet.title, version: snippet.version, body: () => snippet.body, snippet };
  };

  const verification = (kind: ContentKind, id: string, lang: string, version: string, at: number) => {
    const v = verifications.current(kind, id, lang, version, at);
    return v ? { byRole: v.byRole, at: v.at, reviewAt: v.reviewAt } : null;
  };

  const item = (kind: ContentKind, id: string, lang: Language, title: string, version: string, at: number): KbItem => {
    const verified = verification(kind, id, lang, version, at);
    // Never verified, an earlier version verified, or past the review date: all need a doctor.
    return { kind, id, lang, title, version, verified, needsReview: verified === null };
  };

  const snippetView = (s: SnippetVersion, at: number): Snippet => ({ id: s.id, lang: s.lang, title: s.title, body: s.body, version: s.version, verified: verification('snippet', s.id, s.lang, s.version, at) });

  const notFound = () => new AppError('not-found', 'not-found', 'No such knowledge-base item.');

  return {
    async kb() {
      const at = now();
      const items: KbItem[] = [];
      for (const id of guides.ids) for (const lang of GUIDE_LANGS) {
        const guide = guides.get(id, lang);
        items.push(item('guide', id, lang, guide.title, guide.version, at));
      }
      for (const id of articles.ids) for (const lang of GUIDE_LANGS) {
        const article = articles.get(id, lang);
        if (article) items.push(item('article', id, lang, article.title, article.version, at));
      }
      for (const s of await snippets.currentSnippets()) items.push(item('snippet', s.id, s.lang, s.title, s.version, at));
      return items;
    },

    async kbItem({ params, session }) {
      const found = await find(params.kind, params.id, params.lang);
      if (!found) throw notFound();
      const history: z.infer<typeof KbDetail>['history'] = (await verifications.history(params.kind, params.id, params.lang)).map((v) => ({ version: v.version, byRole: v.byRole, at: v.at, event: 'verified' }));
      if (params.kind === 'snippet') {
        for (const v of await snippets.snippetVersions(params.id, params.lang)) history.push({ version: v.version, byRole: v.createdByRole, at: v.createdAt, event: 'created' });
      }
      // Newest first; at the same moment a version's creation comes before its verification.
      history.sort((a, b) => b.at - a.at || (a.event === b.event ? 0 : a.event === 'verified' ? -1 : 1));
      return { item: item(params.kind, params.id, params.lang, found.title, found.version, now()), body: found.body(session.account.language), history };
    },

    async kbVerify({ params, body, session }) {
      const found = await find(params.kind, params.id, params.lang);
      if (!found) throw notFound();
      if (found.version !== body.version) {
        throw new AppError('conflict', 'version-changed', 'The text changed since you opened it. Read the current version and verify that one.');
      }
      const at = now();
      await verifications.verify({ kind: params.kind, id: params.id, lang: params.lang, version: found.version, role: 'doctor', at, reviewAt: addMonths(at, body.reviewMonths) });
      // The bot reads verifications from memory: re-read now so clients see "checked" at once.
      await verifications.refresh();
      await deps.accounts.audit({ at, ...actor(session), action: 'kb.verify', target: `${params.kind}:${params.id}:${params.lang}`, detail: { version: found.version, reviewMonths: body.reviewMonths } });
      return item(params.kind, params.id, params.lang, found.title, found.version, at);
    },

    async snippets() {
      const at = now();
      return (await snippets.currentSnippets()).map((s) => snippetView(s, at));
    },

    async saveSnippet({ body, session }) {
      const at = now();
      const { snippet, created } = await snippets.saveSnippet({ id: body.id, lang: body.lang, title: body.title, body: body.body, role: session.account.role, at });
      await deps.accounts.audit({ at, ...actor(session), action: 'kb.snippet', target: `snippet:${body.id}:${body.lang}`, detail: { version: snippet.version, created } });
      return snippetView(snippet, at);
    },

    async mobileUnits() {
      const today = localDay(deps.timezone(), now()).date;
      const data = await mobileUnits.load(today);
      return { stops: data.stops.map(stopView), exceptions: data.exceptions };
    },

    async createStop({ body, session }) {
      checkTimes(body.schedule);
      const at = now();
      const stop = await mobileUnits.createStop(body satisfies StopInput, at);
      await deps.accounts.audit({ at, ...actor(session), action: 'mobile.stop.create', target: `stop:${stop.id}`, detail: {} });
      await deps.schedule.refresh();
      return stopView(stop);
    },

    async updateStop({ params, body, session }) {
      checkTimes(body.schedule);
      const at = now();
      const stop = await mobileUnits.updateStop(params.id, body, at);
      if (!stop) throw new AppError('not-found', 'not-found', 'No such stop.');
      await deps.accounts.audit({ at, ...actor(session), action: 'mobile.stop.update', target: `stop:${stop.id}`, detail: {} });
      await deps.schedule.refresh();
      return stopView(stop);
    },

    async deleteStop({ params, session }) {
      const at = now();
      if (!(await mobileUnits.deleteStop(params.id, at))) throw new AppError('not-found', 'not-found', 'No such stop.');
      await deps.accounts.audit({ at, ...actor(session), action: 'mobile.stop.delete', target: `stop:${params.id}`, detail: {} });
      await deps.schedule.refresh();
      return { ok: true as const };
    },

    async addException({ body, session }) {
      if (!(await mobileUnits.stop(body.stopId))) {
        throw new AppError('unprocessable', 'unknown-stop', 'There is no such stop.', { issues: [{ path: 'body.stopId', message: 'no such stop' }] });
      }
      const at = now();
      const exception = await mobileUnits.addException(body, at);
      await deps.accounts.audit({ at, ...actor(session), action: 'mobile.exception.add', target: `stop:${body.stopId}`, detail: { exception: exception.id, date: body.date, kind: body.kind } });
      await deps.schedule.refresh();
      return exception;
    },

    async deleteException({ params, session }) {
      const at = now();
      if (!(await mobileUnits.deleteException(params.id))) throw new AppError('not-found', 'not-found', 'No such exception.');
      await deps.accounts.audit({ at, ...actor(session), action: 'mobile.exception.delete', target: `exception:${params.id}`, detail: {} });
      await deps.schedule.refresh();
      return { ok: true as const };
    },
  };
}
