import type { NeedCode } from '../codebook.ts';

/** Languages the triage understands. Transliterated Russian counts as `ru`. */
export type TriageLang = 'ru' | 'en';

/** Which emergency protocol an urgent message needs; `null` when it is not urgent. */
export type UrgentKind = 'overdose' | 'suicide' | 'bleeding';

/** What the triage says about one client message. */
export interface TriageResult {
  /** The codebook need the message most likely expresses. */
  need: NeedCode;
  /** A life is in danger right now (codebook "Urgency"): answer at once and alert on-call. */
  urgent: boolean;
  /** Overdose guide, crisis response or first aid for bleeding; `null` when not urgent. */
  urgentKind: UrgentKind | null;
  /** How sure the triage is of `need` (and of urgency when urgent), 0..1. */
  confidence: number;
  /** The language the message was read in (detected; the hint only breaks ties). */
  lang: TriageLang;
  /**
   * Not urgent, but with signs of danger the triage could not rule out: the client is
   * asked "is someone's life in danger right now?" rather than left to wait.
   */
  doubt: boolean;
}

/** Cue lists that decide urgency; each entry is a term pattern (see triage/README.md). */
export interface UrgentTerms {
  /** A state that is an emergency by itself: "не дышит", "turning blue". */
  overdose?: string[];
  /** Words about overdose that are urgent only with a sign of "now": "передоз", "od". */
  overdoseWeak?: string[];
  /** A person saying they intend to end their life. */
  suicide?: string[];
  /** Suicide words urgent only with a sign of "now": "суицид", "suicide". */
  suicideWeak?: string[];
  /** Bleeding that will not stop. */
  bleeding?: string[];
  /** Bleeding words urgent only with a sign of "now": "артерия", "hit an artery". */
  bleedingWeak?: string[];
  /** Phrases that cancel an urgent cue they overlap: "нога посинела" is not an overdose. */
  blockers?: string[];
}

/** Context cues that turn an urgent-looking message into a non-urgent one, or confirm it. */
export interface ContextTerms {
  /** "Right now": "срочно", "помогите", "help", "right now". Overrides hypothetical cues. */
  present?: string[];
  /** Weaker signs of a live situation: "что делать", "what do i do", "у друга". */
  presentWeak?: string[];
  /** Hypothetical or advance questions that defuse a later cue: "если вдруг", "what if". */
  hypothetical?: string[];
  /** General questions that defuse only the weak cues: "можно ли", "how long". */
  question?: string[];
  /** Advance-question markers that defuse wherever they stand: "заранее", "just in case". */
  advance?: string[];
  /** Past-time markers that defuse a later cue: "вчера", "last year". */
  past?: string[];
  /** The danger is over: "откачали", "hes fine now". Defuses wherever it stands. */
  resolved?: string[];
  /** Stories, news and jokes: "в новостях", "lol jk". */
  story?: string[];
}

/**
 * One language's vocabulary: weighted need terms, urgent cues and context cues. Shipped
 * defaults live in triage/terms/{ru,en}.json; organisations add files in the same format.
 */
export interface TermSet {
  /** The language these terms are written in. */
  lang: TriageLang;
  /** Weighted terms per need: pattern -> weight (a typical strong term weighs 2..3). */
  needs?: Partial<Record<NeedCode, Record<string, number>>>;
  /** Urgency cues. */
  urgent?: UrgentTerms;
  /** Context cues around urgency. */
  context?: ContextTerms;
}

/** A trained naive Bayes model over word and character n-grams (triage/model.json). */
export interface TriageModel {
  /** Model format version. */
  version: 1;
  /** Need codes in the column order of `priors` and of every feature row. */
  classes: NeedCode[];
  /** Log prior per class. */
  priors: number[];
  /** Feature -> log-likelihood per class, centred per feature. */
  features: Record<string, number[]>;
  /**
   * Whether a message is an emergency, learnt from labelled messages (a logistic
   * regression over the same features and the term lists' cues); absent, only the cues decide.
   */
  urgency?: { bias: number; weights: Record<string, number> };
}
