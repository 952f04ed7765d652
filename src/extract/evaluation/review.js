// extract review page: sort the contents, filter articles and items, open the article a link points at.
"use strict";
(function () {
  const body = document.body;
  const onlyErrors = document.getElementById("errors-only");
  const kindSelect = document.getElementById("kind");
  const articles = Array.from(document.querySelectorAll("details.article"));
  const rows = Array.from(document.querySelectorAll("#contents tbody tr"));

  function errorsOf(element, kind) {
    return Number(element.dataset["errors" + kind.charAt(0).toUpperCase() + kind.slice(1)] || 0);
  }

  function apply() {
    const kind = kindSelect.value;
    const errors = onlyErrors.checked;
    body.dataset.kind = kind;
    body.classList.toggle("errors-only", errors);
    for (const article of articles) {
      article.hidden = errors && errorsOf(article, kind) === 0;
    }
    for (const row of rows) {
      row.hidden = errors && errorsOf(row, kind) === 0;
    }
    for (const item of document.querySelectorAll("[data-status][data-kind]")) {
      const otherKind = kind !== "all" && item.dataset.kind !== kind;
      item.hidden = otherKind || (errors && item.dataset.status === "matched");
    }
    const shown = articles.filter((a) => !a.hidden).length;
    document.getElementById("shown").textContent = shown + " of " + articles.length + " articles shown";
  }

  function sortBy(th) {
    const table = th.closest("table");
    const column = Array.from(th.parentNode.children).indexOf(th);
    const ascending = th.getAttribute("aria-sort") !== "ascending";
    for (const other of th.parentNode.children) other.removeAttribute("aria-sort");
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    const tbody = table.tBodies[0];
    const sorted = Array.from(tbody.rows).sort((a, b) => {
      const x = a.cells[column].dataset.v, y = b.cells[column].dataset.v;
      const nx = Number(x), ny = Number(y);
      const order = (x !== "" && y !== "" && !isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
      return ascending ? order : -order;
    });
    for (const row of sorted) tbody.appendChild(row);
  }

  function openTarget() {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id && document.getElementById(id);
    if (target && target.tagName === "DETAILS") {
      target.open = true;
      target.hidden = false;
      target.scrollIntoView();
    }
  }

  onlyErrors.addEventListener("change", apply);
  kindSelect.addEventListener("change", apply);
  for (const th of document.querySelectorAll("#contents th")) th.addEventListener("click", () => sortBy(th));
  document.getElementById("open-all").addEventListener("click", () => {
    for (const a of articles) if (!a.hidden) a.open = true;
  });
  document.getElementById("close-all").addEventListener("click", () => { for (const a of articles) a.open = false; });
  window.addEventListener("hashchange", openTarget);
  apply();
  openTarget();
})();
