// The plan editor keeps what is typed in this browser until the server has it.
//
// Every field of the form (sections, self-assessment, KPI and roadmap rows, with the number of
// rows) is copied to localStorage on each keystroke, under the enrolment, with the revision it was
// typed on. The copy goes only when the server confirms: an autosave answered 200 with nothing
// typed since, or the editor page after a full save or submit showing a newer revision than the
// one the copy was sent from. A save that never arrived (the session expired and the form went to
// the log-in page, or the CSRF token was stale) leaves the copy, and the editor opened again
// (after signing in, ?next= brings the person back) puts it into the form and says so, without
// saving it: the person reviews, then saves or discards. A copy typed on an older revision than
// the server's (the plan was saved elsewhere since) is offered, not put in.
// When autosave finds the sign-in gone (autosave.js sends "plan-autosave:signed-out"), the
// banner for it is shown at once; its texts are in the page, translated by the server.
(function () {
  "use strict";
  var form = document.getElementById("plan-form");
  if (!form || !form.dataset.localCopyKey) return;
  var key = form.dataset.localCopyKey;
  var revisionInput = form.querySelector("input[name='plan-expected_revision']");
  var SKIPPED = { csrfmiddlewaretoken: true, "plan-expected_revision": true, submit_workshop: true };
  var MANAGEMENT = /-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$/;
  var storage = null;
  try {
    storage = window.localStorage;
    storage.getItem(key);
  } catch (error) {
    storage = null; // storage switched off: the editor works as before, without the copy
  }
  if (!storage) return;

  function revision() {
    return Number(revisionInput && revisionInput.value) || 0;
  }

  function fields() {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      var name = element.name;
      if (!name || SKIPPED[name] || /^(file|submit|button|reset)$/.test(element.type)) return;
      if (element.type === "checkbox") values[name] = element.checked;
      else if (element.type === "radio") { if (element.checked) values[name] = element.value; }
      else values[name] = element.value;
    });
    return values;
  }

  function read() {
    try {
      var copy = JSON.parse(storage.getItem(key));
      return copy && typeof copy.fields === "object" ? copy : null;
    } catch (error) {
      return null;
    }
  }

  // Set once the server said the session or the page is gone: what is typed after that is
  // known not to have reached it.
  var signedOut = false;

  function write(sent) {
    try {
      storage.setItem(key, JSON.stringify({
        revision: revision(), fields: fields(), at: Date.now(), sent: Boolean(sent),
        signedOut: signedOut,
      }));
      form.dataset.localCopy = "kept";
    } catch (error) {
      delete form.dataset.localCopy; // full or refused: autosave then asks before leaving
    }
  }

  function clear() {
    storage.removeItem(key);
    delete form.dataset.localCopy;
  }

  // "1,000" shown by the server and "1000" typed are the same figure.
  function same(a, b) {
    if (a === b) return true;
    if (typeof a === "boolean" || typeof b === "boolean") return Boolean(a) === Boolean(b);
    var x = String(a).replace(/,/g, "").trim();
    var y = String(b).replace(/,/g, "").trim();
    return x === y || (x !== "" && y !== "" && !isNaN(x) && !isNaN(y) && Number(x) === Number(y));
  }

  function differing(copy) {
    var now = fields();
    return Object.keys(copy.fields).filter(function (name) {
      return !MANAGEMENT.test(name) && !same(copy.fields[name], now[name] === undefined ? "" : now[name]);
    });
  }

  function addRowsFor(copy) {
    Object.keys(copy.fields).forEach(function (name) {
      var match = /^(.*)-TOTAL_FORMS$/.exec(name);
      if (!match) return;
      var prefix = match[1];
      var total = form.querySelector("input[name='" + name + "']");
      var add = form.querySelector("[data-formset-add='" + prefix + "']");
      var wanted = Number(copy.fields[name]);
      while (total && add && !add.disabled && Number(total.value) < wanted) add.click();
    });
  }

  function put(copy) {
    var changed = 0;
    // Autosave ignores what this does: the person reviews the text before it is saved.
    form.dataset.restoring = "1";
    try {
      addRowsFor(copy);
      Object.keys(copy.fields).forEach(function (name) {
        if (MANAGEMENT.test(name)) return;
        var element = form.elements.namedItem(name);
        if (!element) return;
        var value = copy.fields[name];
        if (element.type === "checkbox") {
          if (element.checked === Boolean(value)) return;
          element.checked = Boolean(value);
          var row = element.closest("[data-formset-row]");
          if (row && element.closest("[data-formset-delete]")) row.hidden = element.checked;
        } else if (element.length !== undefined && element.tagName !== "SELECT") {
          return; // a group of radios: the plan has none
        } else {
          if (same(element.value, value)) return;
          element.value = value;
        }
        changed += 1;
      });
      var horizon = form.querySelector("select[name='plan-horizon_years']");
      if (horizon) horizon.dispatchEvent(new Event("change", { bubbles: true }));
    } finally {
      delete form.dataset.restoring;
    }
    return changed;
  }

  function notice(id, count) {
    var box = document.getElementById(id);
    if (!box) return;
    box.querySelector("[data-local-copy-text]").textContent = box.dataset.text.replace("{count}", count);
    box.hidden = false;
    box.setAttribute("tabindex", "-1");
    // After the page has settled (rows added for the restore take focus as they come).
    window.requestAnimationFrame(function () {
      box.scrollIntoView({ block: "center" });
      box.focus({ preventScroll: true });
    });
  }

  function hideNotices() {
    ["local-copy-restored", "local-copy-older"].forEach(function (id) {
      var box = document.getElementById(id);
      if (box) box.hidden = true;
    });
  }

  function restore(copy) {
    hideNotices();
    notice("local-copy-restored", put(copy));
    // Kept as it was typed, on its revision: the copy goes when the server has it.
  }

  // What this page shows against what the browser kept.
  var copy = read();
  if (copy) {
    if (form.dataset.serverCopy !== "saved") {
      // The server sent back what was posted (a refused save, a conflict): that is the text.
      write(false);
    } else if (copy.sent && revision() > copy.revision) {
      clear(); // the full save or submit went through
    } else {
      var names = differing(copy);
      if (!names.length) clear();
      // Put back at once only what is known not to have reached the server (a save or submit
      // posted, or typed after the session or page was gone). Any other copy may differ only
      // because the server renumbered the rows it saved: it is offered, never put in.
      else if (copy.revision >= revision() && (copy.sent || copy.signedOut)) restore(copy);
      else {
        notice("local-copy-older", names.length);
        document.querySelector("[data-local-copy-restore]").addEventListener("click", function () {
          restore(copy);
        });
      }
    }
  }

  document.querySelectorAll("[data-local-copy-discard]").forEach(function (button) {
    button.addEventListener("click", function () {
      clear();
      window.location.reload();
    });
  });

  function typed() {
    if (form.dataset.restoring) return;
    write(false);
  }
  form.addEventListener("input", typed);
  form.addEventListener("change", typed);
  // A full save or submit: kept until the page after it shows the new revision.
  form.addEventListener("submit", function () { write(true); });

  form.addEventListener("plan-autosave:saved", function (event) {
    if (event.detail && event.detail.pending) write(false);
    else clear();
  });
  form.addEventListener("plan-autosave:signed-out", function (event) {
    signedOut = true;
    write(false);
    var banner = document.getElementById(
      event.detail && event.detail.reason === "page" ? "stale-page-banner" : "signed-out-banner"
    );
    if (banner) banner.hidden = false;
  });
})();
