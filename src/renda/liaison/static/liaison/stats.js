/* Heat map of opinion topics by township (data from the json_script element). */
(function () {
  "use strict";
  var holder = document.getElementById("liaison-heatmap");
  var source = document.getElementById("liaison-heat-data");
  if (!holder || !source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var max = 1;
  data.cells.forEach(function (c) { if (c[2] > max) { max = c[2]; } });
  var chart = echarts.init(holder);
  chart.setOption({
    tooltip: { position: "top" },
    grid: { left: 110, right: 20, top: 10, bottom: 80 },
    xAxis: { type: "category", data: data.topics, axisLabel: { rotate: 40 }, splitArea: { show: true } },
    yAxis: { type: "category", data: data.townships, splitArea: { show: true } },
    visualMap: { min: 0, max: max, calculable: true, orient: "horizontal", left: "center", bottom: 0, inRange: { color: ["#fff5eb", "#fd8d3c", "#a3161c"] } },
    series: [{ name: "意见数", type: "heatmap", data: data.cells, label: { show: true } }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
}());
