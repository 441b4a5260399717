/* Draws the page's charts with plotly.js (served by this server). Each chart is a
   <div data-figure="ID"> next to <script type="application/json" id="ID"> holding the
   figure; when drawn, the div gets data-rendered="true". */
(function () {
  "use strict";
  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-figure"));
    if (!source || typeof Plotly === "undefined") { return; }
    var fig = JSON.parse(source.textContent);
    var config = { responsive: true, displaylogo: false, displayModeBar: false };
    Plotly.newPlot(el, fig.data, fig.layout, config).then(function () {
      el.setAttribute("data-rendered", "true");
    });
  }
  function init() {
    var charts = document.querySelectorAll("[data-figure]");
    for (var i = 0; i < charts.length; i++) { draw(charts[i]); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
