// secondlook reviewer console. No framework, no build step, no dependencies: a page served with a strict CSP
// (script-src 'self', no inline script), and every piece of record text (outputs, prompts, notes, ids, categories)
// put into the page with textContent or as a text node, never parsed as HTML or markdown: no HTML-string API of the
// DOM is used anywhere (HttpReviewApiHandlerTest checks).
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const VIEWS = ['view-signin', 'view-refused', 'view-queue', 'view-records', 'view-record'];
  const MASKED = ' chars, masked)';
  const state = {
    config: null, token: null, record: null, outcome: null, evidenceAt: -1, leaseTimer: null,
    recordsNext: null, lead: false, helpReturn: null, busy: false,
  };

  // ------------------------------------------------------------------ helpers
  function say(text) { $('status').textContent = text; }

  function show(view) {
    for (const v of VIEWS) { $(v).hidden = v !== view; }
    if (view !== 'view-record') { stopLease(); }
  }

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function b64url(bytes) {
    let s = '';
    for (const b of bytes) { s += String.fromCharCode(b); }
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function claims(token) {
    try {
      const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return JSON.parse(decodeURIComponent(Array.from(atob(part),
        (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join('')));
    } catch (e) {
      return {};
    }
  }

  function ago(iso) {
    if (!iso) { return '-'; }
    const s = Math.round((Date.now() - Date.parse(iso)) / 1000);
    return s < 0 ? 'in ' + span(-s) : span(s) + ' ago';
  }

  function due(iso) {
    if (!iso) { return '-'; }
    const s = Math.round((Date.parse(iso) - Date.now()) / 1000);
    return s >= 0 ? 'in ' + span(s) : 'overdue by ' + span(-s);
  }

  function span(s) {
    if (s < 60) { return s + ' s'; }
    if (s < 3600) { return Math.floor(s / 60) + ' min'; }
    if (s < 172800) { return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min'; }
    return Math.floor(s / 86400) + ' days';
  }

  // ------------------------------------------------------------------ sign-in (authorization code + PKCE)
  function redirectUri() { return state.config.redirectUrl || (location.origin + '/'); }

  function configured() {
    let sameOrigin = true;
    try {
      sameOrigin = !state.config.redirectUrl || new URL(state.config.redirectUrl).origin === location.origin;
    } catch (e) {
      sameOrigin = false;
    }
    return Boolean(state.config.clientId && state.config.authorizeUrl && state.config.tokenUrl && sameOrigin);
  }

  async function signIn() {
    if (!configured()) { return; }
    const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
    const nonce = b64url(crypto.getRandomValues(new Uint8Array(16)));
    sessionStorage.setItem('sl.pkce', JSON.stringify({ verifier, state: nonce }));
    const challenge = b64url(new Uint8Array(await crypto.subtle.digest('SHA-256',
      new TextEncoder().encode(verifier))));
    const url = new URL(state.config.authorizeUrl);
    url.search = new URLSearchParams({
      response_type: 'code', client_id: state.config.clientId, redirect_uri: redirectUri(), scope: 'openid',
      state: nonce, code_challenge: challenge, code_challenge_method: 'S256',
    }).toString();
    location.assign(url.toString());
  }

  async function finishSignIn(params) {
    const saved = JSON.parse(sessionStorage.getItem('sl.pkce') || 'null');
    sessionStorage.removeItem('sl.pkce');
    history.replaceState(null, '', location.pathname);
    if (!saved || saved.state !== params.get('state')) {
      say('Sign-in did not complete: the answer does not match a request from this browser. Sign in again.');
      return;
    }
    const r = await fetch(state.config.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code', code: params.get('code'), redirect_uri: redirectUri(),
        client_id: state.config.clientId, code_verifier: saved.verifier,
      }),
    });
    if (!r.ok) { say('Sign-in failed at the identity provider (HTTP ' + r.status + '). Sign in again.'); return; }
    const t = await r.json();
    if (typeof t.access_token === 'string') { sessionStorage.setItem('sl.token', t.access_token); }
  }

  function signOut(message) {
    sessionStorage.removeItem('sl.token');
    state.token = null;
    state.record = null;
    $('who').hidden = true;
    $('sign-out').hidden = true;
    showSignIn();
    say(message || 'Signed out.');
  }

  function showSignIn() {
    $('signin-unconfigured').hidden = configured();
    $('signin').disabled = !configured();
    show('view-signin');
    $('signin').focus();
  }

  function who() {
    const c = claims(state.token);
    return String(c.username || c['cognito:username'] || c.email || c.sub || 'unknown');
  }

  // ------------------------------------------------------------------ API
  async function api(method, path, body) {
    const r = await fetch(path, {
      method,
      headers: Object.assign({ authorization: 'Bearer ' + state.token },
        body === undefined ? {} : { 'content-type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
    if (r.status === 401) {
      signOut('Your session has ended. Sign in again.');
      throw new Error('unauthenticated');
    }
    let data = null;
    if (r.status !== 204) {
      try { data = await r.json(); } catch (e) { data = null; }
    }
    return { status: r.status, data };
  }

  function refused() {
    $('refused-who').textContent = who();
    show('view-refused');
    $('refused-sign-out').focus();
  }

  // ------------------------------------------------------------------ the queue
  async function loadQueue(focusClaim) {
    const r = await api('GET', '/queues');
    if (r.status === 403) { refused(); return; }
    if (r.status !== 200) { say('The queue is unavailable (HTTP ' + r.status + '). Try again.'); return; }
    const body = $('lanes');
    clear(body);
    for (const l of r.data.lanes) {
      const tr = el('tr');
      tr.append(el('th', l.lane), el('td', l.waiting), el('td', ago(l.oldestCreatedAt)), el('td', due(l.nextDueAt)));
      tr.firstChild.scope = 'row';
      body.append(tr);
    }
    $('queue-partial').hidden = !r.data.partial;
    if (!state.leadChecked) {
      state.leadChecked = true;
      const probe = await api('GET', '/reviews?limit=1');
      state.lead = probe.status === 200;
    }
    $('lead-link').hidden = !state.lead;
    show('view-queue');
    if (focusClaim !== false) { $('claim').focus(); }
  }

  async function claimNext() {
    if (state.busy) { return; }
    state.busy = true;
    try {
      const r = await api('POST', '/reviews/claim');
      if (r.status === 204) { say('Nothing is waiting for review.'); return; }
      if (r.status === 403) { refused(); return; }
      if (r.status !== 200) { say(message(r, 'Could not claim a record')); return; }
      say('Claimed ' + r.data.id + ' (' + r.data.lane + ' lane).');
      render(r.data);
    } finally {
      state.busy = false;
    }
  }

  function message(r, what) {
    const m = r.data && typeof r.data.message === 'string' ? r.data.message : 'HTTP ' + r.status;
    return what + ': ' + m;
  }

  // ------------------------------------------------------------------ a record
  function render(v) {
    state.record = v;
    state.outcome = null;
    state.evidenceAt = -1;
    $('rec-id').textContent = v.id;
    renderOutput(v);
    const list = $('evidence');
    clear(list);
    for (const e of v.evidence || []) {
      const li = el('li');
      li.append(el('strong', e.category), document.createTextNode(' ' + e.ruleId + ' in ' + e.field));
      if (ruleDescription(e.ruleId)) { li.title = ruleDescription(e.ruleId); }
      if (e.field !== 'output' && e.excerpt) { li.append(document.createTextNode(': ' + e.excerpt)); }
      list.append(li);
    }
    $('prompt').textContent = v.prompt || '(none)';
    $('system-prompt').textContent = v.systemPrompt || '(none)';
    $('prompt-box').open = false;
    $('system-box').open = false;
    renderMeta(v);
    renderCategories(v.categories || [], state.config.categories || []);
    $('severity').value = 'none';
    $('note').value = '';
    $('correction').value = '';
    $('verdict-error').textContent = '';
    $('hold-box').hidden = v.lane !== 'hold';
    for (const r of document.querySelectorAll('input[name="decision"]')) { r.checked = false; }
    setOutcome(null);
    startLease(v.leaseExpiresAt);
    $('release').hidden = !v.claimBy;
    $('extend').hidden = !v.claimBy;
    show('view-record');
    $('record-title').tabIndex = -1;
    $('record-title').focus();
  }

  // the policy's description of a rule (config.json), as text; the rule id when the policy gives none
  function ruleDescription(ruleId) {
    const rules = (state.config && state.config.rules) || {};
    return Object.prototype.hasOwnProperty.call(rules, ruleId) ? String(rules[ruleId]) : '';
  }

  function ruleText(ruleId) {
    return ruleDescription(ruleId) ? 'rule ' + ruleId + ' - ' + ruleDescription(ruleId) : 'rule ' + ruleId;
  }

  function renderOutput(v) {
    const out = $('output');
    clear(out);
    const text = v.output || '';
    const spans = (v.evidence || [])
      .filter((e) => e.field === 'output' && Number.isInteger(e.start) && Number.isInteger(e.end)
        && e.start >= 0 && e.end > e.start && e.end <= text.length)
      .sort((a, b) => a.start - b.start);
    let at = 0;
    for (const e of spans) {
      if (e.start < at) { continue; } // overlapping spans: the first one is marked
      out.append(document.createTextNode(text.slice(at, e.start)));
      const masked = typeof e.excerpt === 'string' && e.excerpt.endsWith(MASKED);
      // a masked span stays masked: the policy's excerpt is shown, never the secret
      const mark = el('mark', masked ? e.excerpt : text.slice(e.start, e.end), masked ? 'masked' : undefined);
      mark.tabIndex = 0;
      mark.title = e.category + ': ' + ruleText(e.ruleId) + (masked ? ' (masked)' : '');
      mark.dataset.rule = e.ruleId;
      mark.addEventListener('focus', () => say('Evidence: ' + mark.title));
      out.append(mark);
      at = e.end;
    }
    out.append(document.createTextNode(text.slice(at)));
    if (!text) { out.textContent = '(no output)'; }
  }

  function renderMeta(v) {
    const dl = $('meta');
    clear(dl);
    const src = v.source || {};
    const rows = [
      ['Status', v.status], ['Lane', v.lane], ['Severity', v.severity],
      ['Categories', (v.categories || []).join(', ') || '-'], ['Model', v.modelId || '-'],
      ['Route', v.route || '-'], ['Operation', v.operation || '-'],
      ['Inclusion probability', typeof v.inclusionProbability === 'number' ? String(v.inclusionProbability) : '-'],
      ['Selected because', v.selectionReason || '-'],
      ['Source', (v.sourceUri || '-') + (src.line !== undefined && src.line !== null ? ' line ' + src.line : '')],
      ['Due', v.dueAt ? v.dueAt + ' (' + due(v.dueAt) + ')' : '-'], ['Policy version', v.policyVersion || '-'],
    ];
    if (v.claimBy) { rows.push(['Claimed by', v.claimBy]); }
    if (v.reviewedBy) { rows.push(['Reviewed by', v.reviewedBy + (v.reviewedAt ? ' at ' + v.reviewedAt : '')]); }
    if (v.verdict) {
      rows.push(['Verdict', v.verdict.outcome + (v.verdict.categories && v.verdict.categories.length
        ? ' [' + v.verdict.categories.join(', ') + ']' : '')]);
      if (v.verdict.note) { rows.push(['Note', v.verdict.note]); }
    }
    if (v.hold) { rows.push(['Hold', v.hold.status + (v.hold.holdUntil ? ' until ' + v.hold.holdUntil : '')]); }
    // a double-reviewed record: a lead sees both independent reviews (to adjudicate a disagreement), a reviewer
    // only their own
    (v.independentReviews || []).forEach((r, i) => {
      const cats = r.verdict.categories && r.verdict.categories.length ? ' [' + r.verdict.categories.join(', ') + ']' : '';
      rows.push(['Independent review ' + (i + 1), r.verdict.outcome + cats + ' by ' + r.reviewedBy + ' at '
        + r.reviewedAt + (r.verdict.note ? ': ' + r.verdict.note : '')]);
    });
    for (const [k, val] of rows) { dl.append(el('dt', k), el('dd', val)); }
  }

  // the record's categories first (the rules gave them), then the rest of the policy's: a verdict names only these
  function renderCategories(flagged, policy) {
    const box = $('categories');
    clear(box);
    const categories = flagged.concat(policy.filter((c) => !flagged.includes(c)));
    categories.forEach((c, i) => {
      const label = el('label');
      const input = el('input');
      input.type = 'checkbox';
      input.value = c;
      input.name = 'category';
      label.append(input, document.createTextNode(' ' + (i < 9 ? '(' + (i + 1) + ') ' : '') + c));
      box.append(label);
    });
    if (!categories.length) { box.append(el('p', 'The policy names no categories.', 'muted')); }
  }

  function setOutcome(outcome) {
    state.outcome = outcome;
    $('on-policy').setAttribute('aria-pressed', String(outcome === 'on-policy'));
    $('off-policy').setAttribute('aria-pressed', String(outcome === 'off-policy'));
  }

  function startLease(expires) {
    stopLease();
    const tick = () => {
      if (!expires) { $('lease').textContent = ''; return; }
      const s = Math.round((Date.parse(expires) - Date.now()) / 1000);
      $('lease').textContent = s > 0
        ? 'Lease: ' + Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0') + ' left'
        : 'Lease lapsed: another reviewer may claim this record.';
    };
    tick();
    state.leaseTimer = setInterval(tick, 1000);
  }

  function stopLease() {
    if (state.leaseTimer) { clearInterval(state.leaseTimer); state.leaseTimer = null; }
  }

  async function submitVerdict(ev) {
    if (ev) { ev.preventDefault(); }
    const v = state.record;
    if (!v || state.busy) { return; }
    const decision = (document.querySelector('input[name="decision"]:checked') || {}).value;
    if (!state.outcome && !decision) {
      $('verdict-error').textContent = 'Choose On policy or Off policy first.';
      return;
    }
    const categories = Array.from(document.querySelectorAll('input[name="category"]:checked'), (c) => c.value);
    const body = { categories, severity: $('severity').value };
    if (state.outcome) { body.outcome = state.outcome; }
    if ($('note').value.trim()) { body.note = $('note').value; }
    if (decision) {
      body.decision = decision;
      if (decision === 'edit') { body.editedOutput = $('correction').value; }
    }
    if (decision !== 'edit' && $('correction').value.trim()) { body.correctedResponse = $('correction').value; }
    state.busy = true;
    try {
      const r = await api('POST', '/reviews/' + encodeURIComponent(v.id) + '/verdict', body);
      if (r.status !== 200) { $('verdict-error').textContent = message(r, 'The verdict was not recorded'); return; }
      state.record = null;
      const after = r.data && typeof r.data.message === 'string' ? ' ' + r.data.message : '';
      say('Verdict recorded for ' + v.id + ' (' + (body.outcome || body.decision) + ').' + after
        + ' Press c for the next one.');
      await loadQueue();
    } finally {
      state.busy = false;
    }
  }

  async function extend() {
    const v = state.record;
    if (!v) { return; }
    const r = await api('POST', '/reviews/' + encodeURIComponent(v.id) + '/extend');
    if (r.status !== 200) { say(message(r, 'Could not extend the lease')); return; }
    v.leaseExpiresAt = r.data.leaseExpiresAt;
    startLease(v.leaseExpiresAt);
    say('Lease extended: you hold ' + v.id + ' until ' + v.leaseExpiresAt + '.');
  }

  async function release() {
    const v = state.record;
    if (!v) { return; }
    const r = await api('POST', '/reviews/' + encodeURIComponent(v.id) + '/release');
    if (r.status !== 200) { say(message(r, 'Could not release')); return; }
    state.record = null;
    say('Released ' + v.id + ': it is back in the queue.');
    await loadQueue();
  }

  function nextEvidence(step) {
    const marks = Array.from($('output').querySelectorAll('mark'));
    if (!marks.length) { return; }
    state.evidenceAt = (state.evidenceAt + step + marks.length) % marks.length;
    marks[state.evidenceAt].focus();
  }

  // ------------------------------------------------------------------ leads: every record
  async function loadRecords(more) {
    const q = new URLSearchParams({ status: $('f-status').value, limit: '25' });
    if ($('f-lane').value) { q.set('lane', $('f-lane').value); }
    if ($('f-category').value.trim()) { q.set('category', $('f-category').value.trim()); }
    if (more && state.recordsNext) { q.set('next', state.recordsNext); }
    const r = await api('GET', '/reviews?' + q.toString());
    if (r.status === 403) { say('Only leads list every record.'); return; }
    if (r.status !== 200) { say(message(r, 'Could not list records')); return; }
    const body = $('records');
    if (!more) { clear(body); }
    for (const item of r.data.items) {
      const tr = el('tr');
      const open = el('button', 'Open');
      open.type = 'button';
      open.setAttribute('aria-label', 'Open ' + item.id);
      open.addEventListener('click', () => openRecord(item.id));
      const td = el('td');
      td.append(open);
      tr.append(el('td', item.id), el('td', item.lane), el('td', item.severity),
        el('td', (item.categories || []).join(', ')), el('td', due(item.dueAt)), td);
      body.append(tr);
    }
    state.recordsNext = r.data.next;
    $('records-more').hidden = !state.recordsNext;
    show('view-records');
  }

  async function openRecord(id) {
    const r = await api('GET', '/reviews/' + encodeURIComponent(id));
    if (r.status !== 200) { say(message(r, 'Could not open ' + id)); return; }
    render(r.data);
  }

  // ------------------------------------------------------------------ keyboard
  function openHelp() {
    state.helpReturn = document.activeElement;
    $('help').hidden = false;
    $('help-close').focus();
  }

  function closeHelp() {
    $('help').hidden = true;
    if (state.helpReturn && state.helpReturn.focus) { state.helpReturn.focus(); }
  }

  function onKey(e) {
    if (!$('help').hidden) {
      if (e.key === 'Escape' || e.key === '?') { e.preventDefault(); closeHelp(); }
      if (e.key === 'Tab') { e.preventDefault(); $('help-close').focus(); }
      return;
    }
    const t = e.target;
    const typing = t && (t.tagName === 'TEXTAREA' || t.tagName === 'SELECT'
      || (t.tagName === 'INPUT' && !['checkbox', 'radio'].includes(t.type)));
    const inRecord = !$('view-record').hidden && state.record;
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && inRecord) { e.preventDefault(); submitVerdict(); return; }
    if (typing) {
      if (e.key === 'Escape') { e.preventDefault(); t.blur(); $('record-title').focus(); }
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    const k = e.key;
    let handled = true;
    if (k === '?') { openHelp(); }
    else if (!$('view-queue').hidden && k === 'c') { claimNext(); }
    else if (!$('view-queue').hidden && k === 'g') { loadQueue(); }
    else if (!$('view-queue').hidden && k === 'l' && state.lead) { location.hash = '#records'; }
    else if (inRecord && k === 'o') { setOutcome('on-policy'); $('on-policy').focus(); }
    else if (inRecord && k === 'x') { setOutcome('off-policy'); $('off-policy').focus(); }
    else if (inRecord && /^[1-9]$/.test(k)) {
      const box = document.querySelectorAll('input[name="category"]')[Number(k) - 1];
      if (box) { box.checked = !box.checked; box.focus(); } else { handled = false; }
    }
    else if (inRecord && k === 'n') { $('note').focus(); }
    else if (inRecord && k === 'e') { $('correction').focus(); }
    else if (inRecord && state.record.lane === 'hold' && ['a', 't', 'b'].includes(k)) {
      const value = { a: 'approve', t: 'edit', b: 'block' }[k];
      const radio = document.querySelector('input[name="decision"][value="' + value + '"]');
      radio.checked = true;
      radio.focus();
      // start the edit from the output as shown: what the policy masks stays masked in the editor too
      if (value === 'edit' && !$('correction').value) { $('correction').value = $('output').textContent; }
    }
    else if (inRecord && k === 'j') { nextEvidence(1); }
    else if (inRecord && k === 'k') { nextEvidence(-1); }
    else if (inRecord && k === 'p') { $('prompt-box').open = !$('prompt-box').open; }
    else if (inRecord && k === 's') { submitVerdict(); }
    else if (inRecord && k === 'r' && state.record.claimBy) { release(); }
    else if (inRecord && k === 'm' && state.record.claimBy) { extend(); }
    else { handled = false; }
    if (handled) { e.preventDefault(); }
  }

  function route() {
    if (!state.token) { return; }
    if (location.hash === '#records' && state.lead) { loadRecords(false); } else if (!state.record) { loadQueue(); }
  }

  // ------------------------------------------------------------------ start
  async function init() {
    $('signin').addEventListener('click', signIn);
    $('sign-out').addEventListener('click', () => signOut());
    $('refused-sign-out').addEventListener('click', () => signOut());
    $('claim').addEventListener('click', claimNext);
    $('refresh').addEventListener('click', () => loadQueue());
    $('on-policy').addEventListener('click', () => setOutcome('on-policy'));
    $('off-policy').addEventListener('click', () => setOutcome('off-policy'));
    $('verdict').addEventListener('submit', submitVerdict);
    $('release').addEventListener('click', release);
    $('extend').addEventListener('click', extend);
    $('help-open').addEventListener('click', openHelp);
    $('help-close').addEventListener('click', closeHelp);
    $('records-filter').addEventListener('submit', (e) => { e.preventDefault(); loadRecords(false); });
    $('records-more').addEventListener('click', () => loadRecords(true));
    document.addEventListener('keydown', onKey);
    window.addEventListener('hashchange', route);

    state.config = await (await fetch('/console/config.json', { cache: 'no-store' })).json();
    const params = new URLSearchParams(location.search);
    if (params.has('code')) {
      await finishSignIn(params);
    } else if (params.has('error')) {
      history.replaceState(null, '', location.pathname);
      say('Sign-in was refused by the identity provider: ' + params.get('error'));
    }
    state.token = sessionStorage.getItem('sl.token');
    const exp = state.token ? Number(claims(state.token).exp || 0) : 0;
    if (!state.token || exp * 1000 <= Date.now()) {
      sessionStorage.removeItem('sl.token');
      state.token = null;
      showSignIn();
      return;
    }
    $('who').textContent = 'Signed in as ' + who();
    $('who').hidden = false;
    $('sign-out').hidden = false;
    if (location.hash === '#records') {
      await loadQueue(false);
      route();
    } else {
      await loadQueue();
    }
  }

  init().catch((e) => { if (e.message !== 'unauthenticated') { say('Something went wrong: ' + e.message); } });
})();
