/*
 * SEND Helper adviser quick search (GET /adviser).
 * Search as you type, filter by topic, copy a formatted citation.
 * Everything from the server is rendered as text, never with innerHTML: a result's
 * plain `text` with a <mark> element over each of its `highlights`; from a server
 * older than those fields, the HTML `snippet` split at its <mark> tags.
 */
(() => {
  'use strict';

  const DEBOUNCE_MS = 150;
  const LIMIT = 20;
  const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July',
    'August', 'September', 'October', 'November', 'December'];
  const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', hellip: '\u2026', ndash: '\u2013', mdash: '\u2014', lsquo: '\u2018', rsquo: '\u2019', ldquo: '\u201c', rdquo: '\u201d' };

  const $ = (id) => document.getElementById(id);
  const form = $('search-form');
  const q = $('q');
  const topic = $('topic');
  const count = $('count');
  const list = $('results');
  const copyStatus = $('copy-status');

  let timer = 0;
  let seq = 0; // number of the newest search; older responses are ignored
  let controller = null;

  // ---------- helpers ----------

  function str(v) {
    return typeof v === 'string' ? v : v == null ? '' : String(v);
  }

  function formatDate(value) {
    const v = str(value).trim();
    const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(v);
    if (!m || !MONTHS[parseInt(m[2], 10) - 1]) return v;
    return (m[3] ? parseInt(m[3], 10) + ' ' : '') + MONTHS[parseInt(m[2], 10) - 1] + ' ' + m[1];
  }

  function safeUrl(value) {
    const v = str(value).trim();
    if (!/^https?:\/\//i.test(v)) return null;
    try {
      const u = new URL(v);
      return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  function decodeEntities(s) {
    return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, body) => {
      if (body[0] === '#') {
        const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
        if (Number.isFinite(code) && code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)) {
          return String.fromCodePoint(code);
        }
        return whole;
      }
      const named = ENTITIES[body.toLowerCase()];
      return named === undefined ? whole : named;
    });
  }

  /** Plain text and [start, end] highlight offsets -> text nodes and <mark> elements.
   *  Offsets count Unicode code points (the server's Python string indices), so the
   *  text is indexed as an array of code points, not UTF-16 units. A span that is out
   *  of range, out of order or overlapping is left unmarked rather than trusted. */
  function highlightNodes(text, highlights) {
    const chars = Array.from(text);
    const frag = document.createDocumentFragment();
    let at = 0;
    for (const span of highlights) {
      if (!Array.isArray(span)) continue;
      const [start, end] = span;
      if (!Number.isInteger(start) || !Number.isInteger(end) || start < at || end <= start || end > chars.length) continue;
      if (start > at) frag.append(chars.slice(at, start).join(''));
      frag.append(el('mark', null, chars.slice(start, end).join('')));
      at = end;
    }
    if (at < chars.length) frag.append(chars.slice(at).join(''));
    return frag;
  }

  /** Snippet HTML (escaped text plus <mark>…</mark>) -> DOM nodes, without innerHTML:
   *  only for results without `text` and `highlights`. */
  function snippetNodes(html) {
    const frag = document.createDocumentFragment();
    const parts = str(html).split(/(<mark>|<\/mark>)/i);
    let inMark = false;
    for (const part of parts) {
      const lower = part.toLowerCase();
      if (lower === '<mark>') { inMark = true; continue; }
      if (lower === '</mark>') { inMark = false; continue; }
      if (!part) continue;
      const text = document.createTextNode(decodeEntities(part));
      if (inMark) {
        const mark = document.createElement('mark');
        mark.append(text);
        frag.append(mark);
      } else {
        frag.append(text);
      }
    }
    return frag;
  }

  /** "Title. Publisher, “Announcement title”, 30 November 2017. https://…" (the announcement only when it differs). */
  function citationMeta(c, title) {
    const source = str(c.source_title).trim();
    const author = str(c.author).trim();
    return [
      str(c.publisher).trim() + (author ? ', passing on an update from the ' + author : ''),
      source && source !== title ? '“' + source + '”' : '',
      formatDate(c.published),
    ].filter(Boolean).join(', ');
  }

  // The official page and the later change, each on its own line under the announcement.
  const MORE_LABELS = { official: 'Official page: ', since: 'Since then: ' };

  function moreText(c) {
    const page = str(c.source_title).trim() || str(c.title).trim();
    const meta = [str(c.publisher).trim(), formatDate(c.published)].filter(Boolean).join(', ');
    const url = safeUrl(c.url);
    return MORE_LABELS[c.kind] + '“' + page + '”' + (meta ? ', ' + meta : '') + '.' + (url ? ' ' + url : '');
  }

  function citationText(c) {
    const title = str(c.title).trim();
    const parts = [];
    if (title) parts.push(/[.!?]$/.test(title) ? title : title + '.');
    const meta = citationMeta(c, title);
    if (meta) parts.push(meta + '.');
    const url = safeUrl(c.url);
    if (url) parts.push(url);
    return parts.join(' ');
  }

  function newTabLink(href, label) {
    const a = el('a', null, label);
    a.href = href;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    a.append(el('span', 'sr-only', ' (opens in new tab)'));
    return a;
  }

  function el(tag, cls, text) {
    const n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text != null) n.textContent = text;
    return n;
  }

  // ---------- clipboard ----------

  async function copyText(text) {
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        return true;
      }
    } catch (e) { /* fall back below */ }
    const active = document.activeElement;
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.setAttribute('aria-hidden', 'true');
    ta.tabIndex = -1;
    ta.className = 'copy-source';
    document.body.append(ta);
    ta.select();
    let ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    ta.remove();
    if (active && typeof active.focus === 'function') active.focus();
    return ok;
  }

  function announceCopy(message) {
    // Clear first so the same message is announced again on a second copy.
    copyStatus.textContent = '';
    window.setTimeout(() => { copyStatus.textContent = message; }, 50);
  }

  // ---------- rendering ----------

  function renderResult(r, index) {
    const li = el('li', 'result');
    const c = r.citation && typeof r.citation === 'object' ? r.citation : {};
    const titleText = str(r.title) || str(c.title) || 'Untitled';
    const h = el('h2', null, titleText);
    h.id = 'result-' + index;
    li.append(h);

    if (r.topic) {
      const meta = el('p', 'result-meta');
      meta.append(el('span', 'sr-only', 'Topic: '), el('span', 'tag', str(r.topic)));
      li.append(meta);
    }

    const snip = el('p', 'snippet');
    snip.append(typeof r.text === 'string' && Array.isArray(r.highlights)
      ? highlightNodes(r.text, r.highlights)
      : snippetNodes(r.snippet));
    li.append(snip);

    const cite = el('p', 'citation');
    cite.append(el('span', 'sr-only', 'Citation: '));
    const citeTitle = str(c.title).trim() || titleText;
    const meta = citationMeta(c, citeTitle);
    cite.append(document.createTextNode((/[.!?]$/.test(citeTitle) ? citeTitle : citeTitle + '.') + (meta ? ' ' + meta + '.' : '')));
    const url = safeUrl(c.url);
    if (url) cite.append(document.createTextNode(' '), newTabLink(url, url));
    li.append(cite);
    const more = (Array.isArray(r.citations) ? r.citations : [])
      .filter((m) => m && typeof m === 'object' && MORE_LABELS[m.kind]);
    for (const m of more) {
      const line = el('p', 'citation-more');
      const href = safeUrl(m.url);
      const page = str(m.source_title).trim() || str(m.title).trim() || 'Untitled';
      line.append(el('span', 'citation-kind', MORE_LABELS[m.kind]));
      line.append(href ? newTabLink(href, page) : el('cite', null, page));
      const meta = [str(m.publisher).trim(), formatDate(m.published)].filter(Boolean).join(', ');
      if (meta) line.append(document.createTextNode(' (' + meta + ')'));
      li.append(line);
    }

    const row = el('div', 'copy-row');
    const btn = el('button', 'copy', 'Copy citation');
    btn.type = 'button';
    btn.append(el('span', 'sr-only', ' for ' + titleText));
    const done = el('span', 'copy-done');
    done.setAttribute('aria-hidden', 'true');
    btn.addEventListener('click', async () => {
      const lines = [citationText(Object.assign({}, c, { title: str(c.title).trim() || titleText })), ...more.map(moreText)];
      const ok = await copyText(lines.join('\n'));
      done.textContent = ok ? 'Citation copied' : '';
      announceCopy(ok ? 'Citation copied' : "Couldn't copy the citation. Select the citation text and copy it instead.");
      for (const other of list.querySelectorAll('.copy-done')) if (other !== done) other.textContent = '';
    });
    row.append(btn, done);
    li.append(row);
    return li;
  }

  function showResults(data, query) {
    const results = Array.isArray(data && data.results) ? data.results.filter((r) => r && typeof r === 'object') : [];
    list.replaceChildren(...results.map(renderResult));
    count.classList.remove('error');
    const where = topic.value ? ' in ' + topic.value : '';
    if (!results.length) {
      count.textContent = 'No results for “' + query + '”' + where + '. Try fewer or different words' + (topic.value ? ', or choose All topics.' : '.');
    } else {
      count.textContent = results.length + (results.length === 1 ? ' result' : ' results') + ' for “' + query + '”' + where + '.';
    }
  }

  function showError(message) {
    list.replaceChildren();
    count.classList.add('error');
    count.textContent = message;
  }

  // ---------- searching ----------

  function syncUrl() {
    const params = new URLSearchParams();
    if (q.value.trim()) params.set('q', q.value.trim());
    if (topic.value) params.set('topic', topic.value);
    const qs = params.toString();
    try { history.replaceState(null, '', location.pathname + (qs ? '?' + qs : '')); } catch (e) { /* ignore */ }
  }

  async function search() {
    window.clearTimeout(timer);
    const query = q.value.trim();
    const mine = ++seq;
    if (controller) controller.abort();
    controller = null;
    syncUrl();
    if (!query) {
      list.replaceChildren();
      count.classList.remove('error');
      count.textContent = '';
      return;
    }
    const params = new URLSearchParams({ q: query, limit: String(LIMIT) });
    if (topic.value) params.set('topic', topic.value);
    const ctrl = new AbortController();
    controller = ctrl;
    const killer = window.setTimeout(() => ctrl.abort(), 15000);
    try {
      const res = await fetch('/api/search?' + params.toString(), { headers: { Accept: 'application/json' }, signal: ctrl.signal });
      let data = null;
      try { data = await res.json(); } catch (e) { data = null; }
      if (mine !== seq) return; // a newer search has started
      if (res.status === 429) return showError('Too many searches at once. Wait a moment, then try again.');
      if (!res.ok) return showError('Search failed' + (data && typeof data.error === 'string' ? ': ' + data.error : '.') + ' Try different words.');
      showResults(data, query);
    } catch (e) {
      if (mine !== seq) return;
      showError("Couldn't reach the search. Check your connection and try again.");
    } finally {
      window.clearTimeout(killer);
      if (controller === ctrl) controller = null;
    }
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, DEBOUNCE_MS);
  }

  async function loadTopics(selected) {
    try {
      const res = await fetch('/api/topics', { headers: { Accept: 'application/json' } });
      if (!res.ok) return;
      const data = await res.json();
      const topics = Array.isArray(data && data.topics) ? data.topics.filter((t) => typeof t === 'string' && t) : [];
      for (const t of topics) {
        const o = document.createElement('option');
        o.value = t;
        o.textContent = t;
        topic.append(o);
      }
      if (selected && topics.includes(selected)) topic.value = selected;
    } catch (e) { /* the filter stays at All topics */ }
  }

  // ---------- wiring ----------

  q.addEventListener('input', schedule);
  topic.addEventListener('change', search);
  form.addEventListener('submit', (e) => { e.preventDefault(); search(); });

  document.addEventListener('keydown', (e) => {
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    const t = e.target;
    const tag = t && t.tagName ? t.tagName.toLowerCase() : '';
    if (tag === 'input' || tag === 'textarea' || tag === 'select' || (t && t.isContentEditable)) return;
    e.preventDefault();
    q.focus();
    q.select();
  });

  const params = new URLSearchParams(location.search);
  const initialQ = params.get('q') || '';
  const initialTopic = params.get('topic') || '';
  if (initialQ) q.value = initialQ;
  loadTopics(initialTopic).then(() => { if (q.value.trim()) search(); });
})();
