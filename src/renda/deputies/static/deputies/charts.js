/* Composition charts: data from {{ chart|json_script:"composition-data" }}, one element per chart. */
(function () {
  "use strict";
  var source = document.getElementById("composition-data");
  if (!source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var palette = ["#a3161c", "#d4a017", "#2f6f9f", "#5a8f3d", "#8c5fa8", "#c76b29", "#607d8b", "#b0455a"];
  document.querySelectorAll(".deputies-chart").forEach(function (el) {
    var rows = data[el.dataset.chart] || [];
    var chart = echarts.init(el);
    var option;
    if (el.dataset.type === "pie") {
      option = {
        color: palette,
        tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
        legend: { type: "scroll", bottom: 0 },
        series: [{ type: "pie", radius: ["35%", "65%"], data: rows, label: { formatter: "{b}\n{d}%" } }]
      };
    } else {
      option = {
        color: palette,
        tooltip: { trigger: "axis" },
        grid: { left: 40, right: 10, top: 20, bottom: 50 },
        xAxis: { type: "category", data: rows.map(function (r) { return r.name; }), axisLabel: { interval: 0, rotate: 20 } },
        yAxis: { type: "value" },
        series: [{ type: "bar", data: rows.map(function (r) { return r.value; }), label: { show: true, position: "top" } }]
      };
    }
    chart.setOption(option);
    el.dataset.rendered = "1";
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
