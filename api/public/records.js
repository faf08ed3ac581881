// 询问笔录: "添加一问一答" adds an empty question/answer pair; without script the form's fixed
// empty rows still work. The new row's field names continue the numbering (qa.N.q / qa.N.a).
(function () {
  var button = document.getElementById('add-qa');
  var list = document.querySelector('.qa-rows');
  if (!button || !list) return;
  button.hidden = false;
  button.addEventListener('click', function () {
    var rows = list.querySelectorAll('.qa-row');
    var last = rows[rows.length - 1];
    var next = rows.length;
    var row = last.cloneNode(true);
    row.querySelectorAll('.field-error').forEach(function (e) { e.remove(); });
    row.querySelectorAll('label').forEach(function (label) {
      var area = label.querySelector('textarea');
      var part = /\.q$/.test(area.name) ? 'q' : 'a';
      var name = 'qa.' + next + '.' + part;
      area.name = name;
      area.id = 'f-' + name;
      area.value = '';
      label.htmlFor = 'f-' + name;
      label.firstChild.nodeValue = (part === 'q' ? '问' : '答') + (next + 1);
    });
    list.appendChild(row);
    row.querySelector('textarea').focus();
  });
})();
