// Move focus to the error summary after a failed submit, so keyboard and screen-reader users
// land on the list of what to correct (WCAG 3.3.1). No inline script: the CSP forbids it.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-focus-on-load]");
  if (summary) summary.focus();
});

// On phones every .table shows its rows as cards (static/css/app.css); each cell gets its column
// heading as data-label so the card still says what each value is. Headings hidden from sight
// (an "Action" column) give no label; empty cells are marked so a card leaves them out. Runs again for content that htmx swaps in.
function labelTableCells(root) {
  const inside = root.closest ? root.closest("table.table") : null;
  const tables = inside ? [inside] : root.querySelectorAll ? root.querySelectorAll("table.table") : [];
  tables.forEach((table) => {
    const headings = [];
    table.querySelectorAll("thead tr:first-child th").forEach((th) => {
      const copy = th.cloneNode(true);
      copy.querySelectorAll(".visually-hidden").forEach((hidden) => hidden.remove());
      for (let i = 0; i < th.colSpan; i += 1) headings.push(copy.textContent.trim());
    });
    table.querySelectorAll("tbody tr").forEach((row) => {
      let column = 0;
      Array.from(row.cells).forEach((cell) => {
        if (cell.colSpan === 1 && headings[column] && !cell.hasAttribute("data-label")) {
          cell.setAttribute("data-label", headings[column]);
        }
        // An empty cell ("—") need not take a line of a phone card.
        if (["", "—"].includes(cell.textContent.trim()) && !cell.querySelector("input, select, button")) {
          cell.classList.add("cell--empty");
        }
        column += cell.colSpan;
      });
    });
  });
}
document.addEventListener("DOMContentLoaded", () => labelTableCells(document));
document.addEventListener("htmx:load", (event) => labelTableCells(event.detail.elt));
