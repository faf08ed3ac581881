// 执法监督看板: draws the three charts from the JSON block the page carries (no inline script: CSP).
/* global echarts */
(function () {
  'use strict';
  var block = document.getElementById('dashboard-data');
  if (!block || typeof echarts === 'undefined') return;
  var data = JSON.parse(block.textContent || '{}');
  var charts = [];
  function draw(id, option, empty) {
    var el = document.getElementById(id);
    if (!el) return;
    if (empty) { el.textContent = '统计期间内没有数据'; el.classList.add('muted'); return; }
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption(option);
    charts.push(chart);
  }
  var tooltip = { trigger: 'axis', axisPointer: { type: 'shadow' } };

  var s = data.openByStage;
  draw('chart-stages', {
    tooltip: tooltip, legend: { type: 'scroll', top: 0 }, grid: { top: 40, left: 50, right: 20, bottom: 60 },
    xAxis: { type: 'category', data: s.orgs, axisLabel: { interval: 0, rotate: s.orgs.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1, name: '件' },
    series: s.series.map(function (x) { return { name: x.name, type: 'bar', stack: 'stage', data: x.data }; }),
  }, !s.orgs.length);

  var m = data.monthly;
  draw('chart-monthly', {
    tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { top: 40, left: 50, right: 20, bottom: 40 },
    xAxis: { type: 'category', data: m.months, boundaryGap: false },
    yAxis: { type: 'value', minInterval: 1, name: '件' },
    series: [
      { name: '立案', type: 'line', data: m.filed, smooth: true },
      { name: '处罚决定', type: 'line', data: m.decided, smooth: true },
    ],
  }, !m.months.length);

  var h = data.overdueHeat;
  var max = h.cells.reduce(function (a, c) { return Math.max(a, c[2]); }, 1);
  draw('chart-overdue', {
    tooltip: { position: 'top', formatter: function (p) { return h.orgs[p.value[1]] + ' · ' + h.kinds[p.value[0]] + '：超期 ' + p.value[2] + ' 个'; } },
    grid: { top: 20, left: 110, right: 30, bottom: 90 },
    xAxis: { type: 'category', data: h.kinds, splitArea: { show: true }, axisLabel: { interval: 0, rotate: 30 } },
    yAxis: { type: 'category', data: h.orgs, splitArea: { show: true } },
    visualMap: { min: 0, max: max, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, inRange: { color: ['#fff5f0', '#b42318'] } },
    series: [{ name: '超期环节', type: 'heatmap', data: h.cells, label: { show: true } }],
  }, !h.cells.length);

  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
})();
