/* Charts of the leaders' dashboard. Data: the json_script block "dashboard-charts",
   { "<element id>": { kind: "bar", categories: [...], values: [...], name, label, link } }.
   A click on a chart opens the list behind it (the panel's link). */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-charts");
  if (!source || typeof window.echarts === "undefined") { return; }
  var dark = document.body.classList.contains("renda-dashboard-screen");
  var charts = [];
  var specs = JSON.parse(source.textContent);
  Object.keys(specs).forEach(function (id) {
    var el = document.getElementById(id);
    var spec = specs[id];
    if (!el || !spec) { return; }
    var chart = window.echarts.init(el, dark ? "dark" : null, { renderer: "canvas" });
    chart.setOption({
      backgroundColor: "transparent",
      tooltip: { trigger: "axis" },
      grid: { left: 40, right: 16, top: 24, bottom: 28 },
      xAxis: { type: "category", data: spec.categories, axisLabel: { interval: 0 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ name: spec.name, type: "bar", data: spec.values,
                 itemStyle: { color: dark ? "#ff6b6b" : "#a3161c" }, label: { show: true, position: "top" } }]
    });
    if (spec.link) {
      chart.on("click", function () { window.location.href = spec.link; });
    }
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
