/**
 * Features for the trained model: words, adjacent word pairs and character 3- and 4-grams
 * of each word (with word-boundary marks), so that typos and inflections still share most
 * features with the training examples.
 */

/** Calls `visit` once per distinct feature of a token list, in a stable order. */
export function forEachFeature(tokens: readonly string[], visit: (feature: string) => void): void {
  const seen = new Set<string>();
  const emit = (feature: string): void => {
    if (seen.has(feature)) return;
    seen.add(feature);
    visit(feature);
  };
  let prev = '';
  for (const token of tokens) {
    emit(`w ${token}`);
    if (prev !== '') emit(`b ${prev} ${token}`);
    prev = token;
    const padded = ` ${token} `;
    for (let i = 0; i + 3 <= padded.length; i++) emit(`c ${padded.slice(i, i + 3)}`);
    for (let i = 0; i + 4 <= padded.length; i++) emit(`c ${padded.slice(i, i + 4)}`);
  }
}

/** Distinct features of a token list, in a stable order. */
export function extractFeatures(tokens: readonly string[]): string[] {
  const out: string[] = [];
  forEachFeature(tokens, (f) => out.push(f));
  return out;
}
