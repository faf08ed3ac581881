// 现场签名: each pad is a signature_pad canvas; on submit a drawn pad fills its hidden fields (the PNG
// and the time it was signed), an empty pad's fields are not sent at all, and without any drawn pad
// nothing of the signing is sent (the record is then printed and signed by hand).
(function () {
  var box = document.getElementById('signing');
  if (!box || typeof window.SignaturePad !== 'function') return;
  box.hidden = false;
  var form = box.closest('form');
  var pads = Array.prototype.map.call(box.querySelectorAll('.sign-pad'), function (el) {
    var canvas = el.querySelector('canvas');
    var pad = new window.SignaturePad(canvas, { minWidth: 1, maxWidth: 3, penColor: '#000' });
    var signedAt = '';
    function fit() {
      var ratio = Math.max(window.devicePixelRatio || 1, 1);
      var data = pad.toData();
      canvas.width = canvas.offsetWidth * ratio;
      canvas.height = canvas.offsetHeight * ratio;
      canvas.getContext('2d').scale(ratio, ratio);
      pad.fromData(data);
    }
    window.addEventListener('resize', fit);
    fit();
    pad.addEventListener('endStroke', function () { signedAt = new Date().toISOString(); });
    el.querySelector('.sign-clear').addEventListener('click', function () { pad.clear(); signedAt = ''; });
    return { el: el, pad: pad, fit: fit, when: function () { return signedAt; } };
  });
  // A decision's receipt (views/partials/summary-receipt.hbs): the party's pad when it signs for it;
  // the reason and the witness's pad when it refuses. A pad hidden by the choice is not sent.
  var modes = box.querySelectorAll('input[name="receipt.mode"]');
  function showMode() {
    var refused = box.querySelector('input[name="receipt.mode"][value="REFUSED"]').checked;
    var reason = box.querySelector('[name="receipt.refused.reason"]');
    if (reason) reason.closest('label').hidden = !refused;
    pads.forEach(function (p) {
      if (p.el.dataset.prefix === 'receipt.party') p.el.hidden = refused;
      if (p.el.dataset.prefix === 'receipt.refused.witness') p.el.hidden = !refused;
      if (!p.el.hidden) p.fit();
    });
  }
  if (modes.length) {
    modes.forEach(function (m) { m.addEventListener('change', showMode); });
    showMode();
  }
  var drawn = function (p) { return !p.el.hidden && !p.pad.isEmpty(); };
  form.addEventListener('submit', function (e) {
    var draft = e.submitter && e.submitter.value === 'draft';
    var any = !draft && pads.some(drawn);
    pads.forEach(function (p) {
      var signed = any && drawn(p);
      var name = p.el.querySelector('input[name$=".name"]');
      p.el.querySelectorAll('input, select').forEach(function (input) {
        // A witness named but not yet signed is sent by name, so the page says who still has to sign
        // (the party's name is filled in from the record, which names no one who signs).
        input.disabled = !(signed || (any && input === name && !p.el.dataset.nameFrom && name.value.trim()));
      });
      if (signed) {
        // The party's name as typed above, unless the officer wrote another signer's name.
        var from = p.el.dataset.nameFrom && form.querySelector('[name="' + p.el.dataset.nameFrom + '"]');
        if (from && name && !name.value.trim()) { name.value = from.value; name.disabled = false; }
        p.el.querySelector('input[name$=".image"]').value = p.pad.toDataURL('image/png');
        p.el.querySelector('input[name$=".signedAt"]').value = p.when() || new Date().toISOString();
      }
    });
    // A record served on site says when and where; a decision's receipt is its signature alone.
    var served = box.querySelector('input[name="signing.servedAt"]');
    if (!served) return;
    served.value = any ? new Date().toISOString() : '';
    served.disabled = !any;
    box.querySelector('input[name="signing.address"]').disabled = !any;
  });
})();
