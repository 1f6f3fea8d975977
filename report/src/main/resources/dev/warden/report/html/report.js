// Warden HTML report: filters the findings table. Reads only data-* attributes and form controls; writes only
// the hidden flag of rows and a count, so nothing from the scan is ever parsed as HTML.
(function () {
  "use strict";
  // the data attributes are read once: a filter over thousands of rows then touches only rows that change
  var rows = Array.prototype.slice.call(document.querySelectorAll("#findings tbody tr")).map(function (row) {
    var d = row.dataset;
    return { row: row, severity: d.severity, fixable: d.fixable === "true", pkg: d.package,
             suppressed: d.suppressed === "true", text: d.text };
  });
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
    rows.forEach(function (r) {
      var keep = severities[r.severity] === true
        && (fix.value === "any" || (fix.value === "fixable") === r.fixable)
        && (pkg.value === "" || pkg.value === r.pkg)
        && (suppressed.checked || !r.suppressed)
        && (wanted === "" || r.text.indexOf(wanted) !== -1);
      if (r.row.hidden === keep) { r.row.hidden = !keep; }
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
