// The China view's boundary map (reporting/dashboards/boundary.py): the ministry's
// file drawn with ECharts over the table in the page. Regions are joined to the
// table's rows on the GB/T 2260 code in the feature property the settings name
// (110000 or 11), never on names; each is shaded with the cartogram's classes,
// its tooltip the table's text, a click its row's link.
(function () {
  "use strict";
  var box = document.getElementById("boundary-map");
  var source = document.getElementById("boundary-map-data");
  var note = document.getElementById("boundary-map-note");
  if (!box || !source || !window.echarts || !window.fetch) return;
  var config = JSON.parse(source.textContent);
  // Not "china": ECharts adds its own South China Sea inset and label fixes to a
  // map of that name; the approved file is drawn exactly as supplied.
  var MAP = "carbonplan-boundary";
  // In the order of boundary.py's shades: 0-4, no data (5), not reporting (6).
  var CLASSES = ["shade-0", "shade-1", "shade-2", "shade-3", "shade-4", "shade-none", "shade-off"];
  var zh = (document.documentElement.lang || "").toLowerCase().indexOf("zh") === 0;

  function colour(cls) {
    var probe = document.createElement("span");
    probe.className = cls;
    probe.hidden = true;
    document.body.appendChild(probe);
    var found = getComputedStyle(probe).backgroundColor;
    probe.remove();
    return found;
  }

  function provinceCode(raw) {
    var match = /^(\d{2})(0000)?$/.exec(String(raw == null ? "" : raw).trim());
    return match ? match[1] : null;
  }

  function draw(geo) {
    (geo.features || []).forEach(function (feature, index) {
      feature.properties = feature.properties || {};
      // Features without a province code (a boundary line, an inset frame) are
      // drawn all the same, under names no row has.
      feature.properties.cpCode =
        provinceCode(feature.properties[config.codeProperty]) || "~" + index;
    });
    echarts.registerMap(MAP, geo);
    var regions = {};
    config.regions.forEach(function (region) { regions[region.code] = region; });
    box.classList.add("is-drawn");
    var chart = echarts.init(box, null, { locale: zh ? "ZH" : "EN", renderer: "svg" });
    chart.setOption({
      animation: false,
      tooltip: {
        trigger: "item",
        formatter: function (params) {
          var region = params.data;
          if (!region) return "";
          return echarts.format.encodeHTML(region.province + ": " + region.figure);
        }
      },
      // The legend is the page's own (_map_legend.html), as under the cartogram.
      visualMap: {
        type: "piecewise",
        show: false,
        dimension: 0,
        pieces: CLASSES.map(function (cls, shade) {
          return { value: shade, color: colour(cls) };
        })
      },
      series: [{
        type: "map",
        map: MAP,
        nameProperty: "cpCode",
        roam: false,
        selectedMode: false,
        label: { show: false },
        itemStyle: { areaColor: colour("shade-off"), borderColor: "#6c757d", borderWidth: 0.6 },
        emphasis: {
          label: { show: false },
          itemStyle: { borderColor: "#0d6efd", borderWidth: 2 }
        },
        data: config.regions.map(function (region) {
          return {
            name: region.code,
            value: region.shade,
            province: region.name,
            figure: region.text
          };
        })
      }]
    });
    chart.on("click", function (params) {
      var region = params.data && regions[params.data.name];
      if (region && region.href) window.location.assign(region.href);
    });
    window.addEventListener("resize", function () { chart.resize(); });
    if (note) note.hidden = true;
    box.dataset.drawn = "true";
  }

  fetch(config.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    })
    .then(draw)
    .catch(function (error) {
      box.classList.remove("is-drawn");
      if (note) note.textContent = config.failed;
      box.dataset.drawn = "failed";
      if (window.console) console.error(error);
    });
})();
