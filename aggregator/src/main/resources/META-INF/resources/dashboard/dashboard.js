// cbn dashboard: live counts of open runs over server-sent events (docs/design.md, "Dashboard").
// Same-origin requests only, so the browser's login for the page covers them.
(function () {
  'use strict';
  function apply(root, d) {
    root.querySelectorAll('[data-live]').forEach(function (el) {
      var k = el.getAttribute('data-live');
      if (k === 'progress') {
        el.max = d.progressMax;
        el.value = d.processed;
      } else if (k === 'progressText') {
        el.textContent = d.processedText + '/' + d.expected;
      } else if (k === 'held') {
        el.textContent = (d.held || []).join('; ');
      } else if (k === 'state') {
        el.textContent = d.state;
        el.className = 'state state-' + d.state;
      } else if (k === 'liveNote') {
        el.textContent = d.open ? 'live' : 'finished';
      } else if (d[k] !== undefined) {
        el.textContent = d[k];
      }
    });
  }
  function follow(root, runId) {
    var es = new EventSource('/dashboard/runs/' + encodeURIComponent(runId) + '/events');
    es.onmessage = function (e) {
      var d = JSON.parse(e.data);
      if (d.runId) apply(root, d);
      if (!d.open) {
        es.close();
        finish(root);
      }
    };
  }
  function finish(root) {
    root.removeAttribute('data-open');
    root.setAttribute('data-finished', 'true');
  }
  // a run's page: its own stream
  var page = document.querySelector('main[data-open="true"][data-run]');
  if (page) follow(page, page.getAttribute('data-run'));
  // the run list: one stream for all open rows (browsers allow few connections per host)
  var rows = document.querySelectorAll('tr[data-open="true"][data-run]');
  if (rows.length > 0) {
    var byId = {};
    var query = [];
    rows.forEach(function (r) {
      var id = r.getAttribute('data-run');
      byId[id] = r;
      query.push('run=' + encodeURIComponent(id));
    });
    var es = new EventSource('/dashboard/events?' + query.join('&'));
    es.onmessage = function (e) {
      var list = JSON.parse(e.data);
      var anyOpen = false;
      list.forEach(function (d) {
        var r = byId[d.runId];
        if (!r) return;
        apply(r, d);
        if (d.open) anyOpen = true; else finish(r);
      });
      if (!anyOpen) es.close();
    };
  }
})();
