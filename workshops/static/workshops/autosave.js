// Autosave for the DX plan editor.
//
// A few seconds after the last keystroke, and whenever the page is hidden or left, the whole
// form is posted to the autosave address. The reply carries the plan's new revision, which is
// written back into the form, so the next save (and the "Save draft" button) builds on it.
// A 409 means the plan was saved elsewhere: autosave stops and says so, and nothing typed
// here is touched, so the person can compare, reload, or save over it deliberately.
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

  function handle(reply) {
    inFlight = false;
    if (reply.json.ok) {
      revisionInput.value = reply.json.revision;
      failed = false;
      show(status.dataset.saved + " " + reply.json.saved_at, "ok");
    } else if (reply.status === 409) {
      stopped = true;
      failed = true;
      show(reply.json.message, "warning");
    } else {
      failed = true;
      show(reply.json.message, "error");
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
