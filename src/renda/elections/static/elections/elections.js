/* Elections pages: import progress (polled as JSON) and the composition chart (ECharts). */
(function () {
  "use strict";
  function bars() {
    document.querySelectorAll(".elections-progress").forEach(function (el) {
      el.style.width = (parseInt(el.dataset.percent || "0", 10) || 0) + "%";
    });
  }
  bars();
  var box = document.getElementById("import-status");
  if (box && box.dataset.running === "1") {
    var poll = function () {
      fetch(box.dataset.url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (d) {
        ["state_label", "processed", "total", "message"].forEach(function (k) {
          var el = box.querySelector('[data-field="' + k + '"]');
          if (el) { el.textContent = d[k]; }
        });
        var bar = box.querySelector(".elections-progress");
        if (bar) { bar.dataset.percent = d.percent; bars(); }
        if (["queued", "checking", "writing"].indexOf(d.state) >= 0) { window.setTimeout(poll, 2000); }
        else { window.location.reload(); }
      }).catch(function () { window.setTimeout(poll, 5000); });
    };
    window.setTimeout(poll, 2000);
  }
  if (typeof echarts === "undefined") { return; }
  document.querySelectorAll(".elections-chart").forEach(function (el) {
    fetch(el.dataset.url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (d) {
      var chart = echarts.init(el);
      chart.setOption({
        color: ["#a3161c", "#d4a017"],
        tooltip: { trigger: "axis" },
        legend: { bottom: 0, data: ["实际(%)", "目标(%)"] },
        grid: { left: 40, right: 10, top: 20, bottom: 80 },
        xAxis: { type: "category", data: d.names, axisLabel: { interval: 0, rotate: 30, width: 90, overflow: "truncate" } },
        yAxis: { type: "value", max: 100 },
        series: [
          { name: "实际(%)", type: "bar", data: d.values, label: { show: true, position: "top" } },
          { name: "目标(%)", type: "bar", data: d.targets }
        ]
      });
      el.dataset.rendered = "1";
      window.addEventListener("resize", function () { chart.resize(); });
    });
  });
})();
