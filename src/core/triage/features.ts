/**
 * Features for the trained model: words, adjacent word pairs and character 3- and 4-grams
 * of each word (with word-boundary marks), so that typos and inflections still share most
 * features with the training examples.
 */

/** Word and character n-gram features of one token, kept for tokens seen before (words repeat). */
const tokenCache = new Map<string, readonly string[]>();
const TOKEN_CACHE_SIZE = 50_000;

function tokenFeatures(token: string): readonly string[] {
  const cached = tokenCache.get(token);
  if (cached !== undefined) return cached;
  const out = [`w ${token}`];
  const padded = ` ${token} `;
  for (let i = 0; i + 3 <= padded.length; i++) out.push(`c ${padded.slice(i, i + 3)}`);
  for (let i = 0; i + 4 <= padded.length; i++) out.push(`c ${padded.slice(i, i + 4)}`);
  if (tokenCache.size >= TOKEN_CACHE_SIZE) tokenCache.clear();
  tokenCache.set(token, out);
  return out;
}

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
    const own = tokenFeatures(token);
    emit(own[0] ?? '');
    if (prev !== '') emit(`b ${prev} ${token}`);
    prev = token;
    for (let i = 1; i < own.length; i++) emit(own[i] ?? '');
  }
}

/** Distinct features of a token list, in a stable order. */
export function extractFeatures(tokens: readonly string[]): string[] {
  const out: string[] = [];
  forEachFeature(tokens, (f) => out.push(f));
  return out;
}
