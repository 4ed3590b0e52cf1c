// The dashboards' charts: progressive enhancement over the tables in the page.
// Each chart reads the json_script beside its table: exactly the table's figures.
(function () {
  "use strict";
  if (!window.echarts) return;
  var zh = (document.documentElement.lang || "").toLowerCase().indexOf("zh") === 0;
  document.querySelectorAll("[data-chart]").forEach(function (box) {
    var source = document.getElementById(box.dataset.chart);
    if (!source) return;
    var data = JSON.parse(source.textContent);
    if (!data.kind) return;
    var bar = data.kind === "bar";
    var chart = echarts.init(box, null, { locale: zh ? "ZH" : "EN", renderer: "svg" });
    var category = { type: "category", data: data.labels, axisLabel: { interval: 0, hideOverlap: true } };
    var value = { type: "value", scale: !bar };
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { show: data.series.length > 1, top: 0 },
      grid: { left: bar ? 140 : 60, right: 24, top: 32, bottom: 32 },
      xAxis: bar ? value : category,
      yAxis: bar ? Object.assign({}, category, { inverse: true, axisLabel: { width: 130, overflow: "truncate" } }) : value,
      series: data.series.map(function (s) {
        return {
          name: s.name,
          type: data.kind,
          data: s.data,
          connectNulls: false,
          lineStyle: s.dashed ? { type: "dashed" } : undefined
        };
      })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
