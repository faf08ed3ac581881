// Forms that outlast the network (issue 23): what is typed into a form marked data-offline is kept
// on the phone as it is typed (a reload or a dead battery loses nothing), and a form submitted
// without a network waits in an outbox on the phone and is sent when the network returns — with
// the idempotency key it was made with, so a resend never makes a second record. The page shows
// what is waiting. Registers the service worker that keeps these pages for offline use.
(function () {
  var OUTBOX = 'zhifa:outbox';
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(function () {});

  function read(key, fallback) {
    try { return JSON.parse(localStorage.getItem(key)) || fallback; } catch (e) { return fallback; }
  }
  function write(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); return true; } catch (e) { return false; }
  }
  var outbox = function () { return read(OUTBOX, []); };

  function showOutbox() {
    var box = document.getElementById('outbox');
    if (!box) {
      box = document.createElement('section');
      box.id = 'outbox';
      box.className = 'card outbox';
      box.setAttribute('role', 'status');
      box.setAttribute('aria-live', 'polite');
      var main = document.querySelector('main');
      if (main) main.insertBefore(box, main.firstChild);
    }
    var items = outbox();
    box.hidden = items.length === 0;
    box.textContent = '';
    if (!items.length) return;
    var h = document.createElement('h2');
    h.textContent = '待发送（' + items.length + '）' + (navigator.onLine ? '：正在发送…' : '：网络恢复后自动发送');
    box.appendChild(h);
    var ul = document.createElement('ul');
    items.forEach(function (it) {
      var li = document.createElement('li');
      li.textContent = it.label + '　保存于 ' + new Date(it.savedAt).toLocaleString('zh-CN') + (it.error ? '　' + it.error : '');
      ul.appendChild(li);
    });
    box.appendChild(ul);
  }

  var sending = false;
  function flush() {
    if (sending || !navigator.onLine) return showOutbox();
    var items = outbox();
    if (!items.length) return showOutbox();
    sending = true;
    showOutbox();
    var it = items[0];
    fetch(it.url, { method: 'POST', body: it.body, credentials: 'same-origin', redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' } })
      .then(function (r) {
        // Accepted: the server redirects to the case page. A form sent back (200) was refused: it stays, marked.
        var done = r.type === 'opaqueredirect' || (r.status >= 300 && r.status < 400);
        var rest = outbox().filter(function (x) { return x.key !== it.key; });
        if (!done) rest.unshift(Object.assign({}, it, { error: '未被接受（HTTP ' + r.status + '），请联网后重新填写' }));
        write(OUTBOX, done ? rest : rest);
        sending = false;
        if (done) flush(); else showOutbox();
      })
      .catch(function () { sending = false; showOutbox(); });
  }

  document.querySelectorAll('form[data-offline]').forEach(function (form) {
    var key = 'zhifa:draft:' + location.pathname;
    var skip = function (el) { return !el.name || el.type === 'hidden' || el.type === 'file' || el.type === 'submit' || el.type === 'button'; };
    // What was typed beats the page's defaults; a form the server sent back (refused) shows what was posted.
    var saved = read(key, null);
    if (saved && !form.dataset.refused) {
      Array.prototype.forEach.call(form.elements, function (el) {
        if (skip(el) || !(el.name in saved)) return;
        if (el.type === 'checkbox' || el.type === 'radio') el.checked = saved[el.name].indexOf(el.value) >= 0;
        else el.value = saved[el.name][0];
      });
    }
    form.addEventListener('input', function () {
      var values = {};
      Array.prototype.forEach.call(form.elements, function (el) {
        if (skip(el)) return;
        if ((el.type === 'checkbox' || el.type === 'radio') && !el.checked) return;
        (values[el.name] = values[el.name] || []).push(el.value);
      });
      write(key, values);
    });
    form.addEventListener('submit', function (e) {
      if (e.defaultPrevented) return;
      var params = new URLSearchParams();
      new FormData(form, e.submitter).forEach(function (v, k) { if (typeof v === 'string') params.append(k, v); });
      localStorage.removeItem(key);
      if (navigator.onLine) return; // sent now; a refusal comes back as the form with everything typed kept
      e.preventDefault();
      var idem = params.get('idempotencyKey') || String(Date.now());
      var items = outbox().filter(function (x) { return x.key !== idem; });
      // form.action would be the submit buttons named "action": read the attribute.
      items.push({ key: idem, url: form.getAttribute('action') || location.pathname, body: params.toString(), label: form.dataset.offline, savedAt: Date.now() });
      if (!write(OUTBOX, items)) alert('手机存储空间不足，无法保存待发送的记录');
      showOutbox();
    });
  });

  // Logging out on a shared phone leaves nothing of this person behind (issue 23): the pages the
  // service worker kept, its registration, the outbox, the drafts and every other store of this
  // site. The logout answer also says so (Clear-Site-Data), for a browser that runs no script.
  // Records still waiting are lost with them: the officer is asked first.
  function forget() {
    try { localStorage.clear(); sessionStorage.clear(); } catch (e) { /* storage switched off: nothing kept */ }
    var jobs = [];
    if (window.caches) jobs.push(caches.keys().then(function (keys) { return Promise.all(keys.map(function (k) { return caches.delete(k); })); }));
    if (window.indexedDB && indexedDB.databases) {
      jobs.push(indexedDB.databases().then(function (dbs) {
        return Promise.all(dbs.map(function (db) {
          return new Promise(function (done) { var q = indexedDB.deleteDatabase(db.name); q.onsuccess = q.onerror = q.onblocked = done; });
        }));
      }));
    }
    if ('serviceWorker' in navigator) jobs.push(navigator.serviceWorker.getRegistrations().then(function (rs) { return Promise.all(rs.map(function (r) { return r.unregister(); })); }));
    return Promise.all(jobs.map(function (j) { return j.catch(function () {}); }));
  }
  document.querySelectorAll('form[action="/logout"]').forEach(function (logout) {
    logout.addEventListener('submit', function (e) {
      e.preventDefault();
      var waiting = outbox().length;
      if (waiting && !window.confirm('手机上还有 ' + waiting + ' 份记录没有发送，退出后将从手机上删除。仍要退出吗？')) return;
      forget().then(function () { logout.submit(); });
    });
  });

  window.addEventListener('online', flush);
  window.addEventListener('offline', showOutbox);
  flush();
})();
