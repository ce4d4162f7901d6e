// "Add a KPI", "Add an initiative" and "Remove" for the plan editor's row formsets.
//
// Without JavaScript the editor still works: the server renders two empty rows of each kind
// and a "Remove" checkbox per row. With it, a row is added by cloning the formset's empty form
// (kept in a <template>, its fields numbered __prefix__) and raising TOTAL_FORMS, and a row
// is removed by ticking its DELETE box and hiding it, so the server drops it on the next save.
// Both fire a "change" event on the form, which autosave.js listens to; the new fields are
// inside the form, so autosave sends them with the rest.
(function () {
  "use strict";
  var form = document.getElementById("plan-form");
  if (!form) return;

  function management(prefix, name) {
    return form.querySelector("input[name='" + prefix + "-" + name + "']");
  }

  function announceChange(element) {
    element.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function offerRemoveButtons(root) {
    root.querySelectorAll("[data-formset-delete]").forEach(function (box) {
      box.hidden = true;
    });
    root.querySelectorAll("[data-formset-remove]").forEach(function (button) {
      button.hidden = false;
    });
  }

  function updateAddButton(prefix) {
    var button = form.querySelector("[data-formset-add='" + prefix + "']");
    var total = management(prefix, "TOTAL_FORMS");
    var max = management(prefix, "MAX_NUM_FORMS");
    if (button && total && max) button.disabled = Number(total.value) >= Number(max.value);
  }

  function addRow(prefix) {
    var template = form.querySelector("template[data-formset-empty='" + prefix + "']");
    var rows = form.querySelector("[data-formset-rows='" + prefix + "']");
    var total = management(prefix, "TOTAL_FORMS");
    if (!template || !rows || !total) return;
    var index = Number(total.value);
    var holder = document.createElement(rows.tagName === "TBODY" ? "tbody" : "div");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
    var row = holder.firstElementChild;
    offerRemoveButtons(row);
    rows.appendChild(row);
    total.value = String(index + 1);
    updateAddButton(prefix);
    var first = row.querySelector("input:not([type='hidden']), textarea, select");
    // Rows added to put back text kept in the browser (plan_local_copy.js) do not take focus.
    if (first && !form.dataset.restoring) first.focus();
    announceChange(total);
  }

  function removeRow(button) {
    var row = button.closest("[data-formset-row]");
    if (!row) return;
    var checkbox = row.querySelector("[data-formset-delete] input[type='checkbox']");
    if (!checkbox) return;
    checkbox.checked = true;
    row.hidden = true;
    var section = row.closest("[data-formset-rows]");
    var add = section && form.querySelector("[data-formset-add='" + section.dataset.formsetRows + "']");
    if (add) add.focus();
    announceChange(checkbox);
  }

  form.querySelectorAll("[data-formset-add]").forEach(function (button) {
    button.hidden = false;
    updateAddButton(button.dataset.formsetAdd);
    button.addEventListener("click", function () {
      addRow(button.dataset.formsetAdd);
    });
  });
  form.querySelectorAll("[data-formset-rows]").forEach(offerRemoveButtons);
  form.addEventListener("click", function (event) {
    var button = event.target.closest("[data-formset-remove]");
    if (button) removeRow(button);
  });
})();
