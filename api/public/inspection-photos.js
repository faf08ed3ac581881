// 隐患照片 on the 现场检查记录 page (issue 23): a photo taken with the phone's camera is hashed on
// the phone (SHA-256, also without a network), its hash goes into the record, and when the network
// is there the photo itself goes up by tus, named for this inspection's step (api/uploads.ts keeps
// it with its server-side SHA-256). Without a network the hash is recorded and the page says the
// photo was not uploaded, so the officer keeps it on the phone.
(function () {
  'use strict';
  var input = document.getElementById('f-hazardPhoto');
  var hashes = document.getElementById('f-hazardPhotoSha256');
  var status = document.querySelector('.photo-status');
  if (!input || !hashes || !window.crypto || !crypto.subtle) return;

  function hex(buf) {
    return Array.prototype.map.call(new Uint8Array(buf), function (b) { return (b < 16 ? '0' : '') + b.toString(16); }).join('');
  }
  function say(text) { if (status) status.textContent = text; }
  function upload(file) {
    if (!window.tus || !navigator.onLine) return Promise.resolve(false);
    return new Promise(function (resolve) {
      var up = new tus.Upload(file, {
        endpoint: '/api/uploads', chunkSize: 5 * 1024 * 1024, retryDelays: [0, 1000, 3000],
        headers: { 'X-CSRF-Token': input.dataset.csrf },
        metadata: { filename: file.name, filetype: file.type, taskId: input.dataset.task },
        removeFingerprintOnSuccess: true,
        onError: function () { resolve(false); },
        onSuccess: function () { resolve(true); },
      });
      up.start();
    });
  }
  function add(sha) {
    var list = hashes.value.split(/[\s,，]+/).filter(Boolean);
    if (list.indexOf(sha) < 0) list.push(sha);
    hashes.value = list.join(',');
    // The draft on the phone keeps it (offline-forms.js listens for input).
    hashes.dispatchEvent(new Event('input', { bubbles: true }));
  }

  input.addEventListener('change', function () {
    var files = Array.prototype.slice.call(input.files || []);
    if (!files.length) return;
    say('正在计算照片哈希…');
    Promise.all(files.map(function (f) {
      return f.arrayBuffer().then(function (b) { return crypto.subtle.digest('SHA-256', b); }).then(function (d) {
        var sha = hex(d);
        add(sha);
        return upload(f);
      });
    })).then(function (sent) {
      var up = sent.filter(Boolean).length;
      say('已记录 ' + files.length + ' 张照片的哈希' + (up === files.length ? '，照片已上传' : '；' + (files.length - up) + ' 张照片未上传（无网络），请在手机中保留原照片'));
    }, function () { say('照片读取失败，请重新拍摄'); });
  });
})();
