// D2: drag and keyboard moves on the programme grid. Every move fills the item's own form
// (the one used without JavaScript) and submits it, so the server checks it as always.
(function () {
  "use strict";
  var live = document.getElementById("annonce-grille");
  var items = document.querySelectorAll(".ren-grid-item[data-item]");
  if (!items.length) return;

  function form(id) { return document.querySelector('form.ren-move[data-item="' + id + '"]'); }
  function say(text) { if (live) { live.textContent = ""; window.setTimeout(function () { live.textContent = text; }, 30); } }
  function submitMove(id, date, time, room) {
    var f = form(id);
    if (!f) return;
    f.elements.date.value = date;
    f.elements.start.value = time;
    f.elements.room.value = room;
    f.submit();
  }
  function minutes(t) { var p = t.split(":"); return parseInt(p[0], 10) * 60 + parseInt(p[1], 10); }
  function hhmm(m) { m = Math.max(0, Math.min(23 * 60 + 55, m)); var h = Math.floor(m / 60), n = m % 60; return (h < 10 ? "0" : "") + h + ":" + (n < 10 ? "0" : "") + n; }
  // Issue 19: the item another one would overlap at `date`, `time`, `room` for `length`
  // minutes, or null: a move never lands on an occupied slot without being told.
  function occupant(self, date, time, room, length) {
    var from = minutes(time), to = from + length;
    for (var i = 0; i < items.length; i++) {
      var o = items[i];
      if (o.getAttribute("data-item") === self || o.getAttribute("data-date") !== date || o.getAttribute("data-room") !== room) continue;
      var s = minutes(o.getAttribute("data-start")), e = minutes(o.getAttribute("data-end"));
      if (e <= s) e = 24 * 60;
      if (from < e && s < to) return o;
    }
    return null;
  }
  function lengthOf(a) {
    var s = minutes(a.getAttribute("data-start")), e = minutes(a.getAttribute("data-end"));
    return e > s ? e - s : 15;
  }
  function roomName(select, value) {
    for (var i = 0; i < select.options.length; i++) if (select.options[i].value === value) return select.options[i].textContent;
    return "";
  }

  // Dragging onto a free slot (or a cell, to stack and see the conflict).
  var dragged = null;
  Array.prototype.forEach.call(items, function (a) {
    a.setAttribute("draggable", "true");
    a.addEventListener("dragstart", function (e) { dragged = a.getAttribute("data-item"); e.dataTransfer.setData("text/plain", dragged); e.dataTransfer.effectAllowed = "move"; });
    a.addEventListener("dragend", function () { dragged = null; });
  });
  Array.prototype.forEach.call(document.querySelectorAll("td.ren-slot"), function (td) {
    td.addEventListener("dragover", function (e) { if (dragged) { e.preventDefault(); td.classList.add("ren-drop-target"); } });
    td.addEventListener("dragleave", function () { td.classList.remove("ren-drop-target"); });
    td.addEventListener("drop", function (e) {
      e.preventDefault();
      td.classList.remove("ren-drop-target");
      var id = dragged || e.dataTransfer.getData("text/plain");
      if (!id) return;
      var a = document.querySelector('.ren-grid-item[data-item="' + id + '"]');
      var other = a && occupant(id, td.getAttribute("data-date"), td.getAttribute("data-time"), td.getAttribute("data-room"), lengthOf(a));
      if (other && !window.confirm("Cette place est occupée par « " + other.getAttribute("data-title") + " ». Placer quand même ? Le chevauchement sera signalé.")) {
        say("Déplacement annulé : la place est occupée.");
        return;
      }
      submitMove(id, td.getAttribute("data-date"), td.getAttribute("data-time"), td.getAttribute("data-room"));
    });
  });

  // Keyboard: arrows choose a new start and room, Enter validates, Escape cancels.
  Array.prototype.forEach.call(items, function (a) {
    var id = a.getAttribute("data-item");
    var f = form(id);
    if (!f) return;
    var pending = null;
    var acknowledged = null;
    a.addEventListener("keydown", function (e) {
      var rooms = f.elements.room;
      if (!pending) pending = { time: f.elements.start.value, room: rooms.value, date: f.elements.date.value };
      var handled = true;
      if (e.key === "ArrowUp") pending.time = hhmm(minutes(pending.time) - 15);
      else if (e.key === "ArrowDown") pending.time = hhmm(minutes(pending.time) + 15);
      else if (e.key === "ArrowLeft" || e.key === "ArrowRight") {
        var i = rooms.selectedIndex, values = Array.prototype.map.call(rooms.options, function (o) { return o.value; });
        var at = values.indexOf(pending.room);
        at = e.key === "ArrowLeft" ? Math.max(0, at - 1) : Math.min(values.length - 1, at + 1);
        pending.room = values[at];
        rooms.selectedIndex = i;
      } else if (e.key === "Enter" && pending && (pending.time !== f.elements.start.value || pending.room !== rooms.value)) {
        var other = occupant(id, pending.date, pending.time, pending.room, lengthOf(a));
        var where = pending.date + " " + pending.time + " " + pending.room;
        if (other && acknowledged !== where) {
          // A first Enter on an occupied slot only tells; a second one places it anyway.
          acknowledged = where;
          e.preventDefault();
          say("Place occupée par « " + other.getAttribute("data-title") + " ». Entrée de nouveau pour placer quand même (chevauchement signalé), Échap pour annuler.");
          return;
        }
        submitMove(id, pending.date, pending.time, pending.room);
      } else if (e.key === "Escape") { pending = null; a.classList.remove("ren-moving"); say("Déplacement annulé."); return; }
      else handled = false;
      if (handled && e.key !== "Enter") acknowledged = null;
      if (handled) {
        e.preventDefault();
        a.classList.add("ren-moving");
        say("Nouvelle place : " + pending.time.replace(":", " h ") + ", " + roomName(rooms, pending.room) + ". Entrée pour valider, Échap pour annuler.");
      }
    });
    a.addEventListener("blur", function () { pending = null; a.classList.remove("ren-moving"); });
  });
})();
