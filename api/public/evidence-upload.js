// 收集证据 page (api/views/evidence-new.hbs): the file goes up with tus (resumable: an
// interrupted upload continues where it stopped, also after a reload), then the item is
// attached by POST /api/cases/:id/evidence. Errors show beside their fields; nothing typed is lost.
(function () {
  'use strict';
  var form = document.getElementById('evidence-form');
  if (!form || !window.tus) return;
  var caseId = form.dataset.case;
  var csrf = form.dataset.csrf;
  var kind = form.elements.kind;
  var uploadIdInput = form.elements.uploadId;
  var progress = form.querySelector('progress');
  var status = form.querySelector('.upload-status');
  var formError = document.getElementById('form-error');
  var button = form.querySelector('button[type=submit]');
  // One key per visit: a double submit attaches one item.
  var idempotencyKey = (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random();
  var uploadedFile = null;
  var capturedAtAuto = true;

  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function localValue(d) {
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' + pad(d.getHours()) + ':' + pad(d.getMinutes());
  }
  form.elements.capturedAt.value = localValue(new Date());
  form.elements.capturedAt.addEventListener('input', function () { capturedAtAuto = false; });

  function selected() { return kind.options[kind.selectedIndex].dataset; }
  function showFor() {
    var d = selected();
    form.querySelectorAll('[data-when]').forEach(function (el) {
      var when = el.dataset.when;
      // A physical item may have a photo; testimony has its 笔录 instead of a file.
      el.hidden = when === 'file' ? !(d.file || d.physical || kind.value === 'OTHER') : when === 'physical' ? !d.physical : !d.testimony;
    });
  }
  kind.addEventListener('change', showFor);
  showFor();

  function chosenFile() {
    var f = form.elements.camera.files[0] || form.elements.file.files[0];
    return f || null;
  }
  ['camera', 'file'].forEach(function (name) {
    form.elements[name].addEventListener('change', function () {
      var f = chosenFile();
      if (f && capturedAtAuto && f.lastModified) form.elements.capturedAt.value = localValue(new Date(f.lastModified));
      if (f !== uploadedFile) uploadIdInput.value = '';
    });
  });

  function clearErrors() {
    formError.hidden = true;
    formError.textContent = '';
    form.querySelectorAll('.field-error').forEach(function (el) { el.textContent = ''; });
  }
  function showError(path, message) {
    var el = form.querySelector('.field-error[data-for="' + path + '"]');
    if (el && !el.closest('[hidden]')) el.textContent = message;
    else { formError.hidden = false; formError.textContent = (formError.textContent ? formError.textContent + '；' : '') + message; }
  }

  function upload(file) {
    return new Promise(function (resolve, reject) {
      progress.hidden = false;
      progress.value = 0;
      status.textContent = '正在上传…';
      var up = new tus.Upload(file, {
        endpoint: '/api/uploads',
        chunkSize: 5 * 1024 * 1024,
        retryDelays: [0, 1000, 3000, 5000, 10000, 20000],
        headers: { 'X-CSRF-Token': csrf },
        metadata: { filename: file.name, filetype: file.type, deviceId: form.elements.deviceId.value },
        removeFingerprintOnSuccess: true,
        onProgress: function (sent, total) {
          progress.value = total ? Math.floor(sent / total * 100) : 0;
          status.textContent = '已上传 ' + (sent / 1048576).toFixed(1) + ' / ' + (total / 1048576).toFixed(1) + ' MB';
        },
        onError: function (err) {
          var res = err && err.originalResponse;
          var body = res ? res.getBody() : '';
          reject(new Error(body && res.getStatus() < 500 ? body : '上传中断，网络恢复后再次提交即可从中断处继续'));
        },
        onSuccess: function (payload) {
          var sha = payload && payload.lastResponse ? payload.lastResponse.getHeader('Upload-SHA256') : '';
          status.textContent = '上传完成' + (sha ? '，SHA-256 ' + sha.slice(0, 16) + '…' : '');
          resolve(up.url.split('/').pop());
        },
      });
      // Resume an earlier, interrupted upload of the same file (kept in this browser).
      up.findPreviousUploads().then(function (previous) {
        if (previous.length) up.resumeFromPreviousUpload(previous[0]);
        up.start();
      });
    });
  }

  function body() {
    var d = selected();
    var b = { kind: kind.value, description: form.elements.description.value };
    if (form.elements.taskId.value) b.taskId = form.elements.taskId.value;
    if (form.elements.deviceId.value.trim()) b.deviceId = form.elements.deviceId.value;
    if (uploadIdInput.value) b.uploadId = uploadIdInput.value;
    if ((b.uploadId || d.file) && form.elements.capturedAt.value) b.capturedAt = new Date(form.elements.capturedAt.value).toISOString();
    if (d.physical) { b.keptAt = form.elements.keptAt.value; b.custodian = form.elements.custodian.value; }
    if (d.testimony) { b.recordId = form.elements.recordId.value; delete b.uploadId; delete b.capturedAt; }
    return b;
  }

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    clearErrors();
    var file = chosenFile();
    var d = selected();
    button.disabled = true;
    var ready = Promise.resolve();
    if (file && !d.testimony && !uploadIdInput.value) {
      ready = upload(file).then(function (id) { uploadIdInput.value = id; uploadedFile = file; }, function (e) {
        showError('uploadId', e.message);
        throw e;
      });
    }
    ready.then(function () {
      return fetch('/api/cases/' + encodeURIComponent(caseId) + '/evidence', {
        method: 'POST', credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, 'idempotency-key': idempotencyKey },
        body: JSON.stringify(body()),
      }).then(function (res) {
        return res.json().catch(function () { return {}; }).then(function (out) {
          if (res.ok) { window.location.href = '/cases/' + encodeURIComponent(caseId) + '?done=evidence'; return; }
          var details = out.details || [];
          if (details.length) details.forEach(function (x) { showError(x.path || '', x.message); });
          else showError('', out.message || ('提交失败（' + res.status + '）'));
        });
      });
    }).catch(function (e) {
      if (!formError.textContent && !form.querySelector('.field-error:not(:empty)')) showError('', e.message || '提交失败');
    }).then(function () { button.disabled = false; });
  });
})();
