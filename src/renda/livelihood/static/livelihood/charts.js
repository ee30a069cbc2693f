/* Progress of each passed project (data from the json_script element). */
(function () {
  "use strict";
  var holder = document.getElementById("livelihood-progress-chart");
  var source = document.getElementById("livelihood-chart-data");
  if (!holder || !source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var chart = echarts.init(holder);
  chart.setOption({
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    grid: { left: 10, right: 40, top: 10, bottom: 20, containLabel: true },
    xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
    yAxis: { type: "category", data: data.names.slice().reverse(), axisLabel: { width: 180, overflow: "truncate" } },
    series: [{ name: "完成进度", type: "bar", data: data.percent.slice().reverse(), itemStyle: { color: "#b3261e" },
               label: { show: true, position: "right", formatter: "{c}%" } }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
}());
