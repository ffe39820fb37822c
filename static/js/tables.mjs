// Reflow (WCAG 2.2 1.4.10): on a narrow screen a data table of three or more columns shows
// each row as a block, every cell labelled with its column's header (the labels are CSS
// generated text, data-label; see .app-table--stacked in assets/application.scss). A table
// whose headers are not one plain row scrolls inside a labelled, focusable region instead.
// Without JavaScript every table scrolls inside itself on a narrow screen.
// On a wider screen (a tablet, a window of 641 to 900 pixels) a labelled table that is still
// wider than its column is shown as blocks too (app-table--too-wide), measured again when the
// window changes size, so that the page never scrolls sideways.

const ROLES = { TABLE: "table", THEAD: "rowgroup", TBODY: "rowgroup", TFOOT: "rowgroup",
  TR: "row", TD: "cell" };

function columnLabels(table) {
  const head = table.tHead;
  if (!head || head.rows.length !== 1) return null;
  const cells = [...table.querySelectorAll("th, td")];
  if (cells.some((cell) => cell.rowSpan > 1)) return null;
  const labels = [];
  for (const cell of head.rows[0].cells) {
    for (let i = 0; i < cell.colSpan; i += 1) labels.push(cell.textContent.trim().replace(/\s+/g, " "));
  }
  return labels;
}

// Table semantics are kept when the table's parts are displayed as blocks (some browsers
// drop them otherwise).
function keepSemantics(table) {
  for (const part of [table, ...table.querySelectorAll("thead, tbody, tfoot, tr, td")]) {
    if (!part.hasAttribute("role")) part.setAttribute("role", ROLES[part.tagName]);
  }
  for (const header of table.querySelectorAll("th")) {
    if (!header.hasAttribute("role")) {
      const inHead = header.closest("thead") !== null || header.scope === "col";
      header.setAttribute("role", inHead ? "columnheader" : "rowheader");
    }
  }
}

function stack(table, labels) {
  for (const body of table.tBodies) {
    for (const row of body.rows) {
      let column = 0;
      for (const cell of row.cells) {
        const empty = cell.textContent.trim() === "" && cell.children.length === 0;
        if (cell.colSpan === 1 && labels[column] && !empty) cell.dataset.label = labels[column];
        column += cell.colSpan;
      }
    }
  }
  keepSemantics(table);
  table.classList.add("app-table--stacked");
}

function scrollInside(table) {
  const region = document.createElement("div");
  region.className = "app-table-scroll";
  region.tabIndex = 0;
  region.setAttribute("role", "region");
  region.setAttribute("aria-label", table.caption?.textContent.trim() || "Table");
  table.before(region);
  region.append(table);
}

function columns(table) {
  return Math.max(0, ...[...table.rows].map((row) =>
    [...row.cells].reduce((sum, cell) => sum + cell.colSpan, 0)));
}

function tooWide(table) {
  table.classList.remove("app-table--too-wide");
  const room = table.parentElement.getBoundingClientRect().right;
  if (table.getBoundingClientRect().right > room + 1 || table.scrollWidth > table.clientWidth + 1) {
    table.classList.add("app-table--too-wide");
  }
}

function fitStacked(root) {
  for (const table of root.querySelectorAll("table.app-table--stacked")) tooWide(table);
}

let fitting = null;

export function reflowTables(root = document) {
  for (const table of root.querySelectorAll("table.govuk-table")) {
    if (table.classList.contains("app-table--stacked") || columns(table) < 3
        || table.parentElement.classList.contains("app-table-scroll")) continue;
    const labels = columnLabels(table);
    if (labels === null) scrollInside(table);
    else stack(table, labels);
  }
  fitStacked(root);
  if (root === document && fitting === null) {
    fitting = 0;
    window.addEventListener("resize", () => {
      cancelAnimationFrame(fitting);
      fitting = requestAnimationFrame(() => fitStacked(document));
    });
  }
}
