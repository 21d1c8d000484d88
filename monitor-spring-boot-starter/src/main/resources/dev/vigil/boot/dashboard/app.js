/*
 * Vigil dashboard. Vanilla JavaScript, no build step; served with a strict
 * Content-Security-Policy (no inline script or style), which this file is written for.
 *
 * Every string that came from the application (log messages, sources, categories, labels,
 * check details) is put into the page as text (textContent, text nodes, attribute values set
 * with setAttribute on harmless attributes): never as HTML.
 */
(function () {
  'use strict';

  // /actuator/vigil/dashboard/ -> /actuator/vigil (works under any context or base path)
  var BASE = location.pathname.replace(/\/dashboard(\/[^/]*)?$/, '');
  var POLL_MS = 5000;
  var MAX_ROWS = 500;
  var PAGE = 100;
  var SEVERITIES = ['INFO', 'WARN', 'ERROR', 'CRITICAL'];

  var state = {
    window: '1h',
    filters: { source: '', severity: '', category: '', text: '' },
    seen: new Set(),
    rows: 0,
    cursor: null,
    paused: false,
    missed: 0,
    source: null,      // the EventSource
    live: false,       // the stream is open
    pollEvents: false, // polling instead of the stream
    pending: null,     // events streamed while the table reloads
    seriesTimer: 0,
    tab: 'events',
    ticks: 0,
    plots: new Map(),
    ratePlot: null,
    alertsTimer: 0,
    statsTimer: 0,
    failures: 0
  };

  var $ = function (id) { return document.getElementById(id); };

  // ---- DOM helpers: text only ------------------------------------------------------------

  /** Creates an element; {cls, text, attrs} and children (nodes or strings, added as text). */
  function el(tag, opts) {
    var e = document.createElement(tag);
    opts = opts || {};
    if (opts.cls) { e.className = opts.cls; }
    if (opts.text !== undefined && opts.text !== null) { e.textContent = String(opts.text); }
    if (opts.attrs) {
      Object.keys(opts.attrs).forEach(function (k) {
        if (/^on/i.test(k)) { return; } // never an event handler attribute
        e.setAttribute(k, String(opts.attrs[k]));
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined || c === false) { continue; }
      e.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
    return e;
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function show(node, visible) { node.classList.toggle('hidden', !visible); }

  /** A link only for http(s) addresses; anything else (javascript:, data:) stays text. */
  function safeLink(url, text) {
    try {
      var u = new URL(url, location.href);
      if (u.protocol === 'http:' || u.protocol === 'https:') {
        return el('a', { text: text || url, attrs: { href: u.href, target: '_blank', rel: 'noopener noreferrer' } });
      }
    } catch (e) { /* not a URL */ }
    return el('span', { text: text || url });
  }

  // ---- formatting --------------------------------------------------------------------------

  function fmtTime(iso, withDate) {
    if (!iso) { return '–'; }
    var d = new Date(iso);
    if (isNaN(d.getTime())) { return String(iso); }
    var today = new Date().toDateString() === d.toDateString();
    return (withDate || !today)
      ? d.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }

  function fmtMs(ms) {
    if (ms === null || ms === undefined || isNaN(ms)) { return '–'; }
    if (ms < 1) { return ms.toFixed(2) + ' ms'; }
    if (ms < 1000) { return Math.round(ms) + ' ms'; }
    var s = ms / 1000;
    if (s < 60) { return s.toFixed(s < 10 ? 1 : 0) + ' s'; }
    var m = Math.floor(s / 60);
    if (m < 60) { return m + ' min'; }
    var h = Math.floor(m / 60);
    if (h < 48) { return h + ' h ' + (m % 60) + ' min'; }
    return Math.floor(h / 24) + ' d ' + (h % 24) + ' h';
  }

  function fmtPct(share) {
    if (share === null || share === undefined || isNaN(share)) { return '–'; }
    var p = share * 100;
    return (p === 100 ? '100' : p >= 99.9 ? p.toFixed(3) : p.toFixed(2)) + ' %';
  }

  function fmtNum(v) {
    if (v === null || v === undefined || isNaN(v)) { return '–'; }
    var a = Math.abs(v);
    if (a >= 1e6) { return (v / 1e6).toFixed(1) + 'M'; }
    if (a >= 1e4) { return (v / 1e3).toFixed(1) + 'k'; }
    return a >= 100 || v === Math.round(v) ? String(Math.round(v)) : v.toPrecision(3);
  }

  function ago(iso) {
    if (!iso) { return ''; }
    var ms = Date.now() - new Date(iso).getTime();
    return isNaN(ms) ? '' : ms < 0 ? 'just now' : fmtMs(ms) + ' ago';
  }

  // ---- HTTP --------------------------------------------------------------------------------

  function query(params) {
    var q = new URLSearchParams();
    Object.keys(params).forEach(function (k) {
      var v = params[k];
      if (v !== null && v !== undefined && v !== '') { q.set(k, v); }
    });
    var s = q.toString();
    return s ? '?' + s : '';
  }

  function errorOf(response) {
    return response.text().then(function (body) {
      var message = 'HTTP ' + response.status;
      try {
        var json = JSON.parse(body);
        if (json && json.error) { message = json.error; }
      } catch (e) {
        if (body && body.length < 300) { message += ': ' + body; }
      }
      var err = new Error(message);
      err.status = response.status;
      throw err;
    });
  }

  function get(path, params) {
    return fetch(BASE + path + query(params || {}), {
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
      cache: 'no-store'
    }).then(function (r) { return r.ok ? r.json() : errorOf(r); });
  }

  /** Spring Security's CSRF token, when its cookie repository is used. */
  function csrfToken() {
    var m = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]*)/);
    return m ? decodeURIComponent(m[1]) : null;
  }

  function post(resource, body) {
    var headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
    var token = csrfToken();
    if (token) { headers['X-XSRF-TOKEN'] = token; }
    return fetch(BASE + '/' + resource, {
      method: 'POST', headers: headers, credentials: 'same-origin', body: JSON.stringify(body)
    }).then(function (r) { return r.ok ? r.json() : errorOf(r); });
  }

  // ---- toast, banner, connection ---------------------------------------------------------

  var toastTimer = 0;
  function toast(message, isError) {
    var t = $('toast');
    t.textContent = message;
    t.classList.toggle('error', !!isError);
    show(t, true);
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { show(t, false); }, isError ? 8000 : 4000);
  }

  function banner(message) {
    var b = $('banner');
    b.textContent = message || '';
    show(b, !!message);
  }

  function connection(kind, text) {
    var c = $('connection');
    c.className = 'pill pill-' + kind;
    c.textContent = text;
  }

  function updateConnection() {
    if (state.failures > 1) {
      connection('down', 'Offline');
    } else if (state.paused) {
      connection('muted', 'Paused');
    } else if (state.live) {
      connection('live', 'Live');
    } else if (state.pollEvents) {
      connection('poll', 'Refreshing every ' + POLL_MS / 1000 + ' s');
    } else {
      connection('muted', 'Connecting…');
    }
  }

  function reachable(ok, err) {
    if (ok) {
      if (state.failures > 1) { banner(''); }
      state.failures = 0;
    } else {
      state.failures++;
      if (state.failures > 1) {
        banner('The application does not answer (' + (err && err.message ? err.message : 'network error')
          + '). Retrying every ' + POLL_MS / 1000 + ' s.');
      }
    }
    updateConnection();
  }

  // ---- dialog ------------------------------------------------------------------------------

  /** Asks for a comment (and a duration); resolves to {comment, duration} or null. */
  function ask(title, subject, withDuration, okLabel, action) {
    var d = $('dialog');
    $('dialog-title').textContent = title;
    $('dialog-subject').textContent = subject;
    $('dialog-comment').value = '';
    $('dialog-error').textContent = '';
    $('dialog-ok').textContent = okLabel;
    show($('dialog-duration-field'), withDuration);
    var ok = $('dialog-ok');
    var cancel = $('dialog-cancel');
    function done() {
      ok.removeEventListener('click', onOk);
      cancel.removeEventListener('click', onCancel);
      d.removeEventListener('cancel', onCancel);
      if (d.open) { d.close(); }
    }
    function onCancel() { done(); }
    function onOk() {
      ok.disabled = true;
      action({ comment: $('dialog-comment').value.trim(), duration: $('dialog-duration').value })
        .then(function () { done(); })
        .catch(function (e) { $('dialog-error').textContent = e.message; })
        .then(function () { ok.disabled = false; });
    }
    ok.addEventListener('click', onOk);
    cancel.addEventListener('click', onCancel);
    d.addEventListener('cancel', onCancel);
    if (typeof d.showModal === 'function') { d.showModal(); } else { d.setAttribute('open', ''); }
    $('dialog-comment').focus();
  }

  // ---- stat cards --------------------------------------------------------------------------

  function refreshStats() {
    return get('/stats', { window: state.window }).then(function (s) {
      ['CRITICAL', 'ERROR', 'WARN'].forEach(function (sev) {
        var n = (s.bySeverity && s.bySeverity[sev]) || 0;
        var v = $('count-' + sev);
        v.textContent = fmtNum(n);
        v.classList.toggle('nonzero', n > 0);
      });
      fillList($('sources'), Object.keys(s.bySource || {}));
      fillList($('categories'), Object.keys(s.byCategory || {}));
    });
  }

  function fillList(datalist, values) {
    var current = Array.prototype.map.call(datalist.options, function (o) { return o.value; }).join('\n');
    values = values.slice().sort();
    if (current === values.join('\n')) { return; }
    clear(datalist);
    values.forEach(function (v) { datalist.appendChild(el('option', { attrs: { value: v } })); });
  }

  function scheduleStats() {
    clearTimeout(state.statsTimer);
    state.statsTimer = setTimeout(function () { refreshStats().catch(function () {}); }, 800);
  }

  // ---- summary: alerts and checks ----------------------------------------------------------

  function refreshSummary() {
    return get('').then(function (s) {
      $('app-name').textContent = s.name || '';
      document.title = 'Vigil · ' + (s.name || '');
      if (s.alerts) {
        renderAlerts(s.alerts);
      } else {
        renderAlertsOff();
      }
      if (s.checks) {
        var up = s.checks.filter(function (c) { return c.status === 'UP'; }).length;
        $('count-checks').textContent = s.checks.length ? up + ' / ' + s.checks.length : '–';
      } else {
        $('count-checks').textContent = 'off';
      }
    });
  }

  function scheduleAlerts() {
    clearTimeout(state.alertsTimer);
    state.alertsTimer = setTimeout(function () { refreshSummary().catch(function () {}); }, 300);
  }

  function renderAlertsOff() {
    clear($('alerts'));
    alertNodes = new Map();
    $('alerts-empty').textContent = 'The alert engine is off (vigil.alerts.enabled).';
    show($('alerts-empty'), true);
    $('count-alerts').textContent = 'off';
    $('alerts-sub').textContent = '';
    $('evaluate-rules').disabled = true;
  }

  var SEVERITY_RANK = { CRITICAL: 0, ERROR: 1, WARN: 2, INFO: 3 };

  var alertNodes = new Map(); // key -> {json, node}: unchanged alerts keep their node (and focus)

  function renderAlerts(alerts) {
    var list = $('alerts');
    alerts = alerts.filter(function (a) { return a.state !== 'RESOLVED'; });
    alerts.sort(function (a, b) {
      return (SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity])
        || String(b.activeSince || '').localeCompare(String(a.activeSince || ''));
    });
    var keep = new Map();
    alerts.forEach(function (a, i) {
      var json = JSON.stringify(a);
      var known = alertNodes.get(a.key);
      var node = known && known.json === json ? known.node : alertItem(a);
      if (known && known.node !== node) { known.node.remove(); }
      keep.set(a.key, { json: json, node: node });
      if (list.children[i] !== node) { list.insertBefore(node, list.children[i] || null); }
    });
    alertNodes.forEach(function (v, key) { if (!keep.has(key)) { v.node.remove(); } });
    alertNodes = keep;
    $('alerts-empty').textContent = 'No active alerts. All quiet.';
    show($('alerts-empty'), alerts.length === 0);
    var byState = {};
    alerts.forEach(function (a) { byState[a.state] = (byState[a.state] || 0) + 1; });
    $('count-alerts').textContent = String(alerts.length);
    $('count-alerts').classList.toggle('nonzero', !!byState.FIRING);
    $('alerts-sub').textContent = Object.keys(byState).sort().map(function (k) {
      return byState[k] + ' ' + k.toLowerCase();
    }).join(' · ');
    $('evaluate-rules').disabled = false;
  }

  function alertItem(a) {
    var li = el('li', { cls: 'alert sev-' + a.severity, attrs: { 'data-key': a.key } });
    var ann = a.annotations || {};
    var summary = ann.summary || ann.description || ann.message || '';
    var title = el('div', { cls: 'alert-title' },
      el('span', { cls: 'sev sev-' + a.severity, text: a.severity }),
      el('span', { cls: 'alert-rule', text: a.rule }),
      el('span', { cls: 'state state-' + a.state, text: a.state }),
      a.key !== a.rule ? el('span', { cls: 'muted', text: a.key }) : null);
    var meta = [];
    if (a.firingSince) { meta.push('Firing since ' + fmtTime(a.firingSince, true) + ' (' + ago(a.firingSince) + ')'); }
    else if (a.activeSince) { meta.push('Pending since ' + fmtTime(a.activeSince, true)); }
    if (a.value !== undefined && a.value !== null) { meta.push('value ' + fmtNum(a.value)); }
    if (a.mutedBy) { meta.push('muted by ' + a.mutedBy.kind.toLowerCase() + ' ' + a.mutedBy.id); }
    var body = el('div', null, title,
      summary ? el('div', { cls: 'alert-summary', text: summary }) : null,
      el('div', { cls: 'alert-meta', text: meta.join(' · ') }));
    if (a.acknowledgement) {
      var k = a.acknowledgement;
      body.appendChild(el('div', { cls: 'alert-meta ack',
        text: 'Acknowledged by ' + k.by + (k.comment ? ': “' + k.comment + '”' : '')
          + (k.until ? ' · until ' + fmtTime(k.until, true) : '') }));
    }
    var labels = el('div', { cls: 'labels' });
    Object.keys(a.labels || {}).forEach(function (name) {
      labels.appendChild(el('span', { cls: 'label', text: name + '=' + a.labels[name] }));
    });
    if (labels.firstChild) { body.appendChild(labels); }
    if (a.runbook) { body.appendChild(el('div', { cls: 'alert-meta' }, 'Runbook: ', safeLink(a.runbook))); }

    var actions = el('div', { cls: 'alert-actions' });
    if (a.state !== 'ACKNOWLEDGED') {
      var ack = el('button', { cls: 'btn btn-small', text: 'Acknowledge', attrs: { type: 'button', 'data-action': 'acknowledge' } });
      ack.addEventListener('click', function () {
        ask('Acknowledge alert', a.key, true, 'Acknowledge', function (v) {
          return post('alerts', { action: 'acknowledge', key: a.key, comment: v.comment, duration: v.duration })
            .then(function () { toast('Acknowledged ' + a.key); scheduleAlerts(); });
        });
      });
      actions.appendChild(ack);
    }
    var resolve = el('button', { cls: 'btn btn-small', text: 'Resolve', attrs: { type: 'button', 'data-action': 'resolve' } });
    resolve.addEventListener('click', function () {
      ask('Resolve alert', a.key, false, 'Resolve', function (v) {
        return post('alerts', { action: 'resolve', key: a.key, comment: v.comment })
          .then(function () { toast('Resolved ' + a.key); scheduleAlerts(); });
      });
    });
    actions.appendChild(resolve);
    var silence = el('button', { cls: 'btn btn-small', text: 'Silence', attrs: { type: 'button', 'data-action': 'silence' } });
    silence.addEventListener('click', function () {
      var matchers = 'alertname=' + a.rule;
      ask('Silence alerts', matchers, true, 'Silence', function (v) {
        return post('silences', { action: 'create', matchers: matchers, comment: v.comment, duration: v.duration })
          .then(function () { toast('Silenced ' + matchers + ' for ' + v.duration); scheduleAlerts(); });
      });
    });
    actions.appendChild(silence);
    li.appendChild(body);
    li.appendChild(actions);
    return li;
  }

  // ---- live events -------------------------------------------------------------------------

  function filterParams() {
    var f = state.filters;
    return { source: f.source, severity: f.severity, category: f.category, text: f.text };
  }

  function readFilters() {
    state.filters = {
      source: $('f-source').value.trim(),
      severity: $('f-severity').value,
      category: $('f-category').value.trim(),
      text: $('f-text').value.trim()
    };
    var q = query(filterParams());
    $('export-csv').setAttribute('href', BASE + '/export/events.csv' + q);
    $('export-json').setAttribute('href', BASE + '/export/events.json' + q);
  }

  /**
   * Reloads the table. Events that the stream brings while the request is under way are kept
   * aside and added after it: the answer may have been read before they were stored.
   */
  function loadEvents() {
    var params = filterParams();
    params.limit = PAGE;
    var pending = [];
    state.pending = pending;
    return get('/events', params).then(function (page) {
      if (state.pending !== pending) { return; } // a newer reload is under way
      state.pending = null;
      clear($('events'));
      state.seen = new Set();
      state.rows = 0;
      state.missed = 0;
      (page.items || []).forEach(function (e) { appendEvent(e); });
      state.cursor = page.nextCursor || null;
      pending.sort(function (a, b) { return a.id - b.id; }).forEach(prependEvent);
      updateEventsFoot();
    }, function (err) {
      if (state.pending === pending) { state.pending = null; }
      throw err;
    });
  }

  function loadOlder() {
    if (!state.cursor) { return; }
    var params = filterParams();
    params.limit = PAGE;
    params.cursor = state.cursor;
    get('/events', params).then(function (page) {
      (page.items || []).forEach(function (e) { appendEvent(e); });
      state.cursor = page.nextCursor || null;
      updateEventsFoot();
    }).catch(function (e) { toast(e.message, true); });
  }

  function updateEventsFoot() {
    show($('events-empty'), state.rows === 0);
    show($('events-older'), !!state.cursor);
    $('events-count').textContent = state.rows ? state.rows + ' rows' +
      (state.paused && state.missed ? ' · ' + state.missed + ' new while paused' : '') : '';
  }

  /** The main row of an event; its details row is made when asked for. */
  function eventRow(e) {
    var tr = el('tr', { cls: 'event sev-' + e.severity, attrs: { 'data-id': e.id } });
    tr._event = e;
    tr._count = 1;
    var msg = el('td', { cls: 'msg' }, el('span', { cls: 'msg-text', text: e.message }));
    var more = el('button', { cls: 'btn btn-small', text: 'Show more',
      attrs: { type: 'button', 'aria-expanded': 'false', 'data-action': 'more' } });
    more.addEventListener('click', function () { toggleDetails(tr, more); });
    tr.appendChild(el('td', { cls: 'col-time', text: fmtTime(e.timestamp), attrs: { title: e.timestamp || '' } }));
    tr.appendChild(el('td', { cls: 'col-sev' }, el('span', { cls: 'sev sev-' + e.severity, text: e.severity })));
    tr.appendChild(el('td', { cls: 'col-source', text: e.source, attrs: { title: e.source || '' } }));
    tr.appendChild(el('td', { cls: 'col-cat', text: e.category || '–', attrs: { title: e.category || '' } }));
    tr.appendChild(msg);
    tr.appendChild(el('td', { cls: 'col-more' }, more));
    return tr;
  }

  function setRepeat(tr) {
    var msg = tr.querySelector('td.msg');
    var badge = msg.querySelector('.repeat');
    if (!badge) {
      badge = el('span', { cls: 'repeat', attrs: { title: 'The same event repeated' } });
      msg.appendChild(badge);
    }
    badge.textContent = '×' + tr._count;
  }

  function sameGroup(tr, e) {
    return tr && tr._event && e.fingerprint && tr._event.fingerprint === e.fingerprint;
  }

  /**
   * An event's identity: its id is unique within one instance's run only, and a shared (JDBC)
   * store holds the events of every instance of a cluster, so the time and group go with it.
   */
  function eventKey(e) {
    return e.id + '|' + e.timestamp + '|' + e.fingerprint;
  }

  /** Adds an older event at the bottom (initial load, paging, newest first). */
  function appendEvent(e) {
    if (state.seen.has(eventKey(e))) { return; }
    state.seen.add(eventKey(e));
    var body = $('events');
    var last = lastMainRow(body);
    if (sameGroup(last, e)) {
      last._count++;
      setRepeat(last);
      return;
    }
    body.appendChild(eventRow(e));
    state.rows++;
  }

  function lastMainRow(body) {
    var r = body.lastElementChild;
    while (r && !r._event) { r = r.previousElementSibling; }
    return r;
  }

  /** Adds a new event at the top: repeats of the newest row only raise its ×N. */
  function prependEvent(e) {
    if (state.seen.has(eventKey(e))) { return; }
    state.seen.add(eventKey(e));
    if (state.seen.size > 5 * MAX_ROWS) { state.seen = new Set(Array.from(state.seen).slice(-2 * MAX_ROWS)); }
    var body = $('events');
    var first = body.firstElementChild;
    if (sameGroup(first, e)) {
      first._count++;
      first._event = e;
      first.querySelector('.msg-text').textContent = e.message;
      var time = first.querySelector('td.col-time');
      time.textContent = fmtTime(e.timestamp);
      time.setAttribute('title', e.timestamp || '');
      setRepeat(first);
      flash(first);
      return;
    }
    var tr = eventRow(e);
    body.insertBefore(tr, first);
    flash(tr);
    state.rows++;
    while (state.rows > MAX_ROWS) {
      var last = lastMainRow(body);
      var next = last.nextElementSibling;
      if (next && !next._event) { body.removeChild(next); }
      body.removeChild(last);
      state.rows--;
      state.cursor = state.cursor || 'more'; // older ones are a reload away
    }
    updateEventsFoot();
  }

  function flash(tr) {
    tr.classList.remove('fresh');
    void tr.offsetWidth; // restart the animation
    tr.classList.add('fresh');
  }

  function toggleDetails(tr, button) {
    var next = tr.nextElementSibling;
    if (next && next.classList.contains('details')) {
      next.parentNode.removeChild(next);
      button.setAttribute('aria-expanded', 'false');
      button.textContent = 'Show more';
      return;
    }
    var details = el('tr', { cls: 'details' }, el('td', { attrs: { colspan: 6 } }, eventDetails(tr._event, tr._count)));
    tr.parentNode.insertBefore(details, next);
    button.setAttribute('aria-expanded', 'true');
    button.textContent = 'Show less';
  }

  function eventDetails(e, count) {
    var box = el('div');
    box.appendChild(el('pre', { cls: 'message', text: e.message }));
    var dl = el('dl', { cls: 'details-grid' });
    function row(name, value) {
      if (value === undefined || value === null || value === '') { return; }
      dl.appendChild(el('dt', { text: name }));
      dl.appendChild(el('dd', { text: value }));
    }
    row('Time', e.timestamp);
    row('Severity', e.severity + (e.level ? ' (logged as ' + e.level + ')' : ''));
    row('Source', e.source);
    row('Category', e.category);
    row('Logger', e.logger);
    row('Thread', e.thread);
    row('Rule', e.ruleId);
    row('Fingerprint', e.fingerprint);
    if (count > 1) { row('Repeated', count + ' times in this table'); }
    Object.keys(e.context || {}).forEach(function (k) { row('context.' + k, e.context[k]); });
    Object.keys(e.tags || {}).forEach(function (k) { row('tag.' + k, e.tags[k]); });
    box.appendChild(dl);
    if (e.exception) {
      box.appendChild(el('pre', { cls: 'stack', text: stackTrace(e.exception) }));
    }
    if (e.fingerprint) {
      var exp = el('a', { cls: 'btn btn-small', text: 'Export this group (CSV)',
        attrs: { href: BASE + '/export/events.csv' + query({ fingerprint: e.fingerprint }), download: '' } });
      box.appendChild(exp);
    }
    return box;
  }

  function stackTrace(x) {
    var lines = [];
    var first = true;
    for (var depth = 0; x && depth < 20; depth++, x = x.cause) {
      lines.push((first ? '' : 'Caused by: ') + x.type + (x.message ? ': ' + x.message : ''));
      (x.frames || []).forEach(function (f) { lines.push('    at ' + f); });
      if (x.omittedFrames) { lines.push('    ... ' + x.omittedFrames + ' more'); }
      first = false;
    }
    return lines.join('\n');
  }

  function onEvent(e) {
    scheduleStats();
    scheduleSeries();
    if (state.paused) {
      state.missed++;
      updateEventsFoot();
      return;
    }
    if (state.pending) { state.pending.push(e); }
    prependEvent(e);
  }

  /** Polling: new events since the newest shown, oldest first. */
  function pollEvents() {
    var params = filterParams();
    params.limit = PAGE;
    return get('/events', params).then(function (page) {
      var items = (page.items || []).filter(function (e) { return !state.seen.has(eventKey(e)); });
      items.reverse().forEach(onEvent);
      updateEventsFoot();
    });
  }

  // ---- the stream --------------------------------------------------------------------------

  var retryTimer = 0;

  function openStream() {
    closeStream();
    if (typeof EventSource !== 'function') {
      state.pollEvents = true;
      updateConnection();
      return;
    }
    var es = new EventSource(BASE + '/stream' + query(filterParams()));
    state.source = es;
    es.addEventListener('open', function () {
      if (state.source !== es) { return; }
      var wasPolling = state.pollEvents;
      state.live = true;
      state.pollEvents = false;
      updateConnection();
      if (wasPolling) { pollEvents().catch(function () {}); } // what came while reconnecting
    });
    es.addEventListener('event', function (m) {
      try { onEvent(JSON.parse(m.data)); } catch (err) { /* a broken line: skip it */ }
    });
    es.addEventListener('alert', function () { scheduleAlerts(); });
    es.addEventListener('dropped', function (m) {
      var n = 0;
      try { n = JSON.parse(m.data).count; } catch (err) { /* ignore */ }
      toast(n + ' live events were lost (too many at once); reloading the table.');
      if (!state.paused) { loadEvents().catch(function () {}); }
    });
    es.addEventListener('error', function () {
      if (state.source !== es) { return; }
      state.live = false;
      state.pollEvents = true; // poll while the stream is away
      updateConnection();
      if (es.readyState === EventSource.CLOSED) { // refused (503, 401…): try again later
        clearTimeout(retryTimer);
        retryTimer = setTimeout(openStream, 30000);
      }
    });
    // a proxy that buffers the stream never opens it: poll meanwhile
    setTimeout(function () {
      if (state.source === es && !state.live) { state.pollEvents = true; updateConnection(); }
    }, 4000);
  }

  function closeStream() {
    clearTimeout(retryTimer);
    if (state.source) {
      state.source.close();
      state.source = null;
    }
    state.live = false;
  }

  // ---- groups ------------------------------------------------------------------------------

  function refreshGroups() {
    var params = filterParams();
    params.window = state.window;
    params.limit = PAGE;
    return get('/groups', params).then(function (page) {
      var body = $('groups');
      clear(body);
      (page.items || []).forEach(function (g) {
        var e = g.latest || {};
        body.appendChild(el('tr', { cls: 'sev-' + g.severity },
          el('td', { cls: 'col-count' }, el('span', { cls: 'repeat', text: '×' + g.count })),
          el('td', { cls: 'col-sev' }, el('span', { cls: 'sev sev-' + g.severity, text: g.severity })),
          el('td', { cls: 'col-source', text: e.source || '–' }),
          el('td', { cls: 'col-cat', text: e.category || '–' }),
          el('td', { cls: 'msg' }, el('span', { cls: 'msg-text', text: e.message || '' })),
          el('td', { cls: 'col-time', text: fmtTime(g.firstSeen) }),
          el('td', { cls: 'col-time', text: fmtTime(g.lastSeen) })));
      });
      show($('groups-empty'), !(page.items || []).length);
    });
  }

  // ---- health checks -----------------------------------------------------------------------

  function refreshChecks() {
    return get('/checks').then(function (r) {
      var checks = (r.checks || []).slice(0, 50);
      return Promise.all(checks.map(function (c) {
        return get('/checks/' + encodeURIComponent(c.check), { window: '24h' })
          .catch(function () { return c; });
      }));
    }).then(function (checks) {
      var box = $('checks');
      clear(box);
      checks.forEach(function (c) { box.appendChild(checkCard(c)); });
      $('checks-empty').textContent = 'No health checks.';
      show($('checks-empty'), checks.length === 0);
    }, function (err) {
      clear($('checks'));
      $('checks-empty').textContent = err.status === 409 ? 'Health checks are off (vigil.health.enabled).' : err.message;
      show($('checks-empty'), true);
    });
  }

  function checkCard(c) {
    var s = c.stats || {};
    var last = c.last || {};
    var card = el('article', { cls: 'check st-' + c.status, attrs: { 'data-check': c.check } },
      el('div', { cls: 'check-head' },
        el('span', { cls: 'dot', attrs: { 'aria-hidden': 'true' } }),
        el('span', { cls: 'check-name', text: c.check }),
        el('span', { cls: 'status-text', text: c.status })),
      el('div', { cls: 'check-stats' },
        stat('Uptime 24 h', fmtPct(s.runs ? s.successRate : null)),
        stat('Latency', fmtMs(last.latencyMs)),
        stat('p95 24 h', fmtMs(s.p95LatencyMs))));
    var history = (c.history || []).slice(-60);
    if (history.length) {
      var bars = el('div', { cls: 'bars', attrs: { role: 'img', 'aria-label': 'The last ' + history.length + ' runs' } });
      history.forEach(function (h) {
        bars.appendChild(el('span', { cls: 'bar st-' + h.status,
          attrs: { title: fmtTime(h.checkedAt, true) + ' · ' + h.status + ' · ' + fmtMs(h.latencyMs) + (h.detail ? ' · ' + h.detail : '') } }));
      });
      card.appendChild(bars);
    }
    var detail = [];
    if (c.since) { detail.push(c.status + ' since ' + fmtTime(c.since, true)); }
    if (last.checkedAt) { detail.push('checked ' + ago(last.checkedAt)); }
    if (last.detail) { detail.push(last.detail); }
    if (last.error) { detail.push(last.error); }
    card.appendChild(el('div', { cls: 'check-detail', text: detail.join(' · ') }));
    var run = el('button', { cls: 'btn btn-small', text: 'Run now', attrs: { type: 'button' } });
    run.addEventListener('click', function () {
      run.disabled = true;
      post('checks', { action: 'run', name: c.check })
        .then(function (r) { toast(c.check + ': ' + r.status + (r.detail ? ' · ' + r.detail : '')); refreshChecks(); })
        .catch(function (e) { toast(e.message, true); })
        .then(function () { run.disabled = false; });
    });
    var recover = el('button', { cls: 'btn btn-small', text: 'Recover', attrs: { type: 'button' } });
    recover.addEventListener('click', function () {
      recover.disabled = true;
      post('checks', { action: 'recover', name: c.check })
        .then(function (r) { toast(c.check + ': recovery ' + r.outcome + (r.detail ? ' · ' + r.detail : '')); refreshChecks(); })
        .catch(function (e) { toast(e.message, true); })
        .then(function () { recover.disabled = false; });
    });
    card.appendChild(el('div', { cls: 'check-actions' }, run, recover));
    return card;
  }

  function stat(label, value) {
    return el('div', null, el('span', { cls: 'stat-label', text: label }), el('span', { cls: 'stat-value', text: value }));
  }

  // ---- charts ------------------------------------------------------------------------------

  function cssVar(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
  }

  function alpha(color, a) {
    var m = /^#([0-9a-f]{6})$/i.exec(color);
    if (!m) { return color; }
    var n = parseInt(m[1], 16);
    return 'rgba(' + (n >> 16) + ',' + ((n >> 8) & 255) + ',' + (n & 255) + ',' + a + ')';
  }

  function axes() {
    var stroke = cssVar('--muted');
    var grid = { stroke: cssVar('--border'), width: 1 };
    return [
      { stroke: stroke, grid: grid, ticks: grid },
      { stroke: stroke, grid: grid, ticks: grid, size: 50,
        values: function (u, vals) { return vals.map(fmtNum); } }
    ];
  }

  function plotWidth(target) { return Math.max(240, target.clientWidth || 600); }

  /** Creates or updates a uPlot chart in {@code target}. */
  function plot(existing, target, series, data, height) {
    if (typeof uPlot !== 'function') { return null; }
    if (existing && existing.series.length === series.length + 1) {
      existing.setData(data);
      return existing;
    }
    if (existing) { existing.destroy(); }
    clear(target);
    var opts = {
      width: plotWidth(target),
      height: height,
      series: [{}].concat(series),
      axes: axes(),
      scales: { x: { time: true } },
      legend: { live: true },
      cursor: { drag: { x: false, y: false } }
    };
    return new uPlot(opts, data, target);
  }

  var SEVERITY_COLORS = { INFO: '--info', WARN: '--warn', ERROR: '--error', CRITICAL: '--critical' };

  function refreshSeries() {
    var wantMetrics = state.tab === 'metrics';
    var params = { window: state.window };
    if (wantMetrics) {
      params.text = $('m-filter').value.trim();
      params.limit = 12;
    } else {
      params.limit = 1;
    }
    return get('/series', params).then(function (r) {
      var ev = r.events || { t: [], bySeverity: {} };
      var data = [ev.t];
      var series = [];
      SEVERITIES.forEach(function (sev) {
        var c = cssVar(SEVERITY_COLORS[sev]);
        data.push(ev.bySeverity[sev] || []);
        series.push({ label: sev, stroke: c, fill: alpha(c, 0.12), width: 1.5,
          paths: uPlotPaths(), points: { show: false } });
      });
      var total = 0;
      SEVERITIES.forEach(function (sev) { (ev.bySeverity[sev] || []).forEach(function (n) { total += n; }); });
      $('rate-note').textContent = total ? fmtNum(total) + ' in the window' : 'No events in the window';
      $('rate-title').textContent = r.stepMs > 60000 ? 'Events per ' + fmtMs(r.stepMs) : 'Events per minute';
      state.ratePlot = plot(state.ratePlot, $('rate-chart'), series, data, 180);
      if (wantMetrics) { renderMetrics(r.series || []); }
    });
  }

  function scheduleSeries() {
    if (state.seriesTimer) { return; }
    state.seriesTimer = setTimeout(function () {
      state.seriesTimer = 0;
      refreshSeries().catch(function () {});
    }, 2000);
  }

  function uPlotPaths() {
    return typeof uPlot === 'function' && uPlot.paths && uPlot.paths.stepped
      ? uPlot.paths.stepped({ align: 1 }) : undefined;
  }

  function renderMetrics(list) {
    var box = $('metrics');
    var keep = new Set(list.map(function (s) { return s.key; }));
    state.plots.forEach(function (p, key) {
      if (!keep.has(key)) { p.plot && p.plot.destroy(); p.node.remove(); state.plots.delete(key); }
    });
    list.forEach(function (s) {
      var entry = state.plots.get(s.key);
      if (!entry) {
        var node = el('div', { cls: 'metric' });
        var title = el('h3', { text: s.key });
        var note = el('div', { cls: 'muted' });
        var target = el('div', { cls: 'chart', attrs: { role: 'img', 'aria-label': 'Chart of ' + s.key } });
        node.appendChild(title);
        node.appendChild(note);
        node.appendChild(target);
        box.appendChild(node);
        entry = { node: node, note: note, target: target, plot: null };
        state.plots.set(s.key, entry);
      }
      var unit = s.unit === 'ms';
      var p = s.points || {};
      var series, data;
      if (s.kind === 'counter') {
        entry.note.textContent = 'counter · ' + fmtNum(s.sum) + ' in the window · ' + fmtNum(s.rate) + '/s';
        series = [{ label: 'per step', stroke: cssVar('--accent'), fill: alpha(cssVar('--accent'), 0.15), width: 1.5, paths: uPlotPaths(), points: { show: false } }];
        data = [p.t || [], p.sum || []];
      } else {
        var f = unit ? fmtMs : fmtNum;
        entry.note.textContent = s.kind + ' · ' + fmtNum(s.count) + ' values · mean ' + f(s.mean) + ' · p95 ' + f(s.p95) + ' · max ' + f(s.max);
        series = [
          { label: 'mean', stroke: cssVar('--accent'), width: 1.5, points: { size: 5 }, spanGaps: false },
          { label: 'p95', stroke: cssVar('--warn'), width: 1.5, dash: [4, 3], points: { size: 5 }, spanGaps: false }
        ];
        data = [p.t || [], p.mean || [], p.p95 || []];
      }
      entry.plot = plot(entry.plot, entry.target, series, data, 160);
    });
    show($('metrics-empty'), list.length === 0);
  }

  function resizePlots() {
    if (state.ratePlot) { state.ratePlot.setSize({ width: plotWidth($('rate-chart')), height: 180 }); }
    state.plots.forEach(function (p) {
      if (p.plot) { p.plot.setSize({ width: plotWidth(p.target), height: 160 }); }
    });
  }

  // ---- report ------------------------------------------------------------------------------

  function loadReport(params) {
    var box = $('report');
    clear(box);
    box.appendChild(el('p', { cls: 'muted', text: 'Loading…' }));
    return get('/report', params || {}).then(function (r) { renderReport(r); }, function (err) {
      clear(box);
      box.appendChild(el('p', { cls: 'empty', text: err.status === 409 ? 'Reports are off.' : err.message }));
    });
  }

  function table(headers, rows, numeric) {
    var t = el('table');
    var tr = el('tr');
    headers.forEach(function (h, i) { tr.appendChild(el('th', { text: h, cls: numeric && numeric[i] ? 'num' : '', attrs: { scope: 'col' } })); });
    t.appendChild(el('thead', null, tr));
    var body = el('tbody');
    rows.forEach(function (cells) {
      var row = el('tr');
      cells.forEach(function (c, i) {
        var td = el('td', { cls: numeric && numeric[i] ? 'num' : '' });
        if (c && c.nodeType) { td.appendChild(c); } else { td.textContent = c === null || c === undefined ? '–' : String(c); }
        row.appendChild(td);
      });
      body.appendChild(row);
    });
    t.appendChild(body);
    return t;
  }

  function renderReport(r) {
    var box = $('report');
    clear(box);
    $('report-title').textContent = r.title || 'Report';
    box.appendChild(el('p', { cls: 'muted',
      text: fmtTime(r.from, true) + ' – ' + fmtTime(r.to, true) + ' (' + r.zone + ') · generated ' + fmtTime(r.generatedAt, true) }));
    var ev = r.events || {};
    var inc = r.incidents || {};
    var cards = el('div', { cls: 'cards' },
      summaryCard('Uptime', fmtPct(r.uptime), r.uptime !== null && r.objectives && r.uptime < r.objectives.uptime ? 'card-critical' : 'card-neutral'),
      summaryCard('Events', fmtNum(ev.total || 0), 'card-neutral'),
      summaryCard('Critical', fmtNum((ev.bySeverity || {}).CRITICAL || 0), 'card-critical'),
      summaryCard('Errors', fmtNum((ev.bySeverity || {}).ERROR || 0), 'card-error'),
      summaryCard('Incidents', fmtNum(inc.total || 0), 'card-warn'));
    box.appendChild(cards);
    if (r.notes && r.notes.length) {
      var notes = el('div', { cls: 'report-notes' }, el('strong', { text: 'Partial data' }));
      var ul = el('ul');
      r.notes.forEach(function (n) { ul.appendChild(el('li', { text: n })); });
      notes.appendChild(ul);
      box.appendChild(notes);
    }

    box.appendChild(el('h3', { text: 'Health checks' }));
    if ((r.checks || []).length) {
      box.appendChild(table(['Check', 'Status', 'Uptime', 'Average', 'p95', 'Runs', 'Recoveries'],
        r.checks.map(function (c) {
          return [c.name, c.status,
            el('span', { cls: c.runs ? (c.meetsObjectives ? 'good' : 'bad') : '', text: fmtPct(c.uptime) }),
            fmtMs(c.averageLatencyMs), fmtMs(c.p95LatencyMs), c.runs, c.recoveries];
        }), [false, false, true, true, true, true, true]));
    } else {
      box.appendChild(el('p', { cls: 'empty', text: 'No health checks.' }));
    }

    box.appendChild(el('h3', { text: 'Errors by category' }));
    var cats = Object.keys(ev.byCategory || {}).map(function (k) { return [k, ev.byCategory[k]]; })
      .sort(function (a, b) { return b[1] - a[1]; }).slice(0, 15);
    box.appendChild(cats.length ? table(['Category', 'Events'], cats, [false, true])
      : el('p', { cls: 'empty', text: 'No errors.' }));

    box.appendChild(el('h3', { text: 'Incidents' }));
    var list = inc.list || [];
    box.appendChild(list.length ? table(['Severity', 'Rule', 'Summary', 'Firing since', 'Resolved', 'Duration'],
      list.map(function (i) {
        return [el('span', { cls: 'sev sev-' + i.severity, text: i.severity }), i.ruleId, i.summary,
          fmtTime(i.firingSince, true), i.resolvedAt ? fmtTime(i.resolvedAt, true) : 'open', fmtMs(i.durationMs)];
      }), [false, false, false, false, false, true]) : el('p', { cls: 'empty', text: 'No incidents.' }));

    box.appendChild(el('h3', { text: 'Top errors' }));
    var top = r.topErrors || [];
    box.appendChild(top.length ? table(['Count', 'Severity', 'Source', 'Category', 'Message', 'Last seen'],
      top.map(function (g) {
        return [el('span', { cls: 'repeat', text: '×' + g.count }), el('span', { cls: 'sev sev-' + g.severity, text: g.severity }),
          g.source, g.category, g.message, fmtTime(g.lastSeen, true)];
      })) : el('p', { cls: 'empty', text: 'No errors.' }));
  }

  function summaryCard(label, value, cls) {
    return el('div', { cls: 'card ' + cls }, el('span', { cls: 'card-label', text: label }), el('span', { cls: 'card-value', text: value }));
  }

  // ---- tabs and wiring ---------------------------------------------------------------------

  function selectTab(name) {
    state.tab = name;
    ['events', 'groups', 'checks', 'metrics', 'report'].forEach(function (t) {
      var selected = t === name;
      $('tab-' + t).setAttribute('aria-selected', String(selected));
      $('tab-' + t).setAttribute('tabindex', selected ? '0' : '-1');
      show($('view-' + t), selected);
    });
    refreshTab(true);
  }

  function refreshTab(first) {
    var p = null;
    if (state.tab === 'groups') { p = refreshGroups(); }
    else if (state.tab === 'checks') { p = refreshChecks(); }
    else if (state.tab === 'metrics') { p = refreshSeries(); }
    else if (state.tab === 'report' && first) { p = loadReport(); }
    if (p) { p.catch(function (e) { toast(e.message, true); }); }
  }

  function filtersChanged() {
    readFilters();
    loadEvents().catch(function (e) { toast(e.message, true); });
    openStream();
    if (state.tab === 'groups') { refreshGroups().catch(function () {}); }
  }

  function debounce(fn, ms) {
    var t = 0;
    return function () { clearTimeout(t); t = setTimeout(fn, ms); };
  }

  function tick() {
    state.ticks++;
    var calls = [refreshSummary(), refreshStats()];
    if (state.pollEvents && !state.paused) { calls.push(pollEvents()); }
    if (state.ticks % 3 === 0) {
      if (state.tab !== 'metrics') { calls.push(refreshSeries()); }
      refreshTab(false);
    }
    Promise.all(calls).then(function () { reachable(true); }, function (e) { reachable(false, e); });
  }

  function wire() {
    var tabs = ['events', 'groups', 'checks', 'metrics', 'report'];
    tabs.forEach(function (t, i) {
      var b = $('tab-' + t);
      b.addEventListener('click', function () { selectTab(t); });
      b.addEventListener('keydown', function (ev) {
        var d = ev.key === 'ArrowRight' ? 1 : ev.key === 'ArrowLeft' ? -1 : 0;
        if (d) {
          var n = tabs[(i + d + tabs.length) % tabs.length];
          selectTab(n);
          $('tab-' + n).focus();
        }
      });
    });
    $('window').addEventListener('change', function () {
      state.window = $('window').value;
      refreshStats().catch(function () {});
      refreshSeries().catch(function () {});
      refreshTab(false);
    });
    var typed = debounce(filtersChanged, 350);
    ['f-source', 'f-category', 'f-text'].forEach(function (id) {
      $(id).addEventListener('input', typed);
    });
    $('f-severity').addEventListener('change', filtersChanged);
    $('filters').addEventListener('submit', function (ev) { ev.preventDefault(); filtersChanged(); });
    $('f-clear').addEventListener('click', function () {
      ['f-source', 'f-category', 'f-text', 'f-severity'].forEach(function (id) { $(id).value = ''; });
      filtersChanged();
    });
    $('f-pause').addEventListener('click', function () {
      state.paused = !state.paused;
      $('f-pause').setAttribute('aria-pressed', String(state.paused));
      $('f-pause').textContent = state.paused ? 'Resume' : 'Pause';
      if (!state.paused && state.missed) { loadEvents().catch(function () {}); }
      updateConnection();
      updateEventsFoot();
    });
    $('events-older').addEventListener('click', function () {
      if (state.cursor === 'more') { loadEvents(); } else { loadOlder(); }
    });
    Array.prototype.forEach.call(document.querySelectorAll('button.card[data-severity]'), function (b) {
      b.addEventListener('click', function () {
        $('f-severity').value = b.getAttribute('data-severity');
        selectTab('events');
        filtersChanged();
      });
    });
    $('evaluate-rules').addEventListener('click', function () {
      post('rules', { action: 'evaluate' })
        .then(function (r) { toast('Rules evaluated: ' + (r.alerts || []).length + ' active alerts'); scheduleAlerts(); })
        .catch(function (e) { toast(e.message, true); });
    });
    $('m-filter').addEventListener('input', debounce(function () {
      refreshSeries().catch(function (e) { toast(e.message, true); });
    }, 400));
    $('report-latest').addEventListener('click', function () { loadReport(); });
    $('report-week').addEventListener('click', function () {
      var to = new Date();
      loadReport({ from: new Date(to.getTime() - 7 * 86400000).toISOString(), to: to.toISOString() });
    });
    $('report-send').addEventListener('click', function () {
      post('report', { action: 'send' })
        .then(function (r) { toast('Sending the report to ' + ((r.channels || []).join(', ') || 'no channel')); })
        .catch(function (e) { toast(e.message, true); });
    });
    if (typeof ResizeObserver === 'function') {
      new ResizeObserver(debounce(resizePlots, 150)).observe(document.querySelector('main'));
    } else {
      window.addEventListener('resize', debounce(resizePlots, 150));
    }
  }

  function start() {
    wire();
    readFilters();
    selectTab('events');
    Promise.all([refreshSummary(), refreshStats(), loadEvents(), refreshSeries()])
      .then(function () { reachable(true); }, function (e) { reachable(false, e); banner(e.message); });
    openStream();
    setInterval(tick, POLL_MS);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
