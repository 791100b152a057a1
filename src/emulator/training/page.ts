/**
 * The training page shell. Only fixed, escaped strings go into this HTML; every message
 * is drawn later by app.js with textContent. No inline script or style, so the page
 * works under `Content-Security-Policy: default-src 'self'`.
 */
import type { TrainingLocale, TrainingStrings } from './strings.ts';

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

/** Renders the page for a language; `base` is where the training routes are mounted. */
export function renderTrainingPage(strings: TrainingStrings, locale: TrainingLocale, base: string, webChatPath?: string): string {
  const t = (key: keyof TrainingStrings): string => escapeHtml(strings[key]);
  const b = escapeHtml(base);
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t('pageTitle')}</title>
<link rel="stylesheet" href="${b}/app.css">
<script src="${b}/app.js" defer></script>
</head>
<body data-base="${b}" data-lang="${locale}">
<header class="banner">
  <div>
    <h1>${t('banner')}</h1>
    <p>${t('intro')}</p>
    ${webChatPath === undefined ? '' : `<p><a href="${escapeHtml(webChatPath)}?lang=${locale}" target="_blank" rel="noopener noreferrer" data-testid="web-chat-link">${t('webChatLink')}</a></p>`}
  </div>
  <button type="button" class="reset" data-testid="reset">${t('reset')}</button>
</header>
<div class="offline" data-testid="offline" hidden>${t('offline')}</div>
<main class="panes">
  <section class="pane client" aria-labelledby="client-heading">
    <h2 id="client-heading">${t('clientHeading')}</h2>
    <ol class="messages" data-testid="client-messages" aria-live="polite"></ol>
    <div class="answer" data-testid="client-answer" role="status" hidden></div>
    <div class="reply-keyboard" data-testid="reply-keyboard" hidden></div>
    <form class="composer" data-testid="client-form">
      <input type="text" name="text" autocomplete="off" maxlength="4096" data-testid="client-input" placeholder="${t('messagePlaceholder')}" aria-label="${t('messageLabel')}">
      <button type="submit" data-testid="client-send">${t('send')}</button>
    </form>
    <div class="samples">
      <span>${t('samples')}</span>
      <button type="button" data-sample="photo" data-testid="sample-photo">${t('samplePhoto')}</button>
      <button type="button" data-sample="voice" data-testid="sample-voice">${t('sampleVoice')}</button>
      <button type="button" data-sample="location" data-testid="sample-location">${t('sampleLocation')}</button>
      <button type="button" data-sample="document" data-testid="sample-document">${t('sampleDocument')}</button>
    </div>
  </section>
  <section class="pane staff" aria-labelledby="staff-heading">
    <h2 id="staff-heading">${t('staffHeading')}</h2>
    <div class="staff-body">
      <ul class="topics" data-testid="staff-topics"></ul>
      <div class="thread">
        <h3 class="thread-title" data-testid="thread-title"></h3>
        <ol class="messages" data-testid="staff-messages" aria-live="polite"></ol>
        <div class="answer" data-testid="staff-answer" role="status" hidden></div>
        <form class="composer" data-testid="staff-form">
          <input type="text" name="text" autocomplete="off" maxlength="4096" data-testid="staff-input" placeholder="${t('workerPlaceholder')}" aria-label="${t('workerLabel')}">
          <button type="submit" data-testid="staff-send">${t('send')}</button>
        </form>
      </div>
    </div>
  </section>
</main>
</body>
</html>
`;
}
