(function () {
  "use strict";
  var data = document.getElementById("budget-chart-data");
  if (!data || !window.echarts) return;
  var d = JSON.parse(data.textContent);
  var charts = [];
  var curveEl = document.getElementById("budget-curve");
  if (curveEl) {
    var c = window.echarts.init(curveEl);
    var months = d.elapsed.map(function (_v, i) { return (i + 1) + "月"; });
    c.setOption({
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v + "%"; } },
      legend: { data: ["累计执行率", "时间进度"] },
      xAxis: { type: "category", data: months },
      yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      series: [
        { name: "累计执行率", type: "line", data: d.curve },
        { name: "时间进度", type: "line", data: d.elapsed, lineStyle: { type: "dashed" } },
      ],
    });
    charts.push(c);
  }
  var treeEl = document.getElementById("budget-tree");
  if (treeEl) {
    var t = window.echarts.init(treeEl);
    t.setOption({
      tooltip: { formatter: function (p) { return p.name + ":" + (p.value / 10000).toFixed(1) + " 万元"; } },
      series: [{ type: "treemap", data: d.tree, leafDepth: 1, roam: false, label: { show: true } }],
    });
    charts.push(t);
  }
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
