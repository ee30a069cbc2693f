/* Renda — the case page: action forms opened on demand with HTMX (CSP: served by the app). */
(function () {
  "use strict";

  // A refused form answers 400 with the form and its errors: show it in place (htmx does not swap
  // error responses by default).
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && xhr.status === 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // After a form arrives: focus its error summary (a refusal), else its first field.
  // (An outerHTML swap replaces the target: look the new form up in the document.)
  document.addEventListener("htmx:afterSettle", function () {
    var section = document.getElementById("case-action");
    if (!section) { return; }
    var summary = section.querySelector("[data-renda-error-summary]");
    if (summary) {
      summary.scrollIntoView({ block: "start" });
      summary.focus({ preventScroll: true });
      return;
    }
    section.scrollIntoView({ block: "nearest" });
    var first = section.querySelector("input:not([type=hidden]), select, textarea, button[type=submit]");
    if (first) { first.focus({ preventScroll: true }); }
  });

  // "取消" closes the form in place (without JavaScript it is a link back to the case page).
  document.addEventListener("click", function (event) {
    var close = event.target.closest ? event.target.closest("[data-renda-close-action]") : null;
    if (!close) { return; }
    var panel = document.getElementById("case-action-panel");
    if (panel && panel.contains(close)) {
      event.preventDefault();
      panel.innerHTML = "";
      var buttons = document.getElementById("case-actions");
      if (buttons) { buttons.scrollIntoView({ block: "nearest" }); }
    }
  });
})();
