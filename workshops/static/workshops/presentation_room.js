// The room view: a large countdown for the presenter on stage (presentation, then questions,
// then over time), who is next, and the one button that calls the next presenter. It polls the
// state so that a click on another device (the event page on a phone) shows here too; with
// "move on with the clock" it calls the next presenter itself when the questions' time is up,
// naming whom it saw on stage so that it and a click can never skip anyone.
(function () {
  "use strict";
  var config = document.getElementById("room-config");
  var text = function (name) { return config.dataset["text" + name]; };
  var clock = document.getElementById("room-clock");
  var phase = document.getElementById("room-phase");
  var form = document.getElementById("room-advance");
  var expected = document.getElementById("room-expected");
  var button = document.getElementById("room-next-button");
  var WARNING_SECONDS = 60;
  var state = JSON.parse(document.getElementById("presentation-state").textContent);
  var offset = 0;  // server clock minus this computer's clock, in ms
  var advancedFor = null;

  function syncClock(s) { offset = Date.parse(s.server_time) - Date.now(); }
  function set(id, value) { document.getElementById(id).textContent = value || ""; }
  function mmss(seconds) {
    var sign = seconds < 0 ? "+" : "";
    seconds = Math.abs(Math.round(seconds));
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return sign + m + ":" + (s < 10 ? "0" : "") + s;
  }

  function show(s) {
    state = s;
    syncClock(s);
    set("room-presenter", s.current ? s.current.name : (s.status === "planned" ? text("Planned") : s.status === "ended" ? text("Ended") : text("Between")));
    set("room-company", s.current ? s.current.company : "");
    set("room-plan", s.current ? s.current.plan_title : "");
    set("room-next", s.next ? s.next.name + " — " + s.next.company : "—");
    set("room-progress", s.total ? Math.min(s.done + (s.current ? 1 : 0), s.total) + " " + text("Of") + " " + s.total : "");
    expected.value = s.current ? s.current.id : 0;
    button.textContent = s.status === "planned" ? text("Start") : (s.next ? text("Next") : text("Finish"));
    button.hidden = s.status === "ended" || (s.status === "running" && !s.current && !s.next);
    tick();
  }

  function tick() {
    var s = state;
    clock.className = "room-clock";
    if (!s.current || !s.current_started_at) {
      clock.classList.add("is-idle");
      clock.textContent = "--:--";
      phase.textContent = "";
      return;
    }
    var elapsed = (Date.now() + offset - Date.parse(s.current_started_at)) / 1000;
    var remaining, label;
    if (elapsed < s.presenting_seconds) {
      remaining = s.presenting_seconds - elapsed;
      label = text("Presenting");
    } else {
      remaining = s.presenting_seconds + s.questions_seconds - elapsed;
      label = remaining >= 0 ? text("Questions") : text("Overtime");
    }
    clock.textContent = mmss(remaining);
    clock.classList.add(remaining < 0 ? "is-over" : remaining <= WARNING_SECONDS ? "is-warning" : "is-normal");
    phase.textContent = label;
    if (s.follows_clock && remaining < 0 && advancedFor !== s.current.id) {
      advancedFor = s.current.id;
      advance();
    }
  }

  function advance() {
    var body = new FormData(form);
    return fetch(form.action, { method: "POST", body: body, credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (s) { if (s.revision !== undefined) show(s); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    advance().finally(function () { button.disabled = false; });
  });

  function poll() {
    fetch(config.dataset.stateUrl + "?revision=" + state.revision, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (s) { if (s && !s.unchanged) show(s); })
      .catch(function () { /* the clock keeps running on its own */ })
      .finally(function () { setTimeout(poll, 2000); });
  }

  show(state);
  setInterval(tick, 250);
  setTimeout(poll, 2000);
})();
