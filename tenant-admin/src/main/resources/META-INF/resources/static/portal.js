// Progressive enhancement only: every page and form works without this file.
document.addEventListener('DOMContentLoaded', function () {
  if (!window.htmx) { return; }
  // Refused changes come back as 4xx pages that show the errors next to the fields: swap them in too.
  htmx.config.responseHandling = [
    { code: '204', swap: false },
    { code: '[2345]..', swap: true, error: false }
  ];
  htmx.config.historyCacheSize = 0;
  // Ask before destructive actions (forms marked data-confirm).
  document.body.addEventListener('htmx:confirm', function (evt) {
    var form = evt.detail.elt.closest && evt.detail.elt.closest('form[data-confirm]');
    if (form && !window.confirm(form.getAttribute('data-confirm'))) { evt.preventDefault(); }
  });
  // A request htmx could not complete (e.g. the session ended and sign-in is needed): load the page normally.
  document.body.addEventListener('htmx:sendError', function (evt) {
    window.location.href = evt.detail.pathInfo && evt.detail.pathInfo.requestPath || window.location.href;
  });
  // Move focus to the first error after a refused change, for keyboard and screen-reader users.
  document.body.addEventListener('htmx:afterSettle', function () {
    var bad = document.querySelector('[aria-invalid="true"], .problem');
    if (bad) { bad.focus ? bad.focus() : null; if (bad.scrollIntoView) { bad.scrollIntoView({ block: 'center' }); } }
  });
});
