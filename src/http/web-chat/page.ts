import { createHash } from 'node:crypto';

/** Escapes text for HTML: whatever a person or a worker wrote is always shown as text. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Tagged template that escapes every value not already {@link Html}. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** HTML built with escaping: `html\`<p>${text}</p>\`` escapes `text`; arrays and nested {@link Html} are joined as they are. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

function render(v: unknown): string {
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  if (v === undefined || v === null || v === false) return '';
  return escapeHtml(String(v));
}

/** The chat's only stylesheet: inline, allowed by its hash, readable on an old phone. */
export const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;max-width:42rem;margin:0 auto;padding:.75rem;line-height:1.45;color:#1b1b1b;background:#fafaf7}
h1{font-size:1.3rem;margin:.3rem 0}h2{font-size:1.1rem}
.sos{background:#fff1f0;border:2px solid #c62828;padding:.6rem;border-radius:.4rem}
.sos strong{color:#b71c1c}
.codename{font-size:1.15rem;font-weight:bold;background:#fff;border:2px dashed #555;padding:.5rem;word-break:break-word}
.line{padding:.5rem .6rem;margin:.4rem 0;border-radius:.4rem;white-space:pre-wrap;word-wrap:break-word}
.in{background:#e3f2fd;margin-left:2.5rem}.out{background:#e8f5e9;margin-right:2.5rem}.bot{background:#fff;border:1px solid #ddd;margin-right:2.5rem}
.guide{border:2px solid #c62828}
.meta{font-size:.8rem;color:#555}
form.inline{display:inline}
button,input[type=submit]{font-size:1rem;padding:.5rem .8rem;margin:.2rem .2rem .2rem 0}
button.sosbtn{background:#c62828;color:#fff;border:0;font-weight:bold}
textarea{width:100%;box-sizing:border-box;font-size:1rem;min-height:6rem}
input[type=text]{font-size:1rem;width:100%;box-sizing:border-box;padding:.4rem}
.error{background:#fff8e1;border:1px solid #f9a825;padding:.5rem}
nav a{margin-right:.8rem}
`;

/** The Content-Security-Policy of every chat page: nothing but this page, its own stylesheet and forms to itself. */
export const CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;

/** Headers of every chat response (pages and redirects). */
export const CHAT_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CSP,
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

/** A whole page. `refreshSeconds` adds a meta refresh (the person can switch it off). */
export function layout(input: { lang: string; title: string; body: Html; refreshSeconds?: number }): string {
  const refresh = input.refreshSeconds ? html`<meta http-equiv="refresh" content="${input.refreshSeconds}">` : '';
  return `<!doctype html>${html`<html lang="${input.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer">${refresh}<title>${input.title}</title><style>${new Html(STYLE)}</style></head><body>${input.body}</body></html>`.value}`;
}
