/*
 * SEND Helper chat widget. One file, no framework, no build step.
 *
 * Embed on any page:
 *   <script src="https://HOST/widget.js" data-bot-url="https://HOST"
 *           data-title="Ask SEND Helper" data-colour="#1d70b8"></script>
 *
 * Optional attributes:
 *   data-bot-url     where the SEND Helper server is (default: this script's origin)
 *   data-title       the launcher text and panel heading (default "Ask SEND Helper")
 *   data-colour      accent colour as #rgb or #rrggbb (default #1d70b8); a colour
 *                    that would fail contrast against white text is not used
 *   data-timeout-ms  how long to wait for an answer before offering Retry (default 15000)
 *   data-max-chars   the longest message the server takes (default 2000, the server's
 *                    own default); a longer one is refused here, never cut
 *
 * Any element on the host page with a data-send-helper-open attribute opens the chat
 * when clicked. window.SENDHelper.open() / .close() / .reset() do the same from script.
 *
 * Security: everything that comes from the server is put on the page as text
 * (textContent / createTextNode). Links are built with the DOM, and only for
 * http: and https: URLs. innerHTML is never used.
 */
(() => {
  'use strict';

  if (window.SENDHelper && window.SENDHelper.version) return; // embedded twice: keep the first

  const VERSION = '1';
  const script = document.currentScript;
  const data = (script && script.dataset) || {};
  const DEFAULT_COLOUR = '#1d70b8';
  const MAX_STORED = 100;

  const scriptOrigin = (() => {
    try { return new URL(script.src, location.href).origin; } catch (e) { return location.origin; }
  })();
  const BOT_URL = cleanBase(data.botUrl) || scriptOrigin;
  const TITLE = (data.title || '').trim() || 'Ask SEND Helper';
  const TIMEOUT_MS = clampInt(data.timeoutMs, 1000, 120000, 15000);
  const MAX_CHARS = clampInt(data.maxChars, 1, 100000, 2000);
  // Below this many characters no counter is shown.
  const COUNT_FROM = Math.floor(MAX_CHARS * 0.8);
  const STORAGE_KEY = 'send-helper:v' + VERSION + ':' + BOT_URL;

  const GREETING =
    "Hello. I'm SEND Helper, an automated assistant. I answer questions about support for " +
    'special educational needs and disabilities (SEND) in England from Department for Education ' +
    'announcements published in 2017, and I always say which announcement and its date.\n' +
    'For advice about your own child, contact your local IASS (Information, Advice and Support Service).';

  // The same words as EMERGENCY in bot/protection.py: when the server cannot be reached
  // the widget must still say them.
  const EMERGENCY =
    'If anyone is in danger now, call 999. If you are worried about a child, call the NSPCC ' +
    'helpline on 0808 800 5000. Children and young people can call Childline on 0800 1111.';
  const EMERGENCY_SHORT = 'If anyone is in danger now, call 999.';

  const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July',
    'August', 'September', 'October', 'November', 'December'];

  // ---------- small helpers ----------

  function cleanBase(value) {
    if (!value) return '';
    try {
      const u = new URL(value, location.href);
      if (u.protocol !== 'https:' && u.protocol !== 'http:') return '';
      return (u.origin + u.pathname).replace(/\/+$/, '');
    } catch (e) {
      return '';
    }
  }

  function clampInt(value, min, max, fallback) {
    const n = parseInt(value, 10);
    return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
  }

  function newId() {
    if (window.crypto && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
    const b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  }

  /** "2017-11-30" -> "30 November 2017"; "2017-11" -> "November 2017"; anything else as given. */
  function formatDate(value) {
    if (typeof value !== 'string') return '';
    const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(value.trim());
    if (!m) return value.trim();
    const month = MONTHS[parseInt(m[2], 10) - 1];
    if (!month) return value.trim();
    return (m[3] ? parseInt(m[3], 10) + ' ' : '') + month + ' ' + m[1];
  }

  function safeUrl(value) {
    if (typeof value !== 'string') return null;
    const v = value.trim();
    if (!/^https?:\/\//i.test(v)) return null;
    try {
      const u = new URL(v);
      return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  function str(value) {
    return typeof value === 'string' ? value : value == null ? '' : String(value);
  }

  function hexToRgb(hex) {
    let h = hex.slice(1);
    if (h.length === 3) h = h.split('').map((c) => c + c).join('');
    return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
  }

  function luminance(rgb) {
    const [r, g, b] = rgb.map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }

  /** The accent colour, or the default when it is not a hex colour or fails 4.5:1 with white. */
  function pickColour(value) {
    const v = (value || '').trim();
    if (!/^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(v)) return DEFAULT_COLOUR;
    const ratio = 1.05 / (luminance(hexToRgb(v)) + 0.05);
    return ratio >= 4.5 ? v.toLowerCase() : DEFAULT_COLOUR;
  }

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (v === false || v == null) continue;
        if (k === 'class') node.className = v;
        else if (k === 'text') node.textContent = v;
        else node.setAttribute(k, v === true ? '' : v);
      }
    }
    for (const c of children || []) {
      if (c == null) continue;
      node.append(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return node;
  }

  function svgIcon(paths, size) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('width', String(size || 24));
    svg.setAttribute('height', String(size || 24));
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    for (const d of paths) {
      const p = document.createElementNS(ns, 'path');
      p.setAttribute('d', d);
      svg.append(p);
    }
    return svg;
  }

  const ICON_CHAT = ['M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z'];
  const ICON_CLOSE = ['M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4L12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z'];
  const ICON_UP = ['M2 21h4V9H2v12zM23 10a2 2 0 0 0-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.4-1.1L14.2 1 7.6 7.6C7.2 8 7 8.5 7 9v10a2 2 0 0 0 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7v-2z'];
  const ICON_DOWN = ['M22 3h-4v12h4V3zM1 14a2 2 0 0 0 2 2h6.3l-1 4.6v.3c0 .4.2.8.4 1.1L9.8 23l6.6-6.6c.4-.4.6-.9.6-1.4V5a2 2 0 0 0-2-2H6c-.8 0-1.5.5-1.8 1.2l-3 7.1c-.1.2-.2.5-.2.7v2z'];

  /** Text with line breaks kept (CSS pre-line) and plain http(s) URLs made into links. */
  function richText(text) {
    const frag = document.createDocumentFragment();
    const re = /\bhttps?:\/\/[^\s<>"'`]+/gi;
    let last = 0;
    let m;
    while ((m = re.exec(text)) !== null) {
      let raw = m[0];
      // Leave trailing sentence punctuation outside the link.
      const trail = /[.,;:!?)\]}]+$/.exec(raw);
      if (trail) raw = raw.slice(0, raw.length - trail[0].length);
      const href = safeUrl(raw);
      if (m.index > last) frag.append(document.createTextNode(text.slice(last, m.index)));
      if (href) frag.append(externalLink(href, raw));
      else frag.append(document.createTextNode(raw));
      last = m.index + raw.length;
      re.lastIndex = last;
    }
    if (last < text.length) frag.append(document.createTextNode(text.slice(last)));
    return frag;
  }

  function externalLink(href, label) {
    return el('a', { href, target: '_blank', rel: 'noopener noreferrer' }, [
      label,
      el('span', { class: 'sr-only', text: ' (opens in new tab)' }),
    ]);
  }

  // ---------- storage ----------

  const memoryStore = {};
  function loadState() {
    let raw = null;
    try { raw = window.sessionStorage.getItem(STORAGE_KEY); } catch (e) { raw = memoryStore[STORAGE_KEY] || null; }
    try {
      const s = raw ? JSON.parse(raw) : null;
      if (s && typeof s.sender === 'string' && Array.isArray(s.messages)) {
        return {
          sender: s.sender,
          messages: s.messages.filter((m) => m && typeof m === 'object' && typeof m.from === 'string'),
          open: !!s.open,
          unread: clampInt(s.unread, 0, 999, 0),
          greeted: !!s.greeted,
        };
      }
    } catch (e) { /* corrupt: start afresh */ }
    return { sender: newId(), messages: [], open: false, unread: 0, greeted: false };
  }

  function saveState() {
    if (state.messages.length > MAX_STORED) state.messages = state.messages.slice(-MAX_STORED);
    const raw = JSON.stringify(state);
    try { window.sessionStorage.setItem(STORAGE_KEY, raw); } catch (e) { memoryStore[STORAGE_KEY] = raw; }
  }

  const state = loadState();

  // ---------- styles ----------

  const ACCENT = pickColour(data.colour || data.color);
  const CSS = `
:host { all: initial; }
*, *::before, *::after { box-sizing: border-box; }
.root {
  --accent: ${ACCENT};
  --text: #0b0c0c; --muted: #484949; --bg: #ffffff; --bot: #f3f2f1; --line: #b1b4b6;
  --focus: #ffdd00;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
  font-size: medium; line-height: 1.4; color: var(--text);
}
.sr-only {
  position: absolute !important; width: 1px !important; height: 1px !important;
  padding: 0 !important; margin: -1px !important; overflow: hidden !important;
  clip: rect(0 0 0 0) !important; clip-path: inset(50%) !important; white-space: nowrap !important; border: 0 !important;
}
button, input { font: inherit; color: inherit; }
button { cursor: pointer; }
:focus-visible { outline: 3px solid var(--text); outline-offset: 0; box-shadow: 0 0 0 6px var(--focus); }
a:focus-visible { outline: 3px solid transparent; box-shadow: none; background: var(--focus); color: var(--text); text-decoration: none; box-shadow: 0 -2px var(--focus), 0 4px var(--text); }

.launcher {
  position: fixed; right: 1.25em; bottom: 1.25em; z-index: 2147483000;
  display: inline-flex; align-items: center; gap: 0.5em;
  min-height: 3em; min-width: 3em; padding: 0.6em 1.1em 0.6em 0.9em;
  border: 2px solid #ffffff; border-radius: 1.6em;
  background: var(--accent); color: #ffffff; font-weight: 700;
  box-shadow: 0 2px 8px rgba(0,0,0,0.35);
}
.launcher svg { fill: currentColor; flex: none; }
.launcher:hover { text-decoration: underline; }
.launcher[hidden] { display: none; }
.badge {
  display: inline-flex; align-items: center; justify-content: center;
  min-width: 1.5em; height: 1.5em; padding: 0 0.4em; border-radius: 0.75em;
  background: #ffffff; color: #0b0c0c; font-size: 0.85em; font-weight: 700;
  border: 2px solid #0b0c0c;
}
.badge[hidden] { display: none; }

.panel {
  position: fixed; right: 1.25em; bottom: 1.25em; z-index: 2147483001;
  width: 24em; max-width: calc(100vw - 2.5em);
  height: 44em; max-height: calc(100vh - 2.5em); max-height: calc(100dvh - 2.5em);
  display: flex; flex-direction: column;
  background: var(--bg); color: var(--text);
  border: 1px solid var(--line); border-radius: 0.5em;
  box-shadow: 0 4px 24px rgba(0,0,0,0.3); overflow: hidden;
}
.panel[hidden] { display: none; }
.header {
  display: flex; align-items: center; gap: 0.5em; flex: none;
  padding: 0.5em 0.5em 0.5em 1em; background: var(--accent); color: #ffffff;
}
.header h2 { margin: 0; font-size: 1.1em; font-weight: 700; flex: 1 1 auto; min-width: 0; }
.header button {
  min-height: 2.5em; min-width: 2.5em; border: 2px solid transparent; border-radius: 0.3em;
  background: transparent; color: #ffffff; display: inline-flex; align-items: center; justify-content: center;
}
.header button:hover { border-color: #ffffff; }
.header button svg { fill: currentColor; }
.restart { padding: 0 0.6em; text-decoration: underline; }

.log {
  flex: 1 1 auto; overflow-y: auto; overscroll-behavior: contain;
  padding: 1em; display: flex; flex-direction: column; gap: 0.75em;
}
.msg { display: flex; flex-direction: column; max-width: 100%; }
.msg.user { align-items: flex-end; }
.msg.bot, .msg.error { align-items: flex-start; }
.bubble {
  max-width: 90%; padding: 0.6em 0.85em; border-radius: 0.8em;
  white-space: pre-line; overflow-wrap: anywhere;
}
.user .bubble { background: var(--accent); color: #ffffff; border-bottom-right-radius: 0.2em; }
.bot .bubble { background: var(--bot); color: var(--text); border-bottom-left-radius: 0.2em; }
.error .bubble { background: #ffffff; color: var(--text); border: 2px solid #d4351c; }
.user .bubble a { color: #ffffff; }
.bot .bubble a, .error .bubble a { color: #1d70b8; }
.sources { margin: 0.5em 0 0; padding-top: 0.4em; border-top: 1px solid var(--line); font-size: 0.9em; white-space: normal; }
.sources-label { font-weight: 700; }
.sources .meta { color: var(--muted); }
.sources-list { margin: 0.2em 0 0; padding-left: 1.1em; }
.sources-list li { margin: 0.15em 0; }
.sources-kind { font-weight: 600; }
.actions { display: flex; flex-wrap: wrap; gap: 0.5em; margin-top: 0.5em; max-width: 100%; }
.quick {
  min-height: 2.25em; padding: 0.3em 0.85em; border-radius: 1.2em;
  border: 2px solid var(--accent); background: #ffffff; color: var(--accent); font-weight: 600; text-align: left;
}
.quick:hover:not([disabled]) { background: var(--accent); color: #ffffff; }
.quick[disabled] { cursor: default; border-color: #6f777b; color: #484949; background: #f3f2f1; }
.quick.chosen[disabled] { border-color: #0b0c0c; color: #0b0c0c; }
.feedback { display: flex; align-items: center; flex-wrap: wrap; gap: 0.35em; margin-top: 0.35em; font-size: 0.9em; color: var(--muted); }
.thumb {
  min-width: 2.25em; min-height: 2.25em; border-radius: 0.3em;
  border: 1px solid #6f777b; background: #ffffff; color: var(--text);
  display: inline-flex; align-items: center; justify-content: center;
}
.thumb svg { fill: currentColor; }
.thumb:hover:not([aria-disabled="true"]) { border-color: var(--text); background: #f3f2f1; }
.thumb[aria-pressed="true"] { background: var(--text); color: #ffffff; border-color: var(--text); }
.thumb[aria-disabled="true"] { cursor: default; }
.retry {
  margin-top: 0.5em; min-height: 2.25em; padding: 0.3em 0.9em; border-radius: 0.3em;
  border: 2px solid var(--text); background: #ffffff; color: var(--text); font-weight: 700;
}
.retry:hover { background: #f3f2f1; }
.urgent { display: block; margin-top: 0.5em; font-weight: 700; }

.typing { flex: none; padding: 0 1em 0.5em; color: var(--muted); font-size: 0.9em; display: flex; align-items: center; gap: 0.5em; }
.typing[hidden] { display: none; }
.dots { display: inline-flex; gap: 0.25em; }
.dots span { width: 0.5em; height: 0.5em; border-radius: 50%; background: #505a5f; }
@media (prefers-reduced-motion: no-preference) {
  .dots span { animation: sh-bounce 1.2s infinite ease-in-out; }
  .dots span:nth-child(2) { animation-delay: 0.15s; }
  .dots span:nth-child(3) { animation-delay: 0.3s; }
}
@keyframes sh-bounce { 0%, 60%, 100% { opacity: 0.35; } 30% { opacity: 1; } }

.composer { flex: none; display: flex; gap: 0.5em; padding: 0.75em 1em 0.5em; border-top: 1px solid var(--line); }
.composer input {
  flex: 1 1 auto; min-width: 0; min-height: 2.75em; padding: 0.4em 0.6em;
  border: 2px solid var(--text); border-radius: 0.3em; background: #ffffff; color: var(--text);
}
.composer input::placeholder { color: #505a5f; opacity: 1; }
.composer input:focus-visible { outline: 3px solid var(--focus); outline-offset: 0; box-shadow: inset 0 0 0 2px var(--text); }
.composer input[aria-invalid="true"] { border-color: #d4351c; }
.send {
  flex: none; min-height: 2.75em; min-width: 2.75em; padding: 0 1em; border-radius: 0.3em;
  border: 2px solid var(--accent); background: var(--accent); color: #ffffff; font-weight: 700;
}
.send:hover { text-decoration: underline; }
.counter { flex: none; margin: 0; padding: 0 1em 0.5em; font-size: 0.9em; color: var(--muted); }
.counter[hidden] { display: none; }
.counter.over { color: #d4351c; font-weight: 700; }
.input-error {
  flex: none; margin: 0 1em 0.5em; padding: 0.3em 0.6em; border-left: 4px solid #d4351c;
  font-weight: 700; white-space: pre-line; overflow-wrap: anywhere;
}
.input-error:empty { display: none; }
.emergency { flex: none; margin: 0; padding: 0 1em 0.25em; font-size: 0.9em; font-weight: 700; }
.note { flex: none; margin: 0; padding: 0 1em 0.75em; font-size: 0.8em; color: var(--muted); }

/* Phones, and big zoom: the panel takes the whole (visual) viewport. */
@media (max-width: 30em), (max-height: 30em) {
  .panel {
    left: 0; right: 0; bottom: auto; top: var(--sh-vv-top, 0px);
    width: 100%; max-width: none;
    height: 100vh; height: 100dvh; height: var(--sh-vv-height, 100dvh); max-height: none;
    border: 0; border-radius: 0;
  }
  .launcher { right: 0.75em; bottom: 0.75em; }
  .bubble { max-width: 100%; }
  .restart { padding: 0 0.4em; }
}
@media (forced-colors: active) {
  .launcher, .panel, .bubble, .quick, .thumb, .send, .badge { border: 1px solid CanvasText; }
  .input-error { border-left: 4px solid CanvasText; }
}
`;

  function applyStyles(shadow) {
    try {
      if ('adoptedStyleSheets' in Document.prototype && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
        shadow.adoptedStyleSheets = [sheet];
        return;
      }
    } catch (e) { /* fall through */ }
    const style = document.createElement('style');
    style.textContent = CSS;
    shadow.append(style);
  }

  // ---------- the DOM ----------

  let ui = null;
  let pending = 0; // requests in flight
  let queue = Promise.resolve();

  function build() {
    const host = document.createElement('send-helper-widget');
    host.setAttribute('data-send-helper', VERSION);
    const shadow = host.attachShadow({ mode: 'open' });
    applyStyles(shadow);

    const badge = el('span', { class: 'badge', 'aria-hidden': 'true', hidden: true });
    const launcher = el('button', {
      type: 'button', class: 'launcher', 'aria-expanded': 'false', 'aria-controls': 'sh-panel',
      'aria-label': TITLE + ': open chat',
    }, [svgIcon(ICON_CHAT, 24), el('span', { text: TITLE }), badge]);

    const heading = el('h2', { id: 'sh-title', text: TITLE });
    const restart = el('button', { type: 'button', class: 'restart', text: 'Start again' });
    const close = el('button', { type: 'button', class: 'close', 'aria-label': 'Close chat' }, [svgIcon(ICON_CLOSE, 24)]);
    const log = el('div', {
      class: 'log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions',
      'aria-label': 'Conversation with SEND Helper', tabindex: '0',
    });
    const typing = el('div', { class: 'typing', role: 'status', hidden: true }, [
      el('span', { class: 'dots', 'aria-hidden': 'true' }, [el('span'), el('span'), el('span')]),
      el('span', { text: 'SEND Helper is typing…' }),
    ]);
    // No maxlength: the browser would silently drop the end of a long paste, where a
    // disclosure may be. A message over the limit is refused whole instead.
    const input = el('input', {
      id: 'sh-input', type: 'text', autocomplete: 'off', enterkeyhint: 'send',
      placeholder: 'Type your question', 'aria-describedby': 'sh-input-error sh-count',
    });
    const label = el('label', { for: 'sh-input', class: 'sr-only', text: 'Your question' });
    const send = el('button', { type: 'submit', class: 'send', text: 'Send' });
    const form = el('form', { class: 'composer', novalidate: true }, [label, input, send]);
    // The visible count changes on every key; screen readers hear it once typing pauses.
    const counter = el('p', { id: 'sh-count', class: 'counter', 'aria-hidden': 'true', hidden: true });
    const counterStatus = el('div', { class: 'sr-only counter-status', role: 'status', 'aria-live': 'polite' });
    const inputError = el('p', { id: 'sh-input-error', class: 'input-error', role: 'alert' });
    // Same place in the panel every time (WCAG 3.2.6, consistent help).
    const emergency = el('p', { class: 'emergency', text: EMERGENCY_SHORT });
    const note = el('p', { class: 'note', text: 'Automated answers from 2017 Department for Education announcements. Not personal advice.' });
    const panel = el('div', {
      id: 'sh-panel', class: 'panel', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': 'sh-title', hidden: true,
    }, [el('div', { class: 'header' }, [heading, restart, close]), log, typing, form, counter, inputError, counterStatus,
      emergency, note]);
    const announcer = el('div', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });

    const root = el('aside', { class: 'root', 'aria-label': 'SEND Helper chat' }, [panel, launcher, announcer]);
    shadow.append(root);
    document.body.append(host);

    ui = {
      host, shadow, root, launcher, badge, panel, restart, close, log, typing, input, form, announcer,
      counter, counterStatus, inputError,
    };

    launcher.addEventListener('click', () => openPanel(true));
    close.addEventListener('click', () => closePanel(true));
    restart.addEventListener('click', startAgain);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = input.value.trim();
      if (!text) { input.focus(); return; }
      const n = charCount(text);
      if (n > MAX_CHARS) {
        showInputError('Your message is ' + n + ' characters; the limit is ' + MAX_CHARS +
          '. Please shorten it or send it in two parts.');
        input.focus();
        return;
      }
      input.value = '';
      updateCounter();
      sendMessage(text, text);
    });
    input.addEventListener('input', updateCounter);
    panel.addEventListener('keydown', onPanelKeydown);

    document.addEventListener('click', (e) => {
      const t = e.target && e.target.closest ? e.target.closest('[data-send-helper-open]') : null;
      if (t) { e.preventDefault(); openPanel(true); }
    });

    watchViewport();

    for (const m of state.messages) ui.log.append(renderMessage(m));
    updateBadge(false);
    if (state.open) openPanel(false);
  }

  function onPanelKeydown(e) {
    if (e.key === 'Escape' && !e.isComposing) {
      e.preventDefault();
      e.stopPropagation();
      closePanel(true);
      return;
    }
    // When the panel covers the whole screen, keep Tab inside it.
    if (e.key === 'Tab' && coversViewport()) {
      const items = focusables();
      if (!items.length) return;
      const first = items[0];
      const lastItem = items[items.length - 1];
      const active = ui.shadow.activeElement;
      if (e.shiftKey && (active === first || !ui.panel.contains(active))) { e.preventDefault(); lastItem.focus(); }
      else if (!e.shiftKey && (active === lastItem || !ui.panel.contains(active))) { e.preventDefault(); first.focus(); }
    }
  }

  function focusables() {
    return Array.from(ui.panel.querySelectorAll('a[href], button:not([disabled]), input:not([disabled]), [tabindex="0"]'))
      .filter((n) => n.getClientRects().length > 0);
  }

  function coversViewport() {
    const r = ui.panel.getBoundingClientRect();
    return r.width >= window.innerWidth - 1;
  }

  /** Keep the panel inside the visual viewport, so a phone keyboard never hides the input. */
  function watchViewport() {
    const vv = window.visualViewport;
    if (!vv) return;
    const update = () => {
      ui.host.style.setProperty('--sh-vv-height', vv.height + 'px');
      ui.host.style.setProperty('--sh-vv-top', vv.offsetTop + 'px');
    };
    vv.addEventListener('resize', update);
    vv.addEventListener('scroll', update);
    update();
  }

  // ---------- rendering ----------

  function renderMessage(m) {
    if (m.from === 'user') {
      return el('div', { class: 'msg user' }, [
        el('div', { class: 'bubble' }, [el('span', { class: 'sr-only', text: 'You: ' }), str(m.text)]),
      ]);
    }
    const bubble = el('div', { class: 'bubble' }, [el('span', { class: 'sr-only', text: 'SEND Helper: ' })]);
    bubble.append(richText(str(m.text)));
    const wrap = el('div', { class: 'msg bot', 'data-reply-id': m.replyId || false }, [bubble]);

    const citations = Array.isArray(m.citations) ? m.citations.filter((c) => c && typeof c === 'object') : [];
    if (citations.length) bubble.append(renderSources(citations));

    if (citations.length) wrap.append(renderFeedback(m, citations));

    if (Array.isArray(m.buttons) && m.buttons.length) {
      const group = el('div', { class: 'actions', role: 'group', 'aria-label': 'Suggested replies' });
      m.buttons.forEach((b, i) => {
        const btn = el('button', { type: 'button', class: 'quick', text: str(b.title) || str(b.payload) });
        if (m.buttonsUsed) {
          btn.disabled = true;
          if (m.chosen === i) btn.classList.add('chosen');
        }
        btn.addEventListener('click', () => {
          if (m.buttonsUsed) return;
          chooseQuickReply(m, i, group);
        });
        group.append(btn);
      });
      wrap.append(group);
    }
    return wrap;
  }

  // Each source says what it is: the announcement the answer comes from, the official
  // page to read in full, or the later page saying what has changed since.
  const SOURCE_LABELS = { official: 'Official page: ', since: 'Since then: ' };

  function renderSources(citations) {
    const list = el('ul', { class: 'sources-list' });
    citations.forEach((c) => {
      const item = el('li');
      const label = SOURCE_LABELS[c.kind];
      const title = str(c.title) || str(c.source_title) || 'Untitled';
      const page = str(c.source_title).trim();
      const href = safeUrl(c.url);
      if (label) {
        // The link names the page it opens, so a screen reader's list of links makes sense.
        item.append(el('span', { class: 'sources-kind', text: label }));
        item.append(href ? externalLink(href, page || title) : el('cite', { text: page || title }));
      } else if (page && page !== title) {
        item.append(el('cite', { text: title }), ', in ');
        item.append(href ? externalLink(href, '“' + page + '”') : document.createTextNode('“' + page + '”'));
      } else {
        item.append(href ? externalLink(href, title) : el('cite', { text: title }));
      }
      const who = str(c.author) ? str(c.publisher) + ', passing on an update from the ' + str(c.author) : str(c.publisher);
      const meta = [who, formatDate(c.published)].filter(Boolean).join(', ');
      if (meta) item.append(el('span', { class: 'meta', text: ' (' + meta + ')' }));
      list.append(item);
    });
    return el('div', { class: 'sources' }, [el('span', { class: 'sources-label', text: 'Sources' }), list]);
  }

  function renderFeedback(m, citations) {
    const box = el('div', { class: 'feedback', role: 'group', 'aria-label': 'Was this answer useful?' });
    const prompt = el('span', { text: 'Was this useful?' });
    const up = el('button', { type: 'button', class: 'thumb', 'aria-label': 'Yes, useful', 'aria-pressed': 'false' }, [svgIcon(ICON_UP, 18)]);
    const down = el('button', { type: 'button', class: 'thumb', 'aria-label': 'No, not useful', 'aria-pressed': 'false' }, [svgIcon(ICON_DOWN, 18)]);
    const status = el('span', { class: 'fb-status', role: 'status' });
    box.append(prompt, up, down, status);

    const showDone = () => {
      up.setAttribute('aria-pressed', String(m.feedback === true));
      down.setAttribute('aria-pressed', String(m.feedback === false));
      up.setAttribute('aria-disabled', 'true');
      down.setAttribute('aria-disabled', 'true');
      prompt.textContent = '';
      status.textContent = 'Thanks for telling us.';
    };
    if (typeof m.feedback === 'boolean') showDone();

    let busy = false;
    const vote = async (useful) => {
      if (busy || typeof m.feedback === 'boolean') return;
      busy = true;
      status.textContent = '';
      try {
        const res = await fetchJson(BOT_URL + '/api/feedback', {
          reply_id: m.replyId || null,
          useful,
          entry_id: citations[0] && citations[0].id != null ? str(citations[0].id) : null,
          sender: state.sender,
        });
        const reply = await res.json().catch(() => null);
        if (!res.ok || !reply || reply.status !== 'ok') throw new Error('HTTP ' + res.status);
        m.feedback = useful;
        saveState();
        showDone();
      } catch (e) {
        status.textContent = "Couldn't send that. Please try again.";
      } finally {
        busy = false;
      }
    };
    up.addEventListener('click', () => vote(true));
    down.addEventListener('click', () => vote(false));
    return box;
  }

  /** Every error in the log carries the emergency line: the message it answers went unread. */
  function renderError(kind, detail, retry) {
    const text = kind === 'busy'
      ? 'SEND Helper is busy right now. Please wait a moment, then retry.'
      : kind === 'too-long'
        ? 'That message is too long for SEND Helper. Please shorten it or send it in two parts.' + detail
        : kind === 'rejected'
          ? "Sorry, SEND Helper couldn't read that message" + (detail ? ': ' + detail : '.')
          : kind === 'server'
            ? 'Something went wrong at SEND Helper. Please try again.'
            : kind === 'timeout'
              ? 'SEND Helper took too long to answer.'
              : "Couldn't reach SEND Helper.";
    const bubble = el('div', { class: 'bubble' }, [
      el('span', { class: 'sr-only', text: 'Problem: ' }), text, el('span', { class: 'urgent', text: EMERGENCY }),
    ]);
    const wrap = el('div', { class: 'msg error' }, [bubble]);
    if (retry) {
      const btn = el('button', { type: 'button', class: 'retry', text: 'Retry' });
      btn.addEventListener('click', () => {
        const hadFocus = ui.shadow.activeElement === btn;
        wrap.remove();
        retry();
        if (hadFocus) ui.input.focus();
      });
      bubble.append(btn);
    }
    return wrap;
  }

  function appendNode(node, isBotReply) {
    ui.log.append(node);
    const log = ui.log;
    if (isBotReply && node.offsetHeight > log.clientHeight) {
      log.scrollTop = node.offsetTop - log.offsetTop - 8;
    } else {
      log.scrollTop = log.scrollHeight;
    }
  }

  function pushMessage(m) {
    state.messages.push(m);
    saveState();
    appendNode(renderMessage(m), m.from === 'bot');
    if (m.from === 'bot' && !state.open) {
      state.unread += 1;
      saveState();
      updateBadge(true);
    }
  }

  function updateBadge(announce) {
    const n = state.unread;
    ui.badge.hidden = n === 0;
    ui.badge.textContent = n ? String(n) : '';
    ui.launcher.setAttribute('aria-label', TITLE + ': open chat' + (n ? ', ' + n + ' unread ' + (n === 1 ? 'message' : 'messages') : ''));
    if (announce && n) {
      ui.announcer.textContent = n === 1 ? 'New message from SEND Helper' : n + ' new messages from SEND Helper';
    }
  }

  // ---------- open / close / reset ----------

  function openPanel(moveFocus) {
    if (!ui) return;
    const wasOpen = !ui.panel.hidden;
    if (!state.greeted && !state.messages.length) {
      state.greeted = true;
      state.messages.push({ id: newId(), from: 'bot', text: GREETING, greeting: true });
      ui.log.append(renderMessage(state.messages[state.messages.length - 1]));
    }
    state.open = true;
    state.unread = 0;
    saveState();
    ui.panel.hidden = false;
    ui.launcher.hidden = true;
    ui.launcher.setAttribute('aria-expanded', 'true');
    ui.announcer.textContent = '';
    updateBadge(false);
    if (!wasOpen) ui.log.scrollTop = ui.log.scrollHeight;
    if (moveFocus) ui.input.focus();
  }

  function closePanel(moveFocus) {
    if (!ui) return;
    state.open = false;
    saveState();
    ui.panel.hidden = true;
    ui.launcher.hidden = false;
    ui.launcher.setAttribute('aria-expanded', 'false');
    if (moveFocus) ui.launcher.focus();
  }

  function startAgain() {
    state.sender = newId();
    state.messages = [];
    state.unread = 0;
    state.greeted = false;
    ui.log.replaceChildren();
    ui.typing.hidden = true;
    saveState();
    openPanel(false);
    ui.input.value = '';
    updateCounter();
    ui.input.focus();
  }

  // ---------- the message box ----------

  /** Characters as the server counts them (code points), not UTF-16 units. */
  function charCount(text) {
    return Array.from(text).length;
  }

  function plural(n, word) {
    return n + ' ' + word + (n === 1 ? '' : 's');
  }

  let counterTimer = 0;
  function updateCounter() {
    const n = charCount(ui.input.value.trim());
    const left = MAX_CHARS - n;
    const near = n >= COUNT_FROM;
    const text = !near ? ''
      : left >= 0 ? 'You have ' + plural(left, 'character') + ' left (the limit is ' + MAX_CHARS + ').'
        : 'You have ' + plural(-left, 'character') + ' too many (the limit is ' + MAX_CHARS + ').';
    ui.counter.hidden = !near;
    ui.counter.textContent = text;
    ui.counter.classList.toggle('over', left < 0);
    if (left >= 0) clearInputError();
    clearTimeout(counterTimer);
    counterTimer = setTimeout(() => { ui.counterStatus.textContent = text; }, 1000);
  }

  function showInputError(message) {
    ui.inputError.replaceChildren(message, el('span', { class: 'urgent', text: EMERGENCY }));
    ui.input.setAttribute('aria-invalid', 'true');
  }

  function clearInputError() {
    ui.inputError.replaceChildren();
    ui.input.removeAttribute('aria-invalid');
  }

  // ---------- talking to the server ----------

  async function fetchJson(url, body, timeoutMs) {
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), timeoutMs || TIMEOUT_MS);
    try {
      return await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body),
        signal: ctrl.signal,
        credentials: 'omit',
        mode: 'cors',
      });
    } finally {
      clearTimeout(timer);
    }
  }

  function chooseQuickReply(m, index, group) {
    const b = m.buttons[index];
    m.chosen = index;
    for (const btn of group.querySelectorAll('button')) btn.disabled = true;
    group.children[index].classList.add('chosen');
    ui.input.focus();
    sendMessage(str(b.title) || str(b.payload), str(b.payload) || str(b.title));
  }

  /** Show `shown` as the user's message and send `payload` to the bot. */
  function sendMessage(shown, payload) {
    // Only the newest set of quick replies stays live.
    let changed = false;
    for (const m of state.messages) {
      if (m.buttons && m.buttons.length && !m.buttonsUsed) { m.buttonsUsed = true; changed = true; }
    }
    if (changed) {
      for (const btn of ui.log.querySelectorAll('.quick')) btn.disabled = true;
    }
    pushMessage({ id: newId(), from: 'user', text: shown });
    enqueue(payload, shown);
  }

  /** `typed` goes back into the message box if the server refuses the message as too long. */
  function enqueue(payload, typed) {
    queue = queue.then(() => post(payload, typed));
  }

  function setTyping(on) {
    pending = Math.max(0, pending + (on ? 1 : -1));
    ui.typing.hidden = pending === 0;
  }

  async function post(payload, typed) {
    const sender = state.sender;
    const again = () => enqueue(payload, typed);
    setTyping(true);
    let res;
    try {
      res = await fetchJson(BOT_URL + '/webhooks/rest/webhook', { sender, message: payload });
    } catch (e) {
      setTyping(false);
      if (sender === state.sender) showError(e && e.name === 'AbortError' ? 'timeout' : 'unreachable', '', again);
      return;
    }
    let body = null;
    try { body = await res.json(); } catch (e) { body = null; }
    setTyping(false);
    if (sender !== state.sender) return; // "Start again" was pressed meanwhile
    if (res.status === 429) return showError('busy', '', again);
    if (res.status === 413) {
      // Never overwrite what the parent has typed since.
      const restore = !ui.input.value.trim();
      if (restore) {
        ui.input.value = typed;
        updateCounter();
      }
      return showError('too-long', restore ? ' Your message is back in the message box.' : '', null);
    }
    if (res.status >= 400 && res.status < 500) {
      return showError('rejected', body && typeof body.error === 'string' ? body.error : '', null);
    }
    if (!res.ok || !Array.isArray(body)) return showError(res.status >= 500 ? 'server' : 'unreachable', '', again);

    let shown = 0;
    for (const item of body) {
      if (!item || typeof item !== 'object') continue;
      const custom = item.custom && typeof item.custom === 'object' ? item.custom : {};
      const text = str(item.text);
      const citations = Array.isArray(custom.citations) ? custom.citations.filter((c) => c && typeof c === 'object').map((c) => ({
        id: c.id == null ? null : str(c.id),
        title: str(c.title),
        source_title: str(c.source_title),
        publisher: str(c.publisher),
        author: str(c.author),
        published: str(c.published),
        url: typeof c.url === 'string' ? c.url : null,
        kind: str(c.kind),
      })) : [];
      const buttons = Array.isArray(item.buttons) ? item.buttons.filter((b) => b && typeof b === 'object' && (b.title || b.payload))
        .map((b) => ({ title: str(b.title), payload: str(b.payload) })) : [];
      if (!text && !citations.length && !buttons.length) continue;
      pushMessage({
        id: newId(), from: 'bot', text, citations, buttons,
        replyId: typeof custom.reply_id === 'string' ? custom.reply_id : null,
      });
      shown += 1;
    }
    if (!shown) {
      pushMessage({ id: newId(), from: 'bot', text: "Sorry, I don't have an answer for that. Your local IASS (Information, Advice and Support Service) can help." });
    }
  }

  function showError(kind, detail, retry) {
    appendNode(renderError(kind, detail, retry), false);
  }

  // ---------- start ----------

  function start() {
    if (ui) return;
    build();
  }

  window.SENDHelper = {
    version: VERSION,
    open: () => { start(); openPanel(true); },
    close: () => closePanel(true),
    reset: () => { start(); startAgain(); },
  };

  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start, { once: true });
})();
