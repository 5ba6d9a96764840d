// The release page's only script: inlined into index.html (allowed by its hash in the page's
// Content-Security-Policy). It sorts and filters the server-rendered tables and reveals the row
// a link points to; it reads nothing from the network but ../versions.json (same origin, for the
// withdrawn banner at the end) and writes no HTML, only text.
"use strict";
(function () {
  const boxes = new Map();

  function setUp(box) {
    const table = box.querySelector("table");
    const body = table.tBodies[0];
    const rows = Array.from(body.rows);
    const texts = new Map(rows.map((r) => [r, r.textContent.toLowerCase()]));
    const input = box.querySelector("input.filter");
    const count = box.querySelector(".count");
    const heads = Array.from(table.tHead.rows[0].cells);

    function filter() {
      const terms = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      let shown = 0;
      for (const row of rows) {
        const keep = terms.every((t) => texts.get(row).includes(t));
        row.hidden = !keep;
        if (keep) shown += 1;
      }
      // "1 row", "2 rows": the same words as plural() in page.py
      const noun = rows.length === 1 ? " row" : " rows";
      count.textContent =
        shown === rows.length ? rows.length + noun : shown + " of " + rows.length + noun;
      box.dataset.shown = String(shown);
    }

    function key(row, i) {
      const cell = row.cells[i];
      if (!cell) return "";
      return cell.dataset.num !== undefined ? cell.dataset.num : cell.textContent.trim();
    }

    function sortBy(th) {
      const i = heads.indexOf(th);
      const numeric = th.dataset.type === "num";
      const dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
      const sign = dir === "ascending" ? 1 : -1;
      for (const h of heads) if (h.hasAttribute("aria-sort")) h.setAttribute("aria-sort", "none");
      th.setAttribute("aria-sort", dir);
      const sorted = rows.slice().sort((a, b) => {
        const x = key(a, i);
        const y = key(b, i);
        if (numeric) {
          const p = parseFloat(x);
          const q = parseFloat(y);
          if (isNaN(p) || isNaN(q)) return isNaN(p) === isNaN(q) ? 0 : isNaN(p) ? 1 : -1; // blanks last
          return sign * (p - q);
        }
        if (x === "" || y === "") return x === y ? 0 : x === "" ? 1 : -1; // blanks last
        return sign * x.localeCompare(y, undefined, { numeric: true, sensitivity: "base" });
      });
      for (const row of sorted) body.appendChild(row);
    }

    input.addEventListener("input", filter);
    for (const th of heads) {
      const button = th.querySelector("button");
      if (button) button.addEventListener("click", () => sortBy(th));
    }
    input.hidden = false;
    filter();
    boxes.set(box, { input: input, filter: filter });
  }

  function reveal() {
    let id;
    try {
      id = decodeURIComponent(location.hash.slice(1));
    } catch (err) {
      return;
    }
    const target = id && document.getElementById(id);
    if (!target) return;
    const row = target.closest("tr");
    const box = target.closest(".datatable");
    if (row && row.hidden && box && boxes.has(box)) {
      const state = boxes.get(box);
      state.input.value = "";
      state.filter();
    }
    for (let d = target.closest("details"); d; d = d.parentElement.closest("details")) d.open = true;
    for (const old of document.querySelectorAll("tr.hi")) old.classList.remove("hi");
    if (row) row.classList.add("hi");
    target.scrollIntoView({ block: "center" });
  }

  for (const box of document.querySelectorAll(".datatable")) setUp(box);
  window.addEventListener("hashchange", reveal);
  reveal();
  document.documentElement.dataset.ready = "true";
})();

// A withdrawn version (`hotspots withdraw`): the page itself never changes, so it asks the
// registry beside it. Over http(s) only; the text goes in as text.
(function () {
  const banner = document.getElementById("withdrawn");
  if (!banner || !window.fetch || location.protocol === "file:") return;
  fetch("../versions.json", { cache: "no-store" })
    .then((r) => (r.ok ? r.json() : []))
    .then((entries) => {
      const mine = entries.find((e) => e.version === banner.dataset.version);
      if (!mine || mine.status !== "withdrawn") return;
      const info = mine.withdrawn || {};
      banner.textContent =
        `Version ${mine.version} was withdrawn on ${info.date || "?"}: ` +
        `${info.reason || "no reason recorded"}. Its files stay available to check and cite; ` +
        "use the latest version instead (All versions).";
      banner.hidden = false;
    })
    .catch(() => {});
})();

// The zip of the release holds this page, so the page cannot hold the zip's sha256 and size:
// they are read from the zip's .sha256 beside it (and the size from the server's answer to a
// HEAD request). Over http(s) only; the text goes in as text.
(function () {
  const cell = document.getElementById("zip-sha256");
  if (!cell || !window.fetch || location.protocol === "file:") return;
  fetch(cell.dataset.sidecar, { cache: "no-store" })
    .then((r) => (r.ok ? r.text() : ""))
    .then((text) => {
      const hash = text.split(/\s+/)[0];
      if (!/^[0-9a-f]{64}$/.test(hash)) return;
      const code = document.createElement("code");
      code.textContent = hash;
      cell.replaceChildren(code);
      return fetch(cell.dataset.zip, { method: "HEAD", cache: "no-store" });
    })
    .then((r) => {
      const n = r && r.ok ? Number(r.headers.get("Content-Length")) : 0;
      if (n > 0) {
        const size = document.getElementById("zip-size");
        size.textContent = n < 1000 ? `${n} B` : `${(n / 1e6 >= 1 ? n / 1e6 : n / 1e3).toFixed(1)} ${n / 1e6 >= 1 ? "MB" : "kB"}`;
        size.title = `${n} bytes`;
      }
    })
    .catch(() => {});
})();
