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

  // A tab bar that scrolls sideways (on a phone) starts with its active tab in sight.
  document.querySelectorAll(".nav-tabs, .nav-pills.flex-nowrap").forEach(function (bar) {
    var active = bar.querySelector(".nav-link.active");
    if (!active || bar.scrollWidth <= bar.clientWidth) { return; }
    var a = active.getBoundingClientRect();
    var b = bar.getBoundingClientRect();
    bar.scrollLeft += a.left - b.left - (b.width - a.width) / 2;
  });

  // <table data-tree>: rows in tree order with data-depth; a [data-tree-toggle] button in a row
  // folds or unfolds the rows below it; [data-tree-all="open"|"fold"] does it for the whole tree.
  function treeRows(row) {
    var depth = Number(row.getAttribute("data-depth"));
    var rows = [];
    for (var next = row.nextElementSibling; next; next = next.nextElementSibling) {
      if (Number(next.getAttribute("data-depth")) <= depth) { break; }
      rows.push(next);
    }
    return rows;
  }
  function treeSet(row, open) {
    var toggle = row.querySelector("[data-tree-toggle]");
    if (toggle) { toggle.setAttribute("aria-expanded", open ? "true" : "false"); }
    var skipBelow = null;
    treeRows(row).forEach(function (child) {
      var depth = Number(child.getAttribute("data-depth"));
      if (skipBelow !== null && depth > skipBelow) { child.hidden = true; return; }
      skipBelow = null;
      child.hidden = !open;
      var childToggle = child.querySelector("[data-tree-toggle]");
      if (open && childToggle && childToggle.getAttribute("aria-expanded") !== "true") { skipBelow = depth; }
    });
  }
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest ? event.target.closest("[data-tree-toggle]") : null;
    if (toggle) {
      var row = toggle.closest("tr");
      treeSet(row, toggle.getAttribute("aria-expanded") !== "true");
      return;
    }
    var all = event.target.closest ? event.target.closest("[data-tree-all]") : null;
    if (!all) { return; }
    var table = document.querySelector(all.getAttribute("data-tree-target"));
    if (!table) { return; }
    var open = all.getAttribute("data-tree-all") === "open";
    table.querySelectorAll("tbody tr[data-depth]").forEach(function (row) {
      var t = row.querySelector("[data-tree-toggle]");
      if (t) { t.setAttribute("aria-expanded", open ? "true" : "false"); }
      row.hidden = !open && Number(row.getAttribute("data-depth")) > 0;
    });
  });

  // <div data-width-percent="42">: a bar's width set from script (the CSP forbids style attributes).
  document.querySelectorAll("[data-width-percent]").forEach(function (el) {
    var n = Math.max(0, Math.min(100, parseFloat(el.getAttribute("data-width-percent")) || 0));
    el.style.width = n + "%";
  });

  // <select data-autosubmit>: a filter that applies as soon as it changes (no inline handler).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el && el.hasAttribute && el.hasAttribute("data-autosubmit") && el.form) { el.form.submit(); }
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
