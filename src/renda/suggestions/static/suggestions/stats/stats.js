/* Charts of the suggestion statistics page. Data comes from the json_script block "stats-data". */
(function () {
  "use strict";
  var source = document.getElementById("stats-data");
  if (!source || typeof window.echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var charts = [];
  var places = data.places || 1;
  // rates arrive rounded half up by the server; show them with the congress's number of decimals
  function pct(v) { return v === null || v === undefined ? "—" : Number(v).toFixed(places) + "%"; }

  function make(id, option) {
    var el = document.getElementById(id);
    if (!el) { return; }
    var chart = window.echarts.init(el);
    chart.setOption(option);
    charts.push(chart);
  }

  function pie(map) {
    return Object.keys(map).map(function (k) { return { name: k, value: map[k] }; });
  }

  function isEmpty(map) {
    return Object.keys(map).every(function (k) { return !map[k]; });
  }

  function emptyTitle(map) {
    return isEmpty(map) ? { text: data.labels.empty, left: "center", top: "middle", textStyle: { color: "#999", fontSize: 14 } } : undefined;
  }

  make("chart-classes", {
    title: emptyTitle(data.classes),
    tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
    color: ["#2e7d32", "#1565c0", "#f9a825", "#9e9e9e"],
    series: [{ type: "pie", percentPrecision: places, radius: ["35%", "65%"], data: pie(data.classes), label: { formatter: "{b}类 {c}" } }]
  });

  make("chart-ratings", {
    title: emptyTitle(data.ratings),
    tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
    color: ["#2e7d32", "#81c784", "#c62828"],
    series: [{ type: "pie", percentPrecision: places, radius: ["35%", "65%"], data: pie(data.ratings) }]
  });

  var rateNames = Object.keys(data.rates);
  make("chart-rates", {
    tooltip: { trigger: "axis", valueFormatter: pct },
    grid: { left: 90, right: 20, top: 10, bottom: 25 },
    xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
    yAxis: { type: "category", data: rateNames, inverse: true },
    series: [{ type: "bar", data: rateNames.map(function (k) { return data.rates[k]; }), itemStyle: { color: "#a3161c" } }]
  });

  function compare(id, rows) {
    if (!rows.length) { return; }
    make(id, {
      tooltip: { trigger: "axis", valueFormatter: pct },
      legend: { data: [data.labels.reply, data.labels.resolution], top: 0 },
      grid: { left: 40, right: 10, top: 30, bottom: 70 },
      xAxis: { type: "category", data: rows.map(function (r) { return r.name; }), axisLabel: { rotate: 35, interval: 0 } },
      yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      series: [
        { name: data.labels.reply, type: "bar", data: rows.map(function (r) { return r.reply; }), itemStyle: { color: "#1565c0" } },
        { name: data.labels.resolution, type: "bar", data: rows.map(function (r) { return r.resolution; }), itemStyle: { color: "#a3161c" } }
      ]
    });
  }

  compare("chart-lower", data.lower);
  compare("chart-units", data.units);

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
