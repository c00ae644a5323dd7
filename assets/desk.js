// B6: narrows the check-in list as one types (issue 19). The page works without it: the
// search form is a plain GET, answered by the server with the same folding.
(function () {
  'use strict';
  var input = document.getElementById('q');
  var list = document.getElementById('resultats');
  var count = document.getElementById('compte-resultats');
  if (!input || !list) return;
  // Same folding as the server: lower case, accents and punctuation dropped, one space.
  function fold(s) {
    return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ').trim();
  }
  var rows = Array.prototype.slice.call(list.querySelectorAll('li[data-search]'));
  var timer = null;
  function apply() {
    var q = fold(input.value);
    var shown = 0;
    rows.forEach(function (li) {
      var match = q === '' || li.getAttribute('data-search').indexOf(q) !== -1;
      li.hidden = !match;
      if (match) shown += 1;
    });
    if (count) {
      count.textContent = q === '' ? shown + ' personne(s), par ordre alphabétique.'
        : shown + ' personne(s) pour « ' + input.value.trim() + ' ».';
    }
  }
  input.addEventListener('input', function () {
    // Announced once typing pauses, not at every key.
    clearTimeout(timer);
    timer = setTimeout(apply, 150);
  });
})();

// B6: the scanner (issue 19). Only where the browser reads QR codes itself (BarcodeDetector);
// elsewhere the code is typed in the same form. The camera stays on this device: frames are
// never sent anywhere, only the code read from them fills the form.
(function () {
  'use strict';
  var open = document.getElementById('scanner-ouvrir');
  var box = document.getElementById('scanner');
  var video = document.getElementById('scanner-video');
  var state = document.getElementById('scanner-etat');
  var close = document.getElementById('scanner-fermer');
  var input = document.getElementById('code');
  var form = document.getElementById('code-form');
  if (!open || !box || !video || !input || !form) return;
  if (!('BarcodeDetector' in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
  open.hidden = false;
  var stream = null;
  var timer = null;
  function stop() {
    clearInterval(timer);
    timer = null;
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
    box.hidden = true;
    open.focus();
  }
  close.addEventListener('click', stop);
  open.addEventListener('click', function () {
    var detector = new window.BarcodeDetector({ formats: ['qr_code'] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false }).then(function (s) {
      stream = s;
      video.srcObject = s;
      box.hidden = false;
      state.textContent = 'Caméra ouverte : visez le code QR.';
      return video.play();
    }).then(function () {
      timer = setInterval(function () {
        detector.detect(video).then(function (found) {
          if (!found.length || !found[0].rawValue) return;
          input.value = found[0].rawValue;
          state.textContent = 'Code lu.';
          stop();
          form.submit();
        }).catch(function () {});
      }, 250);
    }).catch(function () {
      state.textContent = 'La caméra n’est pas disponible : tapez le code.';
      box.hidden = false;
    });
  });
})();
