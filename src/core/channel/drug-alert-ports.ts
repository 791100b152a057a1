/** Where a drug alert stands. */
export type DrugAlertStatus = 'collecting' | 'pending' | 'verified' | 'rejected' | 'published' | 'cancelled';
/** The question a reporter is answering. */
export type DrugAlertStep = 'what' | 'where' | 'happened';

/** What a reporter told: what it was, where (an area), what happened. */
export interface DrugAlertReport {
  what: string;
  area: string;
  happened: string;
}

/** A drug alert as the domain sees it (never who reported it, once sent). */
export interface DrugAlert {
  id: number;
  status: DrugAlertStatus;
  step: DrugAlertStep | null;
  language: 'ru' | 'en';
  report: DrugAlertReport;
}

/** Storage of drug alerts, inside the update's transaction. */
export interface DrugAlertStore {
  /** Starts a report for a reporter (a report they were filling in is dropped). */
  start(pseudonym: string, language: 'ru' | 'en', at: number): Promise<number>;
  /** The report this reporter is filling in, if they touched it since `since`. */
  collecting(pseudonym: string, since: number): Promise<DrugAlert | undefined>;
  /** Saves an answer and the next question; with `next` undefined the report is sent and the pseudonym forgotten. */
  answer(id: number, report: DrugAlertReport, next: DrugAlertStep | undefined, at: number): Promise<void>;
  cancel(id: number, at: number): Promise<void>;
  get(id: number): Promise<DrugAlert | undefined>;
  /** Moves an alert from `from` to `to` with one conditional UPDATE; false if it was not in `from`. */
  transition(id: number, from: DrugAlertStatus, to: DrugAlertStatus, staffId: number, at: number): Promise<boolean>;
}
