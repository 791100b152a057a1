import { readFile } from 'node:fs/promises';
import { parseLabelledTsv, type LabelledMessage } from '../../core/triage/dataset.ts';

/** Reads a labelled triage TSV file (see core/triage/dataset.ts for the format). */
export async function readLabelledTsv(path: string): Promise<LabelledMessage[]> {
  return parseLabelledTsv(await readFile(path, 'utf8'), path);
}
