// 专项执法 on the supervision page: per campaign, each county's target against its inspections
// (and hazards found, cases), drawn from the JSON block the page carries (no inline script: CSP).
/* global echarts */
(function () {
  'use strict';
  var block = document.getElementById('campaign-data');
  if (!block || typeof echarts === 'undefined') return;
  var campaigns = JSON.parse(block.textContent || '[]');
  var charts = [];
  campaigns.forEach(function (c, i) {
    var el = document.getElementById('campaign-chart-' + i);
    if (!el) return;
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } }, legend: { top: 0 }, grid: { top: 40, left: 50, right: 20, bottom: 60 },
      xAxis: { type: 'category', data: c.orgs, axisLabel: { interval: 0, rotate: c.orgs.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', minInterval: 1, name: '次' },
      series: [
        { name: '任务数', type: 'bar', data: c.target },
        { name: '已检查', type: 'bar', data: c.inspections },
        { name: '发现隐患', type: 'bar', data: c.hazards },
        { name: '立案', type: 'bar', data: c.cases },
      ],
    });
    charts.push(chart);
  });
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
})();
