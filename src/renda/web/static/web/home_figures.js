/* Charts of the leader's home figures. Data comes from the json_script block "figure-charts":
   { "<element id>": { kind: "bar", categories: [...], values: [...], name: "...", label: "..." } }. */
(function () {
  "use strict";
  var source = document.getElementById("figure-charts");
  if (!source || typeof window.echarts === "undefined") { return; }
  var charts = [];
  var specs = JSON.parse(source.textContent);
  Object.keys(specs).forEach(function (id) {
    var el = document.getElementById(id);
    var spec = specs[id];
    if (!el || !spec) { return; }
    var chart = window.echarts.init(el);
    chart.setOption({
      tooltip: { trigger: "axis" },
      grid: { left: 40, right: 16, top: 16, bottom: 28 },
      xAxis: { type: "category", data: spec.categories, axisLabel: { interval: 0 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ name: spec.name, type: "bar", data: spec.values, itemStyle: { color: "#a3161c" },
                 label: { show: true, position: "top" } }]
    });
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
