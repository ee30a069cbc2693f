/* The live quorum: the server pushes it over server-sent events (EventSource) after every sign-in,
   leave decision or state change; this script writes it into [data-quorum-live]. Without
   EventSource it asks the quorum fragment every 5 s instead. No inline script (CSP). */
(function () {
  "use strict";
  var box = document.querySelector("[data-quorum-live]");
  if (!box) { return; }
  var note = box.querySelector("[data-quorum-note]");

  function render(snap) {
    ["present", "members", "required", "rule"].forEach(function (k) {
      box.querySelectorAll('[data-quorum="' + k + '"]').forEach(function (el) { el.textContent = String(snap[k]); });
    });
    box.setAttribute("data-present", String(snap.present));
    box.setAttribute("data-required", String(snap.required));
    box.setAttribute("data-state", snap.state);
    box.classList.toggle("is-reached", !!snap.reached);
    box.querySelectorAll("[data-quorum-when]").forEach(function (el) {
      el.hidden = (el.getAttribute("data-quorum-when") === "reached") !== !!snap.reached;
    });
    var badge = document.getElementById("meeting-state");
    if (badge && snap.state_label) { badge.textContent = snap.state_label; }
  }

  if (!("EventSource" in window)) {
    var url = box.getAttribute("data-quorum-fallback");
    window.setInterval(function () {
      fetch(url, { credentials: "same-origin" }).then(function (r) { return r.text(); }).then(function (html) {
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var fresh = holder.querySelector("#quorum");
        if (fresh) {
          render({ present: fresh.getAttribute("data-present"), required: fresh.getAttribute("data-required"),
                   members: fresh.querySelector('[data-quorum="members"]').textContent,
                   rule: fresh.querySelector('[data-quorum="rule"]').textContent,
                   reached: fresh.classList.contains("is-reached"), state: fresh.getAttribute("data-state") });
        }
      }).catch(function () { if (note) { note.hidden = false; } });
    }, 5000);
    return;
  }
  var source = new EventSource(box.getAttribute("data-quorum-live"));
  source.addEventListener("quorum", function (event) {
    if (note) { note.hidden = true; }
    try { render(JSON.parse(event.data)); } catch (err) { /* a malformed message is skipped */ }
    var state = box.getAttribute("data-state");
    if (state === "closed" || state === "cancelled") { source.close(); }
  });
  source.addEventListener("error", function () {
    var state = box.getAttribute("data-state");
    if (note && source.readyState !== EventSource.OPEN && state !== "closed" && state !== "cancelled") {
      note.hidden = false;
    }
  });
}());
