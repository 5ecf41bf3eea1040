// The reviewer page: the triage queue and one request, over the reviewer API on the same host.
// Plain DOM code with no dependencies, so the page makes no request to anything but this host.
'use strict';

const statuses = ['new', 'in-review', 'referred', 'awaiting-clarification', 'ready', 'closed', 'rejected', 'duplicate'];
const statusLabels = {
  'new': 'New', 'in-review': 'In review', 'referred': 'Referred', 'awaiting-clarification': 'Awaiting clarification',
  'ready': 'Ready', 'closed': 'Closed', 'rejected': 'Rejected', 'duplicate': 'Duplicate',
};
// Mirrors ReviewWorkflow on the server, which has the last word; this only decides what to offer.
const nextStatuses = {
  'new': ['in-review', 'rejected', 'duplicate'],
  'in-review': ['referred', 'awaiting-clarification', 'ready', 'rejected', 'duplicate'],
  'referred': ['in-review', 'ready'],
  'awaiting-clarification': ['in-review', 'ready', 'closed'],
  'ready': ['closed', 'in-review'],
  'closed': [], 'rejected': [], 'duplicate': [],
};
const needsDecision = ['rejected', 'referred', 'closed'];
const pageSize = 50;

const state = {
  me: null,
  themes: [],
  query: { q: '', status: [], theme: [], sensitivity: [], dueThisWeek: false, mine: false, skip: 0 },
  page: null,
  current: 0,
  request: null,
};

const $ = (id) => document.getElementById(id);

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function announce(message) {
  $('announce').textContent = '';
  window.setTimeout(() => { $('announce').textContent = message; }, 50);
}

// ---- API ----------------------------------------------------------------------------------------------

function token() { return sessionStorage.getItem('foi-token'); }

class ApiError extends Error {
  constructor(status, problem) {
    super(problem && problem.detail ? problem.detail : `The service answered ${status}.`);
    this.status = status;
    this.problem = problem || {};
  }
}

async function api(method, path, body, version) {
  const headers = { 'Accept': 'application/json' };
  if (token()) headers['Authorization'] = 'Bearer ' + token();
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (version) headers['If-Match'] = '"' + version + '"';
  const response = await fetch('/api/' + path, {
    method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = { detail: `The service answered ${response.status} with something other than JSON.` }; }
  if (response.status === 401) {
    showSignIn(json && json.detail);
    throw new ApiError(401, json);
  }
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

function showSignIn(reason) {
  $('app').hidden = true;
  $('signin').hidden = false;
  if (reason) announce(reason);
  $('token').focus();
}

// ---- The queue ----------------------------------------------------------------------------------------

function ukToday(page) { return page && page.today ? page.today : new Date().toISOString().slice(0, 10); }

function endOfWeek(today) {
  const date = new Date(today + 'T12:00:00Z');
  const day = date.getUTCDay();
  date.setUTCDate(date.getUTCDate() + (day === 0 ? 0 : 7 - day));
  return date.toISOString().slice(0, 10);
}

function queryString(query, extra) {
  const parameters = new URLSearchParams();
  if (query.q.trim()) parameters.set('q', query.q.trim());
  for (const name of ['status', 'theme', 'sensitivity']) {
    if (query[name].length) parameters.set(name, query[name].join(','));
  }
  if (query.dueThisWeek) parameters.set('dueBefore', endOfWeek(ukToday(state.page)));
  if (query.mine) parameters.set('assignee', 'me');
  for (const [name, value] of Object.entries(extra || {})) parameters.set(name, value);
  return parameters.toString();
}

async function loadQueue(focusRow) {
  const query = state.query;
  const started = performance.now();
  try {
    const [page, week, mine] = await Promise.all([
      api('GET', 'requests?' + queryString(query, { skip: query.skip, take: pageSize, facets: 'true', highlights: query.q.trim() ? 'true' : 'false' })),
      api('GET', 'requests?' + queryString({ ...query, dueThisWeek: true }, { take: 0 })),
      api('GET', 'requests?' + queryString({ ...query, mine: true }, { take: 0 })),
    ]);
    state.page = page;
    state.current = Math.min(state.current, Math.max(0, page.items.length - 1));
    renderFacets(page.facets || {}, week.total, mine.total);
    renderQueue(page);
    document.body.dataset.queueMs = String(Math.round(performance.now() - started));
    // Time from navigation to the first page of the queue on screen, for the browser test's report.
    if (!document.body.dataset.firstQueueMs) document.body.dataset.firstQueueMs = String(Math.round(performance.now()));
    if (focusRow) focusCurrentRow();
  } catch (error) {
    if (error.status !== 401) {
      $('queue-summary').textContent = error.message;
      $('queue-summary').className = 'summary error';
    }
  }
}

function renderFacets(facets, dueThisWeek, mine) {
  const groups = $('facet-groups');
  groups.replaceChildren();
  const group = (name, legend, values, label) => {
    const set = el('fieldset', {}, el('legend', {}, legend));
    const counts = new Map((facets[name] || []).map((f) => [f.value, f.count]));
    for (const value of values(counts)) {
      const id = `facet-${name}-${value}`;
      set.append(el('label', { for: id },
        el('input', {
          type: 'checkbox', id, name, value, checked: state.query[name].includes(value),
          onchange: (event) => toggle(name, value, event.target.checked),
        }),
        label(value),
        el('span', { class: 'count' }, counts.get(value) || 0, el('span', { class: 'visually-hidden' }, ' requests'))));
    }
    groups.append(set);
  };
  group('status', 'Status', (counts) => statuses.filter((s) => counts.has(s) || state.query.status.includes(s)), (s) => statusLabels[s]);
  group('theme', 'Theme', (counts) => [...new Set([...counts.keys(), ...state.query.theme])].sort(), themeLabel);
  group('sensitivity', 'Sensitivity', (counts) => [...new Set([...counts.keys(), ...state.query.sensitivity])].sort(), (s) => s === 'restricted' ? 'Restricted' : 'Standard');

  const quick = el('fieldset', {}, el('legend', {}, 'Deadline and owner'));
  for (const [name, text, count] of [['dueThisWeek', 'Due this week', dueThisWeek], ['mine', 'Assigned to me', mine]]) {
    quick.append(el('label', { for: 'facet-' + name },
      el('input', { type: 'checkbox', id: 'facet-' + name, checked: state.query[name], onchange: (event) => { state.query[name] = event.target.checked; state.query.skip = 0; loadQueue(); } }),
      text,
      el('span', { class: 'count' }, count, el('span', { class: 'visually-hidden' }, ' requests'))));
  }
  groups.append(quick);
}

function toggle(name, value, on) {
  const values = state.query[name].filter((v) => v !== value);
  if (on) values.push(value);
  state.query[name] = values;
  state.query.skip = 0;
  loadQueue();
}

function themeLabel(id) {
  const theme = state.themes.find((t) => t.id === id);
  return theme ? theme.label : id;
}

function leftCell(days) {
  if (days === null || days === undefined) return el('td', { class: 'left' }, '?');
  const kind = days < 0 ? 'late' : days <= 5 ? 'soon' : 'ok';
  const text = days < 0 ? `${-days} late` : days === 0 ? 'Today' : String(days);
  const spoken = days < 0 ? ' working days late' : days === 0 ? '' : ' working days left';
  return el('td', { class: 'left ' + kind }, text.replace(' late', ''), el('span', { class: 'visually-hidden' }, spoken), days < 0 ? el('span', { 'aria-hidden': 'true' }, ' late') : null);
}

function fragments(html) {
  // Highlights arrive HTML-escaped with <mark> around matches: rebuild them as nodes rather than trusting markup.
  const out = [];
  const parts = html.split(/(<mark>|<\/mark>)/);
  let marked = false;
  const decode = (text) => { const t = document.createElement('textarea'); t.innerHTML = text; return t.value; };
  for (const part of parts) {
    if (part === '<mark>') marked = true;
    else if (part === '</mark>') marked = false;
    else if (part) out.push(marked ? el('mark', {}, decode(part)) : document.createTextNode(decode(part)));
  }
  return out;
}

function renderQueue(page) {
  const rows = $('queue-rows');
  rows.replaceChildren();
  page.items.forEach((item, index) => {
    const hits = (page.highlights || {})[item.id] || [];
    const link = el('a', { href: '#/requests/' + item.id, class: 'subject', 'data-index': index }, item.subject || '(no subject)');
    rows.append(el('tr', { 'data-id': item.id, class: index === state.current ? 'current' : null },
      el('td', {}, item.dueAt ? formatDate(item.dueAt) : 'Unknown'),
      leftCell(item.workingDaysLeft),
      el('td', {},
        link,
        el('p', { class: 'requester' }, [item.requester.name, item.reference].filter(Boolean).join(' · ') || 'Requester unknown'),
        hits.length ? el('p', { class: 'hit' }, ...fragments(hits[0])) : null),
      el('td', {}, item.themes.map((t) => el('span', { class: 'chip' }, themeLabel(t)))),
      el('td', {},
        item.sensitivity === 'restricted' ? el('span', { class: 'badge restricted' }, 'Restricted') : null,
        item.referral ? el('span', { class: 'badge referral' }, 'Referral') : null,
        item.flags.includes('clarification-received') ? el('span', { class: 'badge replied' }, 'Clarification received')
          : item.flags.includes('requester-replied') ? el('span', { class: 'badge replied' }, 'Requester replied') : null),
      el('td', {}, statusLabels[item.status] || item.status),
      el('td', {}, item.assignee || '—')));
  });
  const first = page.total === 0 ? 0 : page.skip + 1;
  const last = page.skip + page.items.length;
  $('queue-summary').className = 'summary';
  $('queue-summary').textContent = page.total === 0
    ? 'No requests match.'
    : `${first}–${last} of ${page.total.toLocaleString('en-GB')} requests, soonest deadline first.`;
  $('page-label').textContent = page.total === 0 ? '' : `Page ${Math.floor(page.skip / pageSize) + 1} of ${Math.ceil(page.total / pageSize)}`;
  $('prev').disabled = page.skip === 0;
  $('next').disabled = last >= page.total;
}

function formatDate(iso) {
  const date = new Date(iso + 'T12:00:00Z');
  return date.toLocaleDateString('en-GB', { weekday: 'short', day: '2-digit', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

function focusCurrentRow() {
  const rows = [...$('queue-rows').querySelectorAll('tr')];
  rows.forEach((row, index) => row.classList.toggle('current', index === state.current));
  const link = rows[state.current] && rows[state.current].querySelector('a');
  if (link) link.focus();
}

// ---- One request --------------------------------------------------------------------------------------

function showView(request) {
  $('queue-view').hidden = request;
  $('request-view').hidden = !request;
  document.querySelector('.facets').hidden = request;
  $('app').classList.toggle('single', request);
}

async function openRequest(id, focus) {
  showView(true);
  const view = $('request-view');
  view.replaceChildren(el('p', {}, 'Loading…'));
  try {
    const [detail, audit] = await Promise.all([api('GET', 'requests/' + id), api('GET', `requests/${id}/audit`)]);
    const duplicates = await Promise.all(detail.request.duplicates.slice(0, 3).map((d) =>
      api('GET', 'requests/' + d.docId).then((other) => ({ link: d, other })).catch(() => null)));
    state.request = { ...detail, audit: audit.items, duplicates: duplicates.filter(Boolean), questions: null };
    renderRequest();
    if (focus !== false) $('request-heading').focus();
  } catch (error) {
    if (error.status !== 401) view.replaceChildren(el('p', { class: 'error' }, error.message), el('p', {}, el('a', { href: '#/' }, 'Back to the queue')));
  }
}

async function downloadOriginal(request) {
  // Fetched with the reviewer's credentials (a plain link could not carry a development token), then saved.
  const headers = token() ? { 'Authorization': 'Bearer ' + token() } : {};
  const response = await fetch(`/api/requests/${request.id}/original`, { headers, credentials: 'same-origin' });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    announce(problem.detail || `The original could not be fetched (${response.status}).`);
    return;
  }
  const url = URL.createObjectURL(await response.blob());
  const link = el('a', { href: url, download: request.sourceBlob.split('/').pop() });
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10000);
  announce('The original letter was downloaded.');
}

function markedLetter(text, themes) {
  // Every theme's evidence, highlighted where it sits in the letter, so the reviewer sees why each tag is there.
  const spans = themes.flatMap((t) => t.evidence.map((e) => ({ start: e.start, end: e.end, theme: t.id })))
    .filter((s) => s.start >= 0 && s.end <= text.length && s.end > s.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out = [];
  let at = 0;
  for (const span of spans) {
    if (span.start < at) continue;
    out.push(text.slice(at, span.start));
    out.push(el('mark', { title: themeLabel(span.theme), 'data-theme': span.theme }, text.slice(span.start, span.end)));
    at = span.end;
  }
  out.push(text.slice(at));
  return out;
}

// The requester's replies attached to this request (same thread, or its reference in the subject): their own words,
// oldest first. A reply while the request awaits clarification may restart the clock (FOIA s1(3)): the reviewer decides.
function repliesSection(replies, review) {
  if (replies.length === 0) return null;
  const how = { 'in-reply-to': 'in the same thread', references: 'in the same thread', 'subject-reference': 'quoting the reference' };
  return el('section', { 'aria-labelledby': 'replies-heading', id: 'replies' },
    el('h3', { id: 'replies-heading' }, `Replies from the requester (${replies.length})`),
    review.status === 'awaiting-clarification'
      ? el('p', { class: 'low-confidence' }, 'This request is awaiting clarification: if a reply clarifies it, the 20 working days start again from the day it arrived.')
      : null,
    el('ol', { class: 'replies' }, replies.map((r) => el('li', {},
      el('p', {}, el('strong', {}, r.subject || '(no subject)'),
        ` · received ${new Date(r.receivedAt).toLocaleString('en-GB', { timeZone: 'Europe/London' })} · ${how[r.matchedBy] || r.matchedBy}`),
      el('div', { class: 'letter reply' }, r.text)))));
}

function renderRequest() {
  const { request, review, version, audit, duplicates } = state.request;
  const questions = state.request.questions || (review.editedQuestions || request.questions).map((q) => ({ label: q.label, text: q.text, themes: [...q.themes] }));
  state.request.questions = questions;
  const holder = review.assignee;
  const mine = holder && state.me && holder.id === state.me.id;
  const tags = review.editedThemes || request.themes.map((t) => t.id);
  const confidence = request.extractionConfidence;

  const view = $('request-view');
  view.replaceChildren(...[
    el('p', {}, el('a', { href: '#/' }, '← Back to the queue')),
    el('h2', { id: 'request-heading', tabindex: '-1' }, request.subject || '(no subject)'),
    el('p', {},
      `From ${request.requester.name || 'an unknown requester'}`,
      request.requester.email ? ` <${request.requester.email}>` : '',
      ` · received ${new Date(request.receivedAt).toLocaleString('en-GB', { timeZone: 'Europe/London' })}`,
      ` · due ${request.dueAt ? formatDate(request.dueAt) : 'unknown'}`,
      ` · ${statusLabels[review.status]} `,
      request.sensitivity === 'restricted' ? el('span', { class: 'badge restricted' }, 'Restricted') : null,
      request.referral ? el('span', { class: 'badge referral' }, 'Referral') : null),
    el('div', { class: 'request-grid' },
      el('section', { 'aria-labelledby': 'letter-heading' },
        el('h3', { id: 'letter-heading' }, 'The letter'),
        el('p', {}, el('button', { type: 'button', class: 'link', id: 'original', onclick: () => downloadOriginal(request) }, `Download the original (${request.sourceBlob})`),
          ` · read by ${request.extractionMethod}`,
          confidence !== null && confidence !== undefined
            ? el('span', { class: confidence < 0.8 ? 'low-confidence' : null }, ` · OCR confidence ${Math.round(confidence * 100)}%${confidence < 0.8 ? ': check the text against the original' : ''}`)
            : null),
        el('div', { class: 'letter', id: 'letter', tabindex: '0', role: 'region', 'aria-label': 'Letter text with theme evidence highlighted' }, ...markedLetter(request.text, request.themes)),
        el('h3', {}, 'Why each theme was tagged'),
        el('ul', {}, request.themes.map((t) => el('li', {}, el('strong', {}, themeLabel(t.id)), ` (${Math.round(t.score * 100)}%): `,
          t.evidence.map((e) => `“${e.text}”`).join(', ')))),
        repliesSection(state.request.replies || [], review)),
      el('div', {},
        el('section', { class: 'panel', 'aria-labelledby': 'claim-heading' },
          el('h3', { id: 'claim-heading' }, 'Claim'),
          el('p', { id: 'holder' }, holder ? `Held by ${holder.name}${mine ? ' (you)' : ''}.` : 'Nobody holds this request.'),
          el('div', { class: 'row' },
            el('button', { type: 'button', id: 'claim', class: 'primary', disabled: !!holder, onclick: () => change('claim', 'POST', `requests/${request.id}/claim`) }, 'Claim (c)'),
            el('button', { type: 'button', id: 'release', disabled: !holder, onclick: () => change('release', 'POST', `requests/${request.id}/release`) }, 'Release'))),
        questionPanel(questions, request),
        tagPanel(tags, request),
        statusPanel(review, request),
        notesPanel(review, request),
        el('section', { class: 'panel', 'aria-labelledby': 'audit-heading' },
          el('h3', { id: 'audit-heading' }, 'History'),
          audit.length === 0 ? el('p', {}, 'No reviewer has acted on this request yet.') : el('ol', { class: 'audit' },
            audit.map((a) => el('li', {}, el('span', { class: 'when' }, new Date(a.at).toLocaleString('en-GB', { timeZone: 'Europe/London' })), ' ',
              `${a.actor.name}: ${a.action}`, a.after && a.after.status ? ` → ${statusLabels[a.after.status]}` : '')))))),
    duplicates.length ? el('section', { 'aria-labelledby': 'dup-heading' },
      el('h3', { id: 'dup-heading' }, 'Repeats and round-robins'),
      el('div', { class: 'duplicates' },
        el('div', {}, el('h4', {}, 'This request'), el('pre', { tabindex: '0', role: 'region', 'aria-label': 'This request’s text' }, request.text)),
        duplicates.map(({ link, other }) => el('div', {},
          el('h4', {}, el('a', { href: '#/requests/' + link.docId }, other.request.subject || link.docId),
            ` — ${link.kind}, ${Math.round(link.similarity * 100)}% alike`),
          el('pre', { tabindex: '0', role: 'region', 'aria-label': `Text of ${other.request.subject || 'the other request'}` }, other.request.text))))) : null,
  ].filter(Boolean));
}

function questionPanel(questions, request) {
  const list = el('ol', { class: 'questions' });
  questions.forEach((question, index) => {
    const id = `question-${index}`;
    list.append(el('li', {},
      el('label', { for: id }, `Question ${question.label}`),
      el('textarea', { id, 'data-index': index, oninput: (event) => { question.text = event.target.value; } }, question.text),
      el('div', { class: 'row' },
        question.themes.map((t) => el('span', { class: 'chip' }, themeLabel(t))),
        index < questions.length - 1 ? el('button', { type: 'button', class: 'link', onclick: () => mergeQuestion(index) }, `Merge with question ${questions[index + 1].label}`) : null,
        el('button', { type: 'button', class: 'link', onclick: () => splitQuestion(index) }, 'Split at cursor'))));
  });
  return el('section', { class: 'panel', 'aria-labelledby': 'questions-heading' },
    el('h3', { id: 'questions-heading' }, `Questions (${questions.length})`),
    list,
    el('button', { type: 'button', id: 'save-split', onclick: () => saveSplit(request) }, 'Accept split (a)'));
}

function relabel(questions) { questions.forEach((q, i) => { q.label = String(i + 1); }); }

function mergeQuestion(index) {
  const questions = state.request.questions;
  const [first, second] = [questions[index], questions[index + 1]];
  first.text = `${first.text.trim()} ${second.text.trim()}`;
  first.themes = [...new Set([...first.themes, ...second.themes])];
  questions.splice(index + 1, 1);
  relabel(questions);
  renderRequest();
  announce(`Merged into question ${first.label}. Accept the split to save it.`);
  $('question-' + index).focus();
}

function splitQuestion(index) {
  const box = $('question-' + index);
  const at = box.selectionStart || 0;
  const question = state.request.questions[index];
  const [before, after] = [question.text.slice(0, at).trim(), question.text.slice(at).trim()];
  if (!before || !after) {
    announce('Put the cursor where the question should be split, between two parts of its text.');
    return;
  }
  question.text = before;
  state.request.questions.splice(index + 1, 0, { label: '', text: after, themes: [...question.themes] });
  relabel(state.request.questions);
  renderRequest();
  announce(`Split into questions ${index + 1} and ${index + 2}. Accept the split to save it.`);
  $('question-' + (index + 1)).focus();
}

async function saveSplit(request) {
  const questions = state.request.questions.map((q) => ({ label: q.label, text: q.text, themes: q.themes }));
  const original = (state.request.review.editedQuestions || request.questions).map((q) => ({ label: q.label, text: q.text, themes: q.themes }));
  if (JSON.stringify(questions) === JSON.stringify(original)) {
    announce('Split accepted as it is.');
    return;
  }
  await change('questions', 'PUT', `requests/${request.id}/questions`, { questions });
}

function tagPanel(tags, request) {
  const set = el('fieldset', {}, el('legend', {}, 'Themes for this request'));
  for (const theme of state.themes) {
    const id = 'tag-' + theme.id;
    set.append(el('label', { for: id, class: 'row' },
      el('input', { type: 'checkbox', id, value: theme.id, checked: tags.includes(theme.id) }),
      theme.label, theme.restricted ? el('span', { class: 'badge restricted' }, 'restricts') : null));
  }
  return el('section', { class: 'panel', 'aria-labelledby': 'tags-heading' },
    el('h3', { id: 'tags-heading' }, 'Tags'),
    set,
    el('button', {
      type: 'button', id: 'save-tags',
      onclick: () => change('themes', 'PUT', `requests/${request.id}/themes`, { themes: [...set.querySelectorAll('input:checked')].map((i) => i.value) }),
    }, 'Save tags'));
}

function statusPanel(review, request) {
  const finished = ['closed', 'rejected', 'duplicate'].includes(review.status);
  // An admin may reopen a finished request (the server checks the role again).
  const next = finished && state.me && state.me.admin ? ['in-review'] : nextStatuses[review.status] || [];
  const select = el('select', { id: 'next-status' }, next.map((s) => el('option', { value: s }, statusLabels[s])));
  const decision = el('textarea', { id: 'decision', rows: 2 });
  const duplicateOf = el('input', { id: 'duplicate-of', type: 'text', maxlength: 64, pattern: '[0-9a-f]{64}' });
  return el('section', { class: 'panel', 'aria-labelledby': 'status-heading' },
    el('h3', { id: 'status-heading' }, 'Move on'),
    next.length === 0 ? el('p', {}, `This request is ${statusLabels[review.status].toLowerCase()}; only an admin can reopen it.`) : el('div', {},
      el('label', { for: 'next-status' }, 'Next status (r)'), ' ', select,
      el('div', {}, el('label', { for: 'decision' }, 'Reason (needed to refer, reject or close)')), decision,
      el('div', {}, el('label', { for: 'duplicate-of' }, 'Duplicate of (request id, for a duplicate)')), duplicateOf,
      el('div', {}, el('button', {
        type: 'button', id: 'move', class: 'primary',
        onclick: () => {
          const status = select.value;
          const body = { status };
          if (decision.value.trim()) body.decision = decision.value.trim();
          if (status === 'duplicate' && duplicateOf.value.trim()) body.duplicateOf = duplicateOf.value.trim();
          if (needsDecision.includes(status) && !body.decision) {
            announce(`Moving to ${statusLabels[status].toLowerCase()} needs a reason.`);
            decision.focus();
            return;
          }
          change('status', 'POST', `requests/${request.id}/status`, body);
        },
      }, 'Move'))));
}

function notesPanel(review, request) {
  const box = el('textarea', { id: 'note', rows: 2, maxlength: 4000 });
  return el('section', { class: 'panel', 'aria-labelledby': 'notes-heading' },
    el('h3', { id: 'notes-heading' }, `Notes (${review.notes.length})`),
    el('ul', { class: 'notes' }, review.notes.map((n) => el('li', {},
      el('span', { class: 'when' }, `${n.author.name}, ${new Date(n.at).toLocaleString('en-GB', { timeZone: 'Europe/London' })}`), el('br'), n.text))),
    el('label', { for: 'note' }, 'Add a note'), box,
    el('div', {}, el('button', { type: 'button', id: 'add-note', onclick: () => box.value.trim() && change('note', 'POST', `requests/${request.id}/notes`, { text: box.value }) }, 'Add note')));
}

async function change(what, method, path, body) {
  const id = state.request.request.id;
  try {
    await api(method, path, body === undefined ? {} : body, what === 'note' || what === 'claim' ? null : state.request.version);
    await openRequest(id, false);
    announce({ claim: 'Claimed.', release: 'Released.', questions: 'Split saved.', themes: 'Tags saved.', status: 'Status changed.', note: 'Note added.' }[what]);
  } catch (error) {
    if (error.status === 412) {
      await openRequest(id, false);
      announce('Someone changed this request since you opened it; it has been reloaded. Check and try again.');
    } else if (error.status !== 401) {
      const shown = $('holder');
      announce(error.message);
      if (shown && what === 'claim') shown.textContent = error.message;
    }
  }
}

// ---- Navigation and keys ------------------------------------------------------------------------------

async function route() {
  const match = location.hash.match(/^#\/requests\/([0-9a-f]{64})$/);
  if (match) {
    await openRequest(match[1]);
    return;
  }
  showView(false);
  await loadQueue(true);
}

function moveCurrent(step) {
  if (!state.page || state.page.items.length === 0) return;
  state.current = Math.max(0, Math.min(state.page.items.length - 1, state.current + step));
  focusCurrentRow();
}

function openNeighbour(step) {
  if (!state.page || !state.request) return;
  const index = state.page.items.findIndex((i) => i.id === state.request.request.id);
  const next = state.page.items[index + step];
  if (next) { state.current = index + step; location.hash = '#/requests/' + next.id; }
}

document.addEventListener('keydown', (event) => {
  const typing = ['INPUT', 'TEXTAREA', 'SELECT'].includes(event.target.tagName);
  if (event.key === 'Escape' && !$('request-view').hidden) { location.hash = '#/'; return; }
  if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
  const inRequest = !$('request-view').hidden;
  if (event.key === '/') { event.preventDefault(); if (inRequest) location.hash = '#/'; $('q').focus(); }
  else if (!inRequest && event.key === 'j') moveCurrent(1);
  else if (!inRequest && event.key === 'k') moveCurrent(-1);
  else if (inRequest && (event.key === 'j' || event.key === 'n')) openNeighbour(1);
  else if (inRequest && (event.key === 'k' || event.key === 'p')) openNeighbour(-1);
  else if (inRequest && event.key === 'c' && !$('claim').disabled) $('claim').click();
  else if (inRequest && event.key === 'a') $('save-split').click();
  else if (inRequest && event.key === 'r' && $('next-status')) { event.preventDefault(); $('next-status').focus(); }
});

function wire() {
  const fragment = location.hash.match(/token=([^&]+)/);
  if (fragment) {
    // The token arrives in the fragment, which browsers never send to a server; keep it for this tab only.
    sessionStorage.setItem('foi-token', decodeURIComponent(fragment[1]));
    const rest = location.hash.replace(/[#&]?token=[^&]+/, '').replace(/^#?&?/, '');
    history.replaceState(null, '', location.pathname + '#' + (rest.startsWith('/') ? rest : '/'));
  }

  $('signin-form').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem('foi-token', $('token').value.trim());
    $('token').value = '';
    boot();
  });
  $('search').addEventListener('submit', (event) => { event.preventDefault(); state.query.q = $('q').value; state.query.skip = 0; loadQueue(); });
  $('clear-filters').addEventListener('click', () => {
    Object.assign(state.query, { q: '', status: [], theme: [], sensitivity: [], dueThisWeek: false, mine: false, skip: 0 });
    $('q').value = '';
    loadQueue();
  });
  $('prev').addEventListener('click', () => { state.query.skip = Math.max(0, state.query.skip - pageSize); state.current = 0; loadQueue(); });
  $('next').addEventListener('click', () => { state.query.skip += pageSize; state.current = 0; loadQueue(); });
  window.addEventListener('hashchange', route);
}

async function boot() {
  try {
    state.me = await api('GET', 'me');
    state.themes = (await api('GET', 'themes')).themes;
  } catch (error) {
    if (error.status !== 401) showSignIn(error.message);
    return;
  }
  $('signin').hidden = true;
  $('app').hidden = false;
  $('who').textContent = `${state.me.name}${state.me.cleared ? ' · cleared for restricted requests' : ''}`;
  await route();
}

document.addEventListener('DOMContentLoaded', () => { wire(); boot(); }, { once: true });
