// Live logs of an environment (environment-logs.html): reads the portal's relay of platform-api's live tail with
// EventSource and renders each request as rows built with textContent only: URLs, console lines and exception
// messages are the tenant's (hostile) text and are never parsed as HTML. Keeps the newest data-limit requests.
(function () {
  'use strict';
  var form = document.getElementById('log-filters');
  if (!form || !window.EventSource) { return; }
  var table = document.getElementById('log-table');
  var state = document.getElementById('log-state');
  var problemBox = document.getElementById('log-problem');
  var pauseButton = document.getElementById('log-pause');
  var limit = parseInt(form.getAttribute('data-limit'), 10) || 500;
  var source = null;
  var paused = false;
  var shown = 0;

  function say(text) { state.textContent = text; }

  function showProblem(text) {
    problemBox.textContent = text;
    problemBox.hidden = !text;
  }

  function close() {
    if (source) { source.close(); source = null; }
  }

  function cell(row, text, className) {
    var td = document.createElement('td');
    td.textContent = text == null ? '' : String(text);
    if (className) { td.className = className; }
    row.appendChild(td);
    return td;
  }

  function time(ms) {
    var d = new Date(typeof ms === 'number' ? ms : Date.now());
    return isNaN(d.getTime()) ? '' : d.toISOString().substring(11, 23);
  }

  function text(value) {
    if (value == null) { return ''; }
    if (Array.isArray(value)) { return value.map(text).join(' '); }
    return typeof value === 'string' ? value : JSON.stringify(value);
  }

  function render(trace) {
    var ev = trace.event || {};
    var request = ev.request || {};
    var group = document.createElement('tbody');
    group.className = 'entry';
    var row = document.createElement('tr');
    var t = document.createElement('td');
    var stamp = document.createElement('time');
    stamp.dateTime = new Date(trace.eventTimestamp || Date.now()).toISOString();
    stamp.textContent = time(trace.eventTimestamp);
    t.appendChild(stamp);
    row.appendChild(t);
    if (ev.cron) {
      cell(row, 'cron');
      cell(row, ev.cron, 'url');
    } else if (ev.rpcMethod) {
      cell(row, 'RPC');
      cell(row, (trace.entrypoint ? trace.entrypoint + '.' : '') + ev.rpcMethod, 'url');
    } else {
      cell(row, request.method);
      cell(row, request.url, 'url');
    }
    cell(row, ev.response && ev.response.status != null ? ev.response.status : '');
    cell(row, trace.outcome, trace.outcome === 'ok' ? '' : 'outcome-bad');
    cell(row, typeof trace.cpuTime === 'number' ? trace.cpuTime + ' ms' : '');
    group.appendChild(row);
    var lines = [];
    (trace.logs || []).forEach(function (log) { lines.push({ level: String(log.level || 'log'), message: text(log.message) }); });
    (trace.exceptions || []).forEach(function (x) { lines.push({ level: 'exception', message: text(x.name) + ': ' + text(x.message) }); });
    if (trace.truncated) { lines.push({ level: 'info', message: '(some of this request\'s output was left out: it was too large)' }); }
    if (lines.length) {
      var more = document.createElement('tr');
      more.className = 'lines';
      var td = document.createElement('td');
      td.colSpan = 6;
      lines.forEach(function (l) {
        var p = document.createElement('p');
        p.className = 'line ' + l.level.replace(/[^a-z]/gi, '');
        p.textContent = l.level + ': ' + l.message;
        td.appendChild(p);
      });
      more.appendChild(td);
      group.appendChild(more);
    }
    var head = table.tHead;
    table.insertBefore(group, head ? head.nextSibling : table.firstChild);
    shown++;
    var groups = table.tBodies;
    while (groups.length > limit) { table.removeChild(groups[groups.length - 1]); }
    say('Live: ' + shown + (shown === 1 ? ' request' : ' requests') + ' received, the newest ' + Math.min(groups.length, limit) + ' shown.');
  }

  function open() {
    close();
    showProblem('');
    var params = new URLSearchParams(new FormData(form));
    source = new EventSource(form.getAttribute('data-stream') + '?' + params.toString());
    say('Connecting…');
    source.onopen = function () { say(shown ? 'Live again: waiting for requests…' : 'Live: waiting for requests…'); };
    source.addEventListener('trace', function (e) {
      if (paused) { return; }
      var trace;
      try { trace = JSON.parse(e.data); } catch (notJson) { return; }
      render(trace);
    });
    source.addEventListener('problem', function (e) {
      var detail = e.data;
      try { detail = JSON.parse(e.data).detail; } catch (notJson) { /* shown as it is */ }
      close();
      showProblem(detail);
      say('Stopped.');
    });
    source.addEventListener('end', function (e) {
      close();
      say('The stream ended (' + e.data + '). Apply the filters to start it again.');
    });
    source.onerror = function () {
      // EventSource retries by itself while the portal can be reached; a redirect to sign-in cannot be followed
      if (source && source.readyState === EventSource.CLOSED) {
        close();
        say('Disconnected. Reload the page to start again (you may have to sign in).');
      } else {
        say('Reconnecting…');
      }
    };
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    open();
  });
  pauseButton.addEventListener('click', function () {
    paused = !paused;
    pauseButton.setAttribute('aria-pressed', paused ? 'true' : 'false');
    pauseButton.textContent = paused ? 'Resume' : 'Pause';
    if (paused) { say('Paused: new requests are not shown.'); } else if (source) { say('Live again.'); } else { open(); }
  });
  document.getElementById('log-clear').addEventListener('click', function () {
    while (table.tBodies.length) { table.removeChild(table.tBodies[0]); }
    shown = 0;
    say(source ? 'Cleared. Live: waiting for requests…' : 'Cleared.');
  });
  // leaving the page (also by an htmx-boosted link, which swaps the body without unloading) ends the stream,
  // which ends the tail: nobody watching costs the edge nothing
  window.addEventListener('pagehide', close);
  document.addEventListener('htmx:beforeSwap', close);
  open();
})();
