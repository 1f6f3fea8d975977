// Warden HTML report: filters the findings table. Reads only data-* attributes and form controls; writes only
// the hidden flag of rows and a count, so nothing from the scan is ever parsed as HTML.
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll("#findings tbody tr"));
  var severityBoxes = Array.prototype.slice.call(document.querySelectorAll("input[name=severity]"));
  var fix = document.getElementById("filter-fix");
  var pkg = document.getElementById("filter-package");
  var text = document.getElementById("filter-text");
  var suppressed = document.getElementById("filter-suppressed");
  var shown = document.getElementById("shown-count");
  var empty = document.getElementById("no-rows");

  function apply() {
    var severities = {};
    severityBoxes.forEach(function (b) { severities[b.value] = b.checked; });
    var wanted = text.value.trim().toLowerCase();
    var visible = 0;
    rows.forEach(function (row) {
      var d = row.dataset;
      var keep = severities[d.severity] === true
        && (fix.value === "any" || (fix.value === "fixable") === (d.fixable === "true"))
        && (pkg.value === "" || pkg.value === d.package)
        && (suppressed.checked || d.suppressed !== "true")
        && (wanted === "" || d.text.indexOf(wanted) !== -1);
      row.hidden = !keep;
      if (keep) { visible++; }
    });
    shown.textContent = String(visible);
    empty.hidden = visible !== 0;
  }

  severityBoxes.forEach(function (b) { b.addEventListener("change", apply); });
  fix.addEventListener("change", apply);
  pkg.addEventListener("change", apply);
  text.addEventListener("input", apply);
  suppressed.addEventListener("change", apply);
  apply();
})();
