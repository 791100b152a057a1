import QRCode from 'qrcode';
import { CODE_PAYLOAD_PREFIX, normalizeAccessCode } from './access.ts';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);
}

/**
 * Print-ready HTML with one card per code: the code in large letters and a QR code that
 * opens the bot with the code (`https://t.me/<bot>?start=c_…`). A4, ten cards a page.
 */
export async function renderCodeCards(codes: readonly string[], options: { botUsername: string; batch: string; expiresAt: number }): Promise<string> {
  const until = new Date(options.expiresAt).toISOString().slice(0, 10);
  const cards = await Promise.all(
    codes.map(async (code) => {
      const url = `https://t.me/${options.botUsername}?start=${CODE_PAYLOAD_PREFIX}${normalizeAccessCode(code) ?? ''}`;
      const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
      return `<section class="card"><div class="qr">${svg}</div><div class="text"><p class="title">Общий чат · Community chat</p><p class="code">${escapeHtml(code)}</p><p class="how">Отсканируйте код или напишите боту @${escapeHtml(options.botUsername)} и пришлите код.<br>Scan, or send the code to @${escapeHtml(options.botUsername)}.</p><p class="meta">${escapeHtml(options.batch)} · до / until ${until} · один раз / once</p></div></section>`;
    }),
  );
  return `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>Access codes · ${escapeHtml(options.batch)}</title>
<style>
@page { size: A4; margin: 10mm; }
body { font-family: system-ui, sans-serif; margin: 0; }
main { display: grid; grid-template-columns: 1fr 1fr; gap: 4mm; }
.card { display: flex; gap: 4mm; align-items: center; border: 1px dashed #888; padding: 4mm; height: 46mm; box-sizing: border-box; break-inside: avoid; }
.qr svg { width: 36mm; height: 36mm; }
.title { margin: 0; font-size: 9pt; color: #444; }
.code { margin: 1mm 0; font: 700 18pt ui-monospace, monospace; letter-spacing: 1px; }
.how { margin: 0; font-size: 7.5pt; }
.meta { margin: 1mm 0 0; font-size: 7pt; color: #666; }
</style></head>
<body><main>
${cards.join('\n')}
</main></body></html>
`;
}
