// Autosave for the DX plan editor.
//
// A few seconds after the last keystroke, and whenever the page is hidden or left, the whole
// form is posted to the autosave address. The reply carries the plan's new revision, which is
// written back into the form, so the next save (and the "Save draft" button) builds on it.
// A 409 means the plan was saved elsewhere: autosave stops and says so, and nothing typed
// here is touched, so the person can compare, reload, or save over it deliberately.
// A 401 (the session is gone) or a JSON 403 (the CSRF token is stale) stops it too, and tells
// plan_local_copy.js, which keeps the text in this browser and shows the banner at once.
(function () {
  "use strict";
  var form = document.getElementById("plan-form");
  if (!form || !form.dataset.autosaveUrl) return;
  var url = form.dataset.autosaveUrl;
  var status = document.getElementById("autosave-status");
  var revisionInput = form.querySelector("input[name='plan-expected_revision']");
  var DELAY_MS = 3000;
  var timer = null;
  var dirty = false;
  var inFlight = false;
  var stopped = false;
  var failed = false; // the last save was refused or did not arrive: what is shown is unsaved
  var submitting = false;

  function show(text, kind) {
    if (!status) return;
    status.textContent = text;
    status.className = "small " + (kind === "error" ? "text-danger fw-semibold" :
      kind === "warning" ? "text-warning-emphasis fw-semibold" : "text-body-secondary");
  }

  function body() {
    var data = new FormData(form);
    data.delete("submit_workshop");
    return data;
  }

  // The checklist above the form and the submit buttons follow what was just saved.
  function showGaps(gaps) {
    var checklist = document.getElementById("plan-checklist");
    if (!checklist || !gaps) return;
    var list = checklist.querySelector("[data-checklist-items]");
    var summary = checklist.querySelector("[data-checklist-summary]");
    list.replaceChildren.apply(list, gaps.map(function (gap) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + gap.anchor;
      link.textContent = gap.message;
      item.appendChild(link);
      return item;
    }));
    if (!gaps.length) summary.textContent = checklist.dataset.completeText;
    else if (summary.dataset.lastCount !== String(gaps.length)) {
      summary.textContent = checklist.dataset.missingText.replace("{count}", gaps.length);
    }
    summary.dataset.lastCount = String(gaps.length);
    checklist.classList.toggle("border-warning", gaps.length > 0);
    checklist.classList.toggle("border-success", gaps.length === 0);
    document.querySelectorAll("[data-submit-workshop]").forEach(function (button) {
      button.disabled = gaps.length > 0;
    });
  }

  // A refused save names its fields: they are marked, and the page goes to the first one,
  // unless the person is still typing in that field's row (a half-filled row is refused
  // until it is finished; jumping away from it then would only get in the way).
  var marked = [];
  function showErrors(errors) {
    marked.forEach(function (element) { element.classList.remove("is-invalid"); });
    marked = [];
    (errors || []).forEach(function (error) {
      var element = error.id && document.getElementById(error.id);
      if (!element) return;
      if (element.matches("input, select, textarea")) element.classList.add("is-invalid");
      marked.push(element);
    });
    var first = marked[0];
    if (!first) return;
    var row = first.closest("[data-formset-row]");
    var active = document.activeElement;
    if (active === first || (row && row.contains(active))) return;
    first.scrollIntoView({ block: "center" });
    // Focus follows only when nothing else is being typed in, so no keystroke lands elsewhere.
    if (!active || !active.matches("input, select, textarea")) first.focus({ preventScroll: true });
  }

  function tell(name, detail) {
    form.dispatchEvent(new CustomEvent(name, { detail: detail }));
  }

  function handle(reply) {
    inFlight = false;
    if (reply.json.ok) {
      revisionInput.value = reply.json.revision;
      failed = false;
      show(status.dataset.saved + " " + reply.json.saved_at, "ok");
      showErrors([]);
      showGaps(reply.json.gaps);
      tell("plan-autosave:saved", { pending: dirty });
    } else if (reply.json.signed_out || reply.json.csrf_failed) {
      stopped = true;
      show(reply.json.message, "error");
      tell("plan-autosave:signed-out", { reason: reply.json.signed_out ? "session" : "page" });
      // Leaving to sign in again loses nothing when the browser keeps the text.
      failed = form.dataset.localCopy !== "kept";
    } else if (reply.status === 409) {
      stopped = true;
      failed = true;
      show(reply.json.message, "warning");
    } else {
      failed = true;
      show(reply.json.message, "error");
      showErrors(reply.json.errors);
    }
    if (dirty && !stopped) schedule();
  }

  function post(keepalive) {
    inFlight = true;
    dirty = false;
    return fetch(url, {
      method: "POST",
      body: body(),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
      keepalive: keepalive,
    })
      .then(function (response) {
        return response.json().then(function (json) {
          return { status: response.status, json: json };
        });
      })
      .then(handle)
      .catch(function () {
        inFlight = false;
        dirty = true;
        failed = true;
        show(status.dataset.failed, "error");
      });
  }

  function save() {
    timer = null;
    if (!dirty || inFlight || stopped) return;
    post(false);
  }

  function schedule() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, DELAY_MS);
  }

  function changed() {
    if (form.dataset.restoring) return; // text put back from this browser: reviewed first
    dirty = true;
    schedule();
  }

  // The page is hidden or left: send what is unsaved now, with keepalive so that the request
  // outlives a closed page. When the page stays (another tab was chosen), its reply is read like
  // any other: the next save then builds on the new revision instead of meeting its own save
  // as a conflict. A save still under way carries the changes up to its start; the rest follow
  // when it answers.
  function flush() {
    if (!dirty || inFlight || stopped) return;
    if (timer) clearTimeout(timer);
    timer = null;
    try {
      post(true);
    } catch (error) {
      if (navigator.sendBeacon) navigator.sendBeacon(url, body());
    }
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  // A deliberate save or submit goes through the form itself; nothing is left to autosave.
  form.addEventListener("submit", function () {
    submitting = true;
    dirty = false;
    stopped = true;
    if (timer) clearTimeout(timer);
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") flush();
  });
  window.addEventListener("pagehide", flush);
  // Leaving while the last save was refused (a half-filled row, a conflict) or failed would lose
  // what was typed since: the browser asks first.
  window.addEventListener("beforeunload", function (event) {
    if (submitting || !failed) return;
    event.preventDefault();
    event.returnValue = "";
  });
})();
