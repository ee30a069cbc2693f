/* A rule's status over its check runs: data from {{ chart|json_script:"compliance-trend" }}. */
(function () {
  "use strict";
  var source = document.getElementById("compliance-trend");
  var el = document.getElementById("trend-chart");
  if (!source || !el || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var colors = ["#c0392b", "#d4a017", "#607d8b", "#2e7d32"];
  var chart = echarts.init(el);
  chart.setOption({
    tooltip: {
      trigger: "axis",
      formatter: function (items) {
        var i = items[0].dataIndex;
        return data.times[i] + "<br>" + data.labels[i] + (data.values[i] ? "(" + data.values[i] + ")" : "");
      }
    },
    grid: { left: 70, right: 20, top: 20, bottom: 50 },
    xAxis: { type: "category", data: data.times, axisLabel: { rotate: 20 } },
    yAxis: { type: "value", min: 0, max: 3, interval: 1, axisLabel: { formatter: function (v) { return data.axis[v] || ""; } } },
    series: [{
      type: "line", step: "end", data: data.levels.map(function (v) { return { value: v, itemStyle: { color: colors[v] } }; }),
      lineStyle: { color: "#a3161c" }, symbolSize: 8
    }]
  });
  el.dataset.rendered = "1";
  window.addEventListener("resize", function () { chart.resize(); });
})();
