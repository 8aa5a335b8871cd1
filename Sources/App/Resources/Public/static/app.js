// A little plain JavaScript: import progress polling and selects that submit their form.
// Everything else works without it. No inline handlers: the pages' CSP allows scripts from here only.
(function () {
  var selects = document.querySelectorAll('select[data-autosubmit]');
  for (var i = 0; i < selects.length; i++) {
    selects[i].addEventListener('change', function () { this.form.submit(); });
  }
})();
(function () {
  var box = document.getElementById('import-progress');
  if (!box) return;
  var url = box.getAttribute('data-status');
  function poll() {
    fetch(url, {credentials: 'same-origin'}).then(function (r) { return r.json(); }).then(function (s) {
      var bar = box.querySelector('.progress > div');
      var pct = s.total > 0 ? Math.round(100 * s.processed / s.total) : 0;
      bar.style.width = pct + '%';
      box.querySelector('.count').textContent = s.processed + ' / ' + s.total;
      if (s.status === 'done' || s.status === 'failed') { window.location.reload(); } else { setTimeout(poll, 500); }
    }).catch(function () { setTimeout(poll, 1500); });
  }
  poll();
})();
