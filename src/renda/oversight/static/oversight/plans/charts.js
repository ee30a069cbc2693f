/* Charts of the supervision plan: progress by instrument, rectification states, evaluation ranking.
   Data from json_script elements; no inline script (CSP). */
(function () {
  "use strict";
  if (typeof echarts === "undefined") { return; }
  function data(id) { var el = document.getElementById(id); return el ? JSON.parse(el.textContent) : null; }
  function draw(holderId, option) {
    var holder = document.getElementById(holderId);
    if (!holder) { return; }
    var chart = echarts.init(holder);
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  }
  var p = data("plans-progress-data");
  if (p) {
    draw("plans-progress-chart", {
      tooltip: {}, legend: { data: ["已完成", "计划"] }, grid: { left: 160, right: 20, top: 30, bottom: 20 },
      xAxis: { type: "value", minInterval: 1 }, yAxis: { type: "category", data: p.labels },
      series: [{ name: "计划", type: "bar", data: p.total, itemStyle: { color: "#d0d7de" } },
               { name: "已完成", type: "bar", data: p.done, barGap: "-100%", itemStyle: { color: "#2e7d32" } }]
    });
  }
  var r = data("plans-rect-data");
  if (r) {
    draw("plans-rect-chart", {
      tooltip: { trigger: "item" },
      series: [{ type: "pie", radius: ["40%", "70%"], data: r.labels.map(function (l, i) { return { name: l, value: r.values[i] }; }) }]
    });
  }
  var k = data("plans-ranking-data");
  if (k) {
    draw("plans-ranking-chart", {
      tooltip: {}, grid: { left: 140, right: 30, top: 10, bottom: 20 },
      xAxis: { type: "value", min: 0, max: 100 }, yAxis: { type: "category", inverse: true, data: k.names },
      series: [{ type: "bar", data: k.values, label: { show: true, position: "right" }, itemStyle: { color: "#b71c1c" } }]
    });
  }
}());
