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
        root.removeAttribute('data-open');
        root.setAttribute('data-finished', 'true');
      }
    };
  }
  document.querySelectorAll('[data-open="true"][data-run]').forEach(function (root) {
    follow(root, root.getAttribute('data-run'));
  });
})();
