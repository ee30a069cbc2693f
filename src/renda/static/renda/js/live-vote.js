/* Live vote pages: the server pushes the vote's snapshot over server-sent events (EventSource);
   this script writes it into the page. No polling; without EventSource the page still works and
   says to reload. Elements: [data-vote-live=url] (the root), [data-live=key], [data-live-bar],
   [data-show-when=state], [data-member=id], [data-live-result], [data-live-lines]. */
(function () {
  "use strict";
  var root = document.querySelector("[data-vote-live]");
  if (!root) { return; }
  var note = root.querySelector("[data-live-note]");

  function setText(key, value) {
    root.querySelectorAll('[data-live="' + key + '"]').forEach(function (el) { el.textContent = value; });
  }

  function render(snap) {
    var was = root.getAttribute("data-state");
    ["eligible", "voted", "present", "state_label"].forEach(function (k) {
      if (snap[k] !== undefined) { setText(k, String(snap[k])); }
    });
    root.querySelectorAll("[data-live-bar]").forEach(function (bar) {
      var pct = snap.eligible ? Math.round(100 * snap.voted / snap.eligible) : 0;
      bar.style.width = pct + "%";
      bar.textContent = pct + "%";
    });
    root.querySelectorAll(".voting-state").forEach(function (el) {
      el.className = "badge voting-state voting-state-" + snap.state;
    });
    root.querySelectorAll("[data-show-when]").forEach(function (el) {
      el.hidden = el.getAttribute("data-show-when") !== snap.state;
    });
    if (snap.voted_ids) {
      var voted = {};
      snap.voted_ids.forEach(function (id) { voted[id] = true; });
      root.querySelectorAll("[data-member]").forEach(function (el) {
        el.classList.toggle("voted", !!voted[el.getAttribute("data-member")]);
      });
    }
    if (snap.result) {
      root.querySelectorAll("[data-live-result]").forEach(function (box) {
        box.hidden = false;
        var verdict = box.querySelector('[data-live="verdict"]');
        if (verdict) {
          verdict.textContent = snap.result.verdict;
          verdict.classList.toggle("text-success", !!snap.result.passed);
          verdict.classList.toggle("text-danger", !snap.result.passed);
        }
        var lines = box.querySelector("[data-live-lines]");
        if (lines) {
          lines.textContent = "";
          snap.result.lines.forEach(function (line) {
            var li = document.createElement("li");
            var strong = document.createElement("strong");
            strong.textContent = String(line.count);
            li.append(line.label + (line.elected ? "(当选)" : "") + ":", strong, " 票");
            lines.appendChild(li);
          });
        }
        var detail = box.querySelector('[data-live="detail"]');
        if (detail) { detail.textContent = snap.result.detail || ""; }
        var extra = box.querySelector('[data-live="note"]');
        if (extra) { extra.textContent = snap.result.note || ""; }
      });
    }
    root.setAttribute("data-state", snap.state);
    // A ballot form rendered for a draft vote carries its own key: it appears as soon as the vote opens.
    if (was !== snap.state) { root.dispatchEvent(new CustomEvent("vote:state", { detail: snap })); }
  }

  root.querySelectorAll("[data-live-bar]").forEach(function (bar) {
    var e = Number(bar.getAttribute("data-eligible")), v = Number(bar.getAttribute("data-voted"));
    var pct = e ? Math.round(100 * v / e) : 0;
    bar.style.width = pct + "%";
    bar.textContent = pct + "%";
  });

  if (!("EventSource" in window)) {
    if (note) { note.hidden = false; }
    return;
  }
  var source = new EventSource(root.getAttribute("data-vote-live"));
  source.addEventListener("vote", function (event) {
    if (note) { note.hidden = true; }
    try { render(JSON.parse(event.data)); } catch (err) { /* a malformed message is skipped */ }
    if (root.getAttribute("data-state") === "closed") { source.close(); }
  });
  source.addEventListener("error", function () {
    if (note && source.readyState !== EventSource.OPEN && root.getAttribute("data-state") !== "closed") {
      note.hidden = false;
    }
  });
}());
