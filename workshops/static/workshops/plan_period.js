// The plan editor follows its period at once: choosing 3, 4 or 5 years shows that many year
// columns (KPI targets, roadmap budgets) without a reload. The other years' inputs stay in the
// form, hidden with their values, so they are kept aside and come back when the period grows
// again; the server ignores them for the plan itself (they never block a save).
// Yen amounts get thousands separators as typed and, on the Japanese page, the figure in 万円.
(function () {
  "use strict";
  var form = document.getElementById("plan-form");
  if (!form) return;
  var horizon = form.querySelector("select[name='plan-horizon_years']");
  var japanese = (document.documentElement.lang || "").indexOf("ja") === 0;

  function showYears() {
    if (!horizon) return;
    var years = Number(horizon.value) || 3;
    form.querySelectorAll("[data-plan-year]").forEach(function (cell) {
      cell.classList.toggle("d-none", Number(cell.dataset.planYear) > years);
    });
  }

  function digits(text) {
    return text.normalize("NFKC").replace(/[,\s円¥]/g, "");
  }

  function hint(input) {
    var box = input.parentElement.querySelector("[data-yen-hint]");
    var value = digits(input.value);
    if (!box) return;
    box.textContent = japanese && /^\d+$/.test(value) && Number(value) >= 10000
      ? (Number(value) / 10000).toLocaleString("ja-JP", { maximumFractionDigits: 1 }) + "万円"
      : "";
  }

  function separate(input) {
    var value = digits(input.value);
    if (/^\d+$/.test(value)) input.value = Number(value).toLocaleString("en-US");
    hint(input);
  }

  // Any change, including a row added by formset_rows.js (cloned with every year's cell).
  form.addEventListener("change", showYears);
  form.addEventListener("input", function (event) {
    if (event.target.matches("[data-yen]")) hint(event.target);
  });
  form.addEventListener("focusout", function (event) {
    if (event.target.matches("[data-yen]")) separate(event.target);
  });
  form.querySelectorAll("[data-yen]").forEach(hint);
  showYears();
})();
