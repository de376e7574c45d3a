/**
 * The monitoring pages' drawing script, served as /assets/monitoring-charts.js. Kept as a string in a module so it
 * ships with the compiled portal like every other part of it. It draws each chart with uPlot from the readings the
 * page embeds as JSON (#chart-data); each chart's box already names itself for screen readers and keeps its latest
 * values in a table, so the script only draws.
 */
export const MONITORING_CHARTS_JS = `(function () {
    "use strict";
    var source = document.getElementById("chart-data");
    if (!source || typeof uPlot === "undefined") return;
    var data = JSON.parse(source.textContent);
    var colours = ["#0b4f6c", "#b00020", "#2e7d32", "#7a4f00", "#5e35b1", "#00838f", "#ad1457", "#455a64"];
    data.charts.forEach(function (chart) {
        var box = document.querySelector('[data-chart="' + chart.id + '"]');
        if (!box) return;
        // One time axis for every series: the union of their timestamps, a gap where a series has no point.
        var times = [];
        chart.series.forEach(function (s) { s.points.forEach(function (p) { times.push(p[0]); }); });
        times = times.filter(function (t, i, all) { return all.indexOf(t) === i; }).sort(function (a, b) { return a - b; });
        var columns = chart.series.map(function (s) {
            var at = {};
            s.points.forEach(function (p) { at[p[0]] = p[1]; });
            return times.map(function (t) { return t in at ? at[t] : null; });
        });
        var unit = chart.unit === "percent" ? " %" : "";
        var options = {
            width: Math.max(320, box.clientWidth || 640),
            height: 220,
            series: [{ label: data.time }].concat(chart.series.map(function (s, i) {
                return { label: s.label, stroke: colours[i % colours.length], width: 2, spanGaps: false, value: function (u, v) { return v == null ? "-" : (Math.round(v * 10) / 10) + unit; } };
            })),
            axes: [{}, { values: function (u, vals) { return vals.map(function (v) { return v + unit; }); } }],
            scales: chart.unit === "state" ? { y: { range: [0, 1.05] } } : chart.unit === "percent" ? { y: { range: [0, 100] } } : {},
        };
        new uPlot(options, [times].concat(columns), box);
        // The series are hosts, load balancers, tenants: names, not words to translate.
        box.querySelectorAll(".u-legend .u-series:not(:first-child) .u-label").forEach(function (label) { label.setAttribute("translate", "no"); });
    });
})();
`;
