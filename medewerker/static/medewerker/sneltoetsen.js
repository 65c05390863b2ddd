// Keyboard shortcuts for officers: "/" search, "w" worklists, "v" jobs, j/k move through a list,
// Enter opens the chosen row, "c" opens the contact form in a dossier. Ignored while typing.
(function () {
  "use strict";
  var rij = -1;
  function typen(e) {
    var t = e.target;
    return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }
  function rijen() {
    var lijst = document.querySelector("table[data-lijst] tbody");
    return lijst ? Array.prototype.slice.call(lijst.rows) : [];
  }
  function kies(n) {
    var r = rijen();
    if (!r.length) return;
    if (rij >= 0 && r[rij]) r[rij].classList.remove("gekozen");
    rij = Math.max(0, Math.min(r.length - 1, n));
    r[rij].classList.add("gekozen");
    var link = r[rij].querySelector("a");
    (link || r[rij]).focus();
  }
  document.addEventListener("keydown", function (e) {
    var zoek = document.getElementById("mw-q");
    // "/" in an empty search box (the start page focuses one) also means: search, not a slash.
    if (e.key === "/" && e.target && e.target.type === "search" && !e.target.value) { e.preventDefault(); return; }
    if (e.ctrlKey || e.metaKey || e.altKey || typen(e)) return;
    if (e.key === "/" && zoek) { e.preventDefault(); zoek.focus(); zoek.select(); }
    else if (e.key === "j") { kies(rij + 1); }
    else if (e.key === "k") { kies(rij - 1); }
    else if (e.key === "c") {
      var contact = document.getElementById("actie-contact");
      if (contact) { e.preventDefault(); contact.open = true; var veld = contact.querySelector("select, input, textarea"); if (veld) veld.focus(); }
    } else {
      var doel = document.querySelector("[data-toets='" + e.key + "']");
      if (doel) { e.preventDefault(); window.location = doel.href; }
    }
  });
})();
