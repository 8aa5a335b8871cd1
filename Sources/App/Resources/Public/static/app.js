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
(function () {
  // A search box over a long select (the 200+ segments): options not matching the typed words hide.
  var boxes = document.querySelectorAll('input[data-filter-for]');
  for (var i = 0; i < boxes.length; i++) {
    boxes[i].addEventListener('input', function () {
      var select = document.getElementById(this.getAttribute('data-filter-for'));
      if (!select) return;
      var words = this.value.trim().toLowerCase();
      var options = select.querySelectorAll('option');
      for (var j = 0; j < options.length; j++) {
        var o = options[j];
        o.hidden = words !== '' && o.value !== '' && !o.selected && o.textContent.toLowerCase().indexOf(words) < 0;
      }
    });
  }
})();
