// Warden HTML report: filters and sorts the findings table. Reads only data-* attributes, cell text and form controls;
// writes only the hidden flag and order of rows, a count and the headers' aria-sort, so nothing from the scan is ever
// parsed as HTML.
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

  // a click (or Enter) on a header sorts by its column, again for the other direction; data-sort holds the value
  // to sort by where the text is not it (severity rank, scores), data-type="number" compares numbers
  var tbody = document.querySelector("#findings tbody");
  var headers = Array.prototype.slice.call(document.querySelectorAll("#findings thead th"));
  headers.forEach(function (th, index) {
    th.tabIndex = 0;
    th.classList.add("sortable");
    var numeric = th.dataset.type === "number";
    function key(r) {
      var cell = r.row.cells[index];
      var value = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent;
      return numeric ? parseFloat(value) : value.toLowerCase();
    }
    function sort() {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var order = x < y ? -1 : x > y ? 1 : 0;
        return ascending ? order : -order;
      });
      rows.forEach(function (r) { tbody.appendChild(r.row); });
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) { if (e.key === "Enter") { sort(); } });
  });

  severityBoxes.forEach(function (b) { b.addEventListener("change", apply); });
  fix.addEventListener("change", apply);
  pkg.addEventListener("change", apply);
  text.addEventListener("input", apply);
  suppressed.addEventListener("change", apply);
  apply();
})();
