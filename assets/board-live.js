// E5: follows the board's event stream and replaces the board with each new fragment.
// Without JavaScript (or without EventSource) the page still shows the board as it was
// when loaded. EventSource reconnects by itself after a network cut.
(function () {
  "use strict";
  var root = document.getElementById("tableau");
  var status = document.getElementById("etat-direct");
  if (!root || !window.EventSource) { return; }
  var updates = 0;
  var source = new EventSource(root.getAttribute("data-flux"));
  source.addEventListener("board", function (e) {
    root.innerHTML = e.data;
    updates += 1;
    root.setAttribute("data-updates", String(updates));
    status.textContent = "En direct : mis à jour à " + new Date().toLocaleTimeString("fr-FR");
  });
  source.addEventListener("error", function () {
    status.textContent = "Connexion perdue : nouvel essai en cours…";
  });
})();
