/* Renda — small behaviours for every page (CSP: no inline handlers, so they live here). */
(function () {
  "use strict";

  // <form data-confirm="确定…?">: ask before submitting.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) { return; }
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    // Prevent double submission of forms that write.
    if ((form.method || "").toLowerCase() === "post") {
      window.setTimeout(function () {
        form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
      }, 0);
    }
  });

  // <select data-autosubmit>: submit the filter form when the choice changes.
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el && el.hasAttribute && el.hasAttribute("data-autosubmit") && el.form) {
      el.form.submit();
    }
  });

  // <button data-copy="#id">: copy the text of the target element.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-copy]") : null;
    if (!button) { return; }
    var target = document.querySelector(button.getAttribute("data-copy"));
    if (!target || !navigator.clipboard) { return; }
    navigator.clipboard.writeText(target.textContent.trim()).then(function () {
      var old = button.innerHTML;
      button.textContent = button.getAttribute("data-copied") || "已复制";
      window.setTimeout(function () { button.innerHTML = old; }, 1500);
    });
  });
})();
