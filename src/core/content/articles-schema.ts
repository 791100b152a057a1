/**
 * Schema for the self-help articles in `content/articles/<id>.<lang>.json`: the knowledge
 * base a client can read at any hour, and that the automatic answer points to once triage
 * has found the client's need. The schema checks one file; the rules that span files
 * (ru/en parity, every default need covered) are checked by `articles.ts`.
 */
import { z } from 'zod';
import { NEED_CODES, type NeedCode } from '../codebook.ts';

/** Languages every article must exist in, with the same needs and the same sections. */
export const ARTICLE_LANGS = ['ru', 'en'] as const;
/** One of {@link ARTICLE_LANGS}. */
export type ArticleLang = (typeof ARTICLE_LANGS)[number];

/**
 * Placeholders an article text may contain; the organisation configures their values.
 * `services`: where and how to get services (mobile unit stops, partner clinics, AIDS centre);
 * `schedule`: the mobile units' schedule; `ambulance`: the emergency numbers.
 */
export const ARTICLE_PLACEHOLDERS = ['services', 'schedule', 'ambulance'] as const;
/** One of {@link ARTICLE_PLACEHOLDERS}. */
export type ArticlePlaceholder = (typeof ARTICLE_PLACEHOLDERS)[number];

/** The values the organisation configures for {@link ARTICLE_PLACEHOLDERS}. */
export type ArticleValues = Readonly<Record<ArticlePlaceholder, string>>;

/**
 * Room each placeholder is given when an article's length is checked: an organisation's
 * list of services or its schedule may run to several lines, and the article must still fit.
 */
export const PLACEHOLDER_BUDGET: Readonly<Record<ArticlePlaceholder, number>> = {
  services: 600,
  schedule: 600,
  ambulance: 40,
};

/**
 * Longest rendered article (title, summary and sections, placeholders counted at their
 * {@link PLACEHOLDER_BUDGET}). Telegram allows 4,096 characters in a message; the rest is
 * left for the footer with the verification status.
 */
export const MAX_ARTICLE_LENGTH = 3_500;

/** Longest article id. */
export const MAX_ARTICLE_ID_LENGTH = 24;

/**
 * The articles that ship with Netreach. An organisation may add its own; these must stay,
 * because the bot links to some of them by id (see {@link SCHEDULE_ARTICLE_ID}).
 */
export const DEFAULT_ARTICLE_IDS = [
  'vein-care',
  'wound-care',
  'hiv',
  'hepatitis',
  'safer-use',
  'detox-at-home',
  'prep',
  'naloxone',
  'services',
  'bus-schedule',
  'feeling-low',
] as const;

/** The "where is the bus today?" article; it must contain `{schedule}`. */
export const SCHEDULE_ARTICLE_ID = 'bus-schedule';
/** The "where to get services" article; it must contain `{services}`. */
export const SERVICES_ARTICLE_ID = 'services';

/**
 * Needs that at least one article must answer: the needs that can be met fully online,
 * plus the offline ones a client can prepare for by reading (where to go, when a wound
 * needs a doctor). Left out on purpose: `overdose` (the emergency guide answers it),
 * `info_covid` (an organisation writes that article when an epidemic happens) and `other`.
 */
export const COVERED_NEEDS: readonly NeedCode[] = [
  'injection_minor',
  'info_hr_hiv_hcv',
  'info_detox',
  'psych_support',
  'offline_services',
  'injection_severe',
  'hr_services',
];

const ARTICLE_ID = new RegExp(`^(?=.{1,${MAX_ARTICLE_ID_LENGTH}}$)[a-z0-9]+(?:-[a-z0-9]+)*$`);

/** An article id: kebab-case, at most {@link MAX_ARTICLE_ID_LENGTH} characters. */
export const articleIdSchema = z
  .string()
  .regex(ARTICLE_ID, `article ids are kebab-case (a-z, 0-9, single "-"), at most ${MAX_ARTICLE_ID_LENGTH} characters`);

const line = (max: number) => z.string().trim().min(1).max(max);

/** One section of an article: a short heading and its text (plain text, `\n` for new lines). */
export const articleSectionSchema = z
  .object({
    heading: line(80),
    text: line(1_500),
  })
  .strict();
/** One section of an article. */
export type ArticleSection = z.infer<typeof articleSectionSchema>;

/** One article file in one language. */
export const articleSchema = z
  .object({
    id: articleIdSchema,
    lang: z.enum(ARTICLE_LANGS),
    /** Content version (a date); a doctor's verification refers to it, so bump it on every edit. */
    version: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'version is a date, YYYY-MM-DD'),
    title: line(100),
    /** One or two sentences, shown in lists and previews. */
    summary: line(300),
    /** The needs this article answers; the first one is its main need (it ranks first for it). */
    needs: z
      .array(z.enum(NEED_CODES))
      .min(1)
      .refine((needs) => new Set(needs).size === needs.length, 'needs are listed once each'),
    /**
     * Words clients use for the topic, lower case; used to pick between articles of one need.
     * A keyword matches anywhere inside a word, so a stem ("вен") matches every form ("вены").
     */
    keywords: z
      .array(line(40).refine((word) => word === word.toLocaleLowerCase(), 'keywords are lower case'))
      .min(1),
    sources: z.array(line(300)).min(1),
    sections: z.array(articleSectionSchema).min(1).max(12),
  })
  .strict();
/** One validated article file. */
export type Article = z.infer<typeof articleSchema>;
