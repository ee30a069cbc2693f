(function () {
  "use strict";
  var el = document.querySelector(".tasks-chart");
  var data = document.getElementById("tasks-chart-data");
  if (!el || !data || !window.echarts) return;
  var d = JSON.parse(data.textContent);
  var chart = window.echarts.init(el);
  chart.setOption({
    tooltip: { trigger: "item" },
    series: [{ type: "pie", radius: ["45%", "70%"], label: { formatter: "{b} {c}" },
      data: d.labels.map(function (l, i) { return { name: l, value: d.values[i] }; }) }],
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
