/* Mean satisfaction share by reporting body (bars) and year (series), from the json_script element. */
(function () {
  "use strict";
  var holder = document.getElementById("opinion-satisfaction-chart");
  var source = document.getElementById("opinion-satisfaction-data");
  if (!holder || !source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var chart = echarts.init(holder);
  chart.setOption({
    tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null ? "—" : v.toFixed(2) + "%"; } },
    legend: { top: 0 },
    grid: { left: 50, right: 20, top: 40, bottom: 80 },
    xAxis: { type: "category", data: data.bodies, axisLabel: { rotate: 30 } },
    yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
    series: data.series.map(function (s) {
      return { name: s.name, type: "bar", data: s.data, markLine: { silent: true, symbol: "none", data: [{ yAxis: 80 }, { yAxis: 60 }] } };
    })
  });
  window.addEventListener("resize", function () { chart.resize(); });
}());
