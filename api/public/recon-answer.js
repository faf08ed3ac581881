// 行政复议答复 (api/views/reconsideration.hbs): the answer and its evidence files go to
// POST /api/reconsiderations/:id/answer, which checks them (type read from the bytes, ≤ 4MB,
// nothing collected after the decision) and writes nothing when it refuses. The files are at most
// 4MB each, so they travel in the request itself rather than as resumable uploads; the
// respondent's legal reviewers, who answer, are not among those who may upload case evidence.
(function () {
  'use strict';
  var form = document.getElementById('recon-answer-form');
  if (!form || !window.fetch || !window.FileReader) return;
  var recon = form.dataset.recon;
  var csrf = form.dataset.csrf;
  var errorBox = document.getElementById('answer-error');
  var button = form.querySelector('button[type=submit]');
  var add = form.querySelector('.add-evidence');
  var MAX_FILES = 20;
  var MAX_BYTES = 4 * 1024 * 1024;

  function rows() { return Array.prototype.slice.call(form.querySelectorAll('.recon-evidence-row')); }
  add.hidden = false;
  add.addEventListener('click', function () {
    var all = rows();
    if (all.length >= MAX_FILES) return;
    var copy = all[all.length - 1].cloneNode(true);
    copy.querySelectorAll('input').forEach(function (i) { i.value = ''; });
    all[all.length - 1].after(copy);
  });

  function fail(message) {
    errorBox.hidden = false;
    errorBox.textContent = message;
    errorBox.scrollIntoView({ block: 'center' });
  }

  function base64(file) {
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(String(reader.result).replace(/^data:[^,]*,/, '')); };
      reader.onerror = function () { reject(new Error('读取文件“' + file.name + '”失败')); };
      reader.readAsDataURL(file);
    });
  }

  /** The items of the filled rows, or a message naming what is missing (a row left empty is skipped). */
  function items() {
    var out = [];
    for (var i = 0; i < rows().length; i++) {
      var row = rows()[i];
      var file = row.querySelector('input[type=file]').files[0];
      var description = row.querySelector('[name=evidenceDescription]').value.trim();
      var at = row.querySelector('[name=evidenceCollectedAt]').value;
      if (!file && !description && !at) continue;
      var n = '第' + (i + 1) + '份证据';
      if (!file) return n + '：请选择证据文件';
      if (!description) return n + '：请填写证据名称';
      if (!at) return n + '：请填写收集时间';
      if (file.size > MAX_BYTES) return n + '（' + description + '）超过 4MB';
      // datetime-local gives Beijing wall time without a zone.
      out.push({ file: file, description: description, collectedAt: at.length === 16 ? at + ':00+08:00' : at + '+08:00' });
    }
    return out;
  }

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    errorBox.hidden = true;
    var chosen = items();
    if (typeof chosen === 'string') return fail(chosen);
    button.disabled = true;
    Promise.all(chosen.map(function (e) {
      return base64(e.file).then(function (content) {
        return { description: e.description, collectedAt: e.collectedAt, fileName: e.file.name, contentBase64: content };
      });
    })).then(function (evidence) {
      return fetch('/api/reconsiderations/' + encodeURIComponent(recon) + '/answer', {
        method: 'POST', credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({ answer: form.elements.answer.value, evidence: evidence }),
      });
    }).then(function (res) {
      if (res.ok) { window.location.href = '/reconsiderations/' + encodeURIComponent(recon); return; }
      return res.json().catch(function () { return {}; }).then(function (out) {
        var details = (out.details || []).map(function (d) { return d.message; }).filter(Boolean);
        fail(details.length ? details.join('；') : (out.message || '提交失败（' + res.status + '）'));
      });
    }).catch(function (e) { fail(e.message || '提交失败，请检查网络后重试'); })
      .then(function () { button.disabled = false; });
  });
})();
