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

  function save() {
    timer = null;
    if (!dirty || inFlight || stopped) return;
    inFlight = true;
    dirty = false;
    fetch(url, {
      method: "POST",
      body: body(),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        return response.json().then(function (json) {
          return { status: response.status, json: json };
        });
      })
      .then(function (reply) {
        inFlight = false;
        if (reply.json.ok) {
          revisionInput.value = reply.json.revision;
          show(status.dataset.saved + " " + reply.json.saved_at, "ok");
        } else if (reply.status === 409) {
          stopped = true;
          show(reply.json.message, "warning");
        } else {
          show(reply.json.message, "error");
        }
        if (dirty && !stopped) schedule();
      })
      .catch(function () {
        inFlight = false;
        dirty = true;
        show(status.dataset.failed, "error");
      });
  }

  function schedule() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, DELAY_MS);
  }

  function changed() {
    dirty = true;
    schedule();
  }

  // Leaving the page: send what is unsaved with keepalive, so the request outlives the page.
  function flush() {
    if (!dirty || stopped) return;
    dirty = false;
    var data = body();
    try {
      fetch(url, { method: "POST", body: data, credentials: "same-origin", keepalive: true });
    } catch (error) {
      if (navigator.sendBeacon) navigator.sendBeacon(url, data);
    }
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  // A deliberate save or submit goes through the form itself; nothing is left to autosave.
  form.addEventListener("submit", function () {
    dirty = false;
    stopped = true;
    if (timer) clearTimeout(timer);
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") flush();
  });
  window.addEventListener("pagehide", flush);
})();
