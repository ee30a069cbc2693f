/* Renda — refused forms: bring the error to where the user is looking (CSP: served by the app). */
(function () {
  "use strict";

  function focusField(id) {
    var el = document.getElementById(id);
    if (!el) { return false; }
    el.scrollIntoView({ block: "center" });
    el.focus({ preventScroll: true });
    return true;
  }

  // On load: the first error summary (core/_form_errors.html) is scrolled into view and focused,
  // so a screen reader reads it and the user sees it; without a summary, the first invalid field.
  function showFirstError() {
    var summary = document.querySelector("[data-renda-error-summary]");
    if (summary) {
      summary.scrollIntoView({ block: "start" });
      summary.focus({ preventScroll: true });
      return;
    }
    var invalid = document.querySelector("form .is-invalid");
    if (invalid) {
      invalid.scrollIntoView({ block: "center" });
      invalid.focus({ preventScroll: true });
      return;
    }
    // A page's own refusal message (e.g. a wrong rating code) below the fold.
    var alert = document.querySelector("main form .alert-danger[role=alert], main .alert-danger[role=alert] + form");
    if (alert && alert.getBoundingClientRect().top > window.innerHeight) {
      alert.scrollIntoView({ block: "center" });
    }
  }

  // A link in the summary moves the focus to its field, not only the scroll position.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-renda-error-summary] a[href^='#']");
    if (link && focusField(link.getAttribute("href").slice(1))) {
      event.preventDefault();
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showFirstError);
  } else {
    showFirstError();
  }
})();
