/* Hot topics (年度热点): draws the ECharts option of the json_script "topics-chart-data" in #topics-chart,
   and the portal block's "portal-topics-data" in #portal-topics-chart. */
(function () {
  "use strict";
  if (typeof window.echarts === "undefined") { return; }
  var charts = [];
  function draw(el, option) {
    if (!el || !option) { return; }
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option);
    el.setAttribute("data-rendered", "1");
    charts.push(chart);
    // the container's width changes when a scrollbar appears after the first layout: follow it
    if (typeof window.ResizeObserver !== "undefined") {
      new window.ResizeObserver(function () { chart.resize(); }).observe(el);
    }
  }
  var source = document.getElementById("topics-chart-data");
  if (source) { draw(document.getElementById("topics-chart"), JSON.parse(source.textContent)); }
  var portal = document.getElementById("portal-topics-data");
  if (portal) { draw(document.getElementById("portal-topics-chart"), JSON.parse(portal.textContent)); }
  function resizeAll() { charts.forEach(function (c) { c.resize(); }); }
  window.addEventListener("resize", resizeAll);
  window.addEventListener("load", resizeAll);
})();
