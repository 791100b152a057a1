/**
 * Labelled triage messages in the codebook's TSV format (id, lang, need, urgent, text;
 * `#` lines are comments), as in ../shared/codebook/triage-sample.tsv and triage/eval.tsv.
 */
import { isNeedCode, type NeedCode } from '../codebook.ts';
import type { TriageLang } from './types.ts';

/** One labelled message. */
export interface LabelledMessage {
  id: string;
  lang: TriageLang;
  need: NeedCode;
  urgent: boolean;
  text: string;
}

/** A malformed line of a labelled TSV file. */
export class DatasetError extends Error {
  override name = 'DatasetError';
}

/** Parses labelled TSV text. */
export function parseLabelledTsv(text: string, source = 'tsv'): LabelledMessage[] {
  const out: LabelledMessage[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const [id = '', lang = '', need = '', urgent = '', ...rest] = line.split('\t');
    const messageText = rest.join('\t');
    if ((lang !== 'ru' && lang !== 'en') || !isNeedCode(need) || (urgent !== '0' && urgent !== '1') || id === '') {
      throw new DatasetError(`${source}:${i + 1}: expected id, lang (ru|en), need code, urgent (0|1), text`);
    }
    out.push({ id, lang, need, urgent: urgent === '1', text: messageText });
  });
  return out;
}
