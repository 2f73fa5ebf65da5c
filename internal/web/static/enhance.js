// Progressive enhancement only: every page works without this script.
// A print button where a page offers one (the resident check's result),
// and focus on the error summary of a refused form for browsers that do
// not honour its autofocus attribute.
(function () {
  document.querySelectorAll('[data-print]').forEach(function (b) {
    b.hidden = false;
    b.addEventListener('click', function () { window.print(); });
  });
  var summary = document.querySelector('.error-summary');
  if (summary && document.activeElement !== summary) {
    summary.focus();
  }
})();
