// 文书核验: the file is hashed in the browser (Web Crypto) and only its SHA-256 is sent, so a
// party's document never leaves their device.
(function () {
  var form = document.getElementById('verify-file');
  var input = document.getElementById('verify-input');
  var out = document.getElementById('verify-result');
  if (!form || !input || !out) return;
  function hex(buf) {
    return Array.prototype.map.call(new Uint8Array(buf), function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }
  input.addEventListener('change', function () {
    var file = input.files && input.files[0];
    if (!file) return;
    if (!window.crypto || !window.crypto.subtle) { out.textContent = '此浏览器不支持在本地计算文件指纹，请换用其他浏览器。'; return; }
    out.textContent = '正在计算文件指纹…';
    file.arrayBuffer().then(function (bytes) { return window.crypto.subtle.digest('SHA-256', bytes); }).then(function (digest) {
      var sha = hex(digest);
      return fetch('/api/public/verify/' + encodeURIComponent(form.dataset.id) + '?sha256=' + sha, { headers: { accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(new Error(String(r.status))); })
        .then(function (v) {
          out.className = v.hashMatches ? 'ok' : 'error';
          out.textContent = v.hashMatches
            ? '一致：该文件与本机关出具的文书完全相同（SHA-256 ' + sha + '）。'
            : '不一致：该文件不是本机关出具的这份文书，或已被改动（SHA-256 ' + sha + '）。';
        });
    }).catch(function () { out.className = 'error'; out.textContent = '核验失败，请稍后再试。'; });
  });
})();
