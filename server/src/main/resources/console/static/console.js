// Warden console: sorting of tables marked "sortable" and live filtering of rows. Every page works without this file
// (the filters are also query parameters); it only saves a round trip. No data is ever inserted as HTML.
"use strict";
(function () {
  function cellValue(row, index) {
    const cell = row.cells[index];
    if (!cell) return "";
    return cell.getAttribute("data-sort") || cell.textContent.trim();
  }
  function compare(a, b) {
    const na = Number(a), nb = Number(b);
    if (a !== "" && b !== "" && !Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
    return a.localeCompare(b);
  }
  function makeSortable(table) {
    const head = table.tHead;
    if (!head || !table.tBodies[0]) return;
    Array.from(head.rows[0].cells).forEach(function (th, index) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        const ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.from(head.rows[0].cells).forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const body = table.tBodies[0];
        const rows = Array.from(body.rows);
        rows.sort(function (x, y) {
          const r = compare(cellValue(x, index), cellValue(y, index));
          return ascending ? r : -r;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }
  function makeFilter(input) {
    const table = document.getElementById(input.getAttribute("data-filter-table"));
    if (!table || !table.tBodies[0]) return;
    const holder = input.closest("[data-filter-for]");
    if (holder) holder.hidden = false;
    input.addEventListener("input", function () {
      const needle = input.value.trim().toLowerCase();
      Array.from(table.tBodies[0].rows).forEach(function (row) {
        row.hidden = needle !== "" && row.textContent.toLowerCase().indexOf(needle) < 0;
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("table.sortable").forEach(makeSortable);
    document.querySelectorAll("input[data-filter-table]").forEach(makeFilter);
  });
})();
