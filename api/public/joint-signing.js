// 联合执法: the participating officer's signature (signature_pad) goes into the form's hidden field as a PNG.
(function () {
  var box = document.getElementById('joint-sign');
  if (!box || typeof window.SignaturePad !== 'function') return;
  var canvas = box.querySelector('canvas');
  var pad = new window.SignaturePad(canvas, { minWidth: 1, maxWidth: 3, penColor: '#000' });
  box.querySelector('.sign-clear').addEventListener('click', function () { pad.clear(); });
  box.closest('form').addEventListener('submit', function () {
    box.querySelector('input[name="image"]').value = pad.isEmpty() ? '' : pad.toDataURL('image/png');
  });
})();
