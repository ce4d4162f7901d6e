// The phone's scoring page: follows the running order by polling the event's state (no page
// reload), shows a card for each presenter open to this judge, saves every change, and keeps
// what was typed in localStorage until the server has it, so a lost connection loses nothing.
(function () {
  "use strict";
  var config = document.getElementById("scoring-config");
  if (!config) return;
  var text = function (name) { return config.dataset["text" + name]; };
  var storageKey = config.dataset.storageKey;
  var container = document.getElementById("open-presenters");
  var template = document.getElementById("score-card");
  var stage = document.getElementById("stage");
  var connection = document.getElementById("connection");
  var POLL_MS = 3000;
  var cards = {};  // presenter id -> {element, timer}

  function drafts() {
    try { return JSON.parse(localStorage.getItem(storageKey) || "{}"); } catch (e) { return {}; }
  }
  function keepDraft(id, draft) {
    var all = drafts();
    if (draft) { all[id] = draft; } else { delete all[id]; }
    try { localStorage.setItem(storageKey, JSON.stringify(all)); } catch (e) { /* private mode */ }
  }

  function read(form) {
    var scores = {};
    form.querySelectorAll("input[type=radio]:checked").forEach(function (input) {
      scores[input.name] = parseInt(input.value, 10);
    });
    return { scores: scores, comment: form.elements.comment.value };
  }
  function fill(form, entry) {
    form.querySelectorAll("input[type=radio]").forEach(function (input) {
      input.checked = entry.scores && entry.scores[input.name] === parseInt(input.value, 10);
    });
    form.elements.comment.value = entry.comment || "";
  }
  function say(card, message, isError) {
    var line = card.element.querySelector("[data-field=saved]");
    line.textContent = message;
    line.classList.toggle("text-danger", !!isError);
  }

  function save(id) {
    var card = cards[id];
    if (!card) return;
    var entry = read(card.form);
    keepDraft(id, { scores: entry.scores, comment: entry.comment, dirty: true });
    say(card, text("Saving"));
    fetch(config.dataset.saveUrl.replace(/0\/$/, id + "/"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": config.dataset.csrf },
      body: JSON.stringify(entry)
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, status: response.status, body: body }; });
    }).then(function (result) {
      if (result.ok) {
        var current = read(card.form);
        // Only forget the draft if nothing changed while the request was on its way.
        if (JSON.stringify(current) === JSON.stringify(entry)) keepDraft(id, null);
        say(card, text("Saved") + " " + new Date(result.body.updated_at).toLocaleTimeString());
      } else {
        say(card, result.body.error || text("Unsaved"), true);
        if (result.status === 409) keepDraft(id, null);
      }
    }).catch(function () {
      say(card, text("Unsaved"), true);
    });
  }

  function build(presenter) {
    var holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.replace(/__P__/g, String(presenter.id));
    var element = holder.firstElementChild;
    element.dataset.presenter = presenter.id;
    element.querySelector("[data-field=name]").textContent = presenter.name;
    element.querySelector("[data-field=company]").textContent = presenter.company;
    element.querySelector("[data-field=plan-title]").textContent = presenter.plan_title;
    var form = element.querySelector("[data-field=form]");
    var card = { element: element, form: form, timer: null };
    if (presenter.own) {
      form.hidden = true;
      element.querySelector("[data-field=own]").hidden = false;
    } else {
      var draft = drafts()[presenter.id];
      if (draft && draft.dirty) {
        fill(form, draft);
      } else if (presenter.saved) {
        fill(form, presenter.saved);
        card.savedAt = presenter.saved.updated_at;
      }
      form.addEventListener("change", function (event) {
        if (event.target.type === "radio") save(presenter.id);
      });
      form.addEventListener("input", function (event) {
        if (event.target.name !== "comment") return;
        var entry = read(form);
        keepDraft(presenter.id, { scores: entry.scores, comment: entry.comment, dirty: true });
        clearTimeout(card.timer);
        card.timer = setTimeout(function () { card.timer = null; save(presenter.id); }, 1200);
      });
      form.addEventListener("submit", function (event) { event.preventDefault(); save(presenter.id); });
    }
    cards[presenter.id] = card;
    if (!presenter.own && draft && draft.dirty) save(presenter.id);
    return element;
  }

  function render(state) {
    if (state.status === "planned") {
      stage.textContent = text("Planned");
    } else if (state.status === "ended") {
      stage.textContent = text("Ended");
    } else if (state.current) {
      stage.textContent = text("OnStage") + " " + state.current.name + " — " + state.current.company;
    } else {
      stage.textContent = text("Between");
    }
    var open = state.open || [];
    var wanted = {};
    open.forEach(function (presenter) { wanted[presenter.id] = presenter; });
    Object.keys(cards).forEach(function (id) {
      if (!wanted[id]) {
        cards[id].element.remove();
        delete cards[id];
      }
    });
    // The presenter on stage first, then the one whose scoring is still open.
    open.forEach(function (presenter) {
      var card = cards[presenter.id];
      var element = card ? card.element : build(presenter);
      element.querySelector("[data-field=on-stage]").hidden = !presenter.on_stage;
      container.appendChild(element);
    });
    var empty = container.querySelector(".no-presenter");
    if (!open.length && state.status === "running") {
      if (!empty) {
        empty = document.createElement("p");
        empty.className = "no-presenter";
        empty.textContent = text("None");
        container.appendChild(empty);
      }
    } else if (empty) {
      empty.remove();
    }
  }

  // A draft still on this phone (sent while offline) goes again with each poll.
  function retryPending() {
    var pending = drafts();
    Object.keys(pending).forEach(function (id) {
      if (cards[id] && pending[id].dirty && !cards[id].timer) save(id);
    });
  }

  var revision = null;
  function poll() {
    var address = config.dataset.stateUrl + (revision === null ? "" : "?revision=" + revision);
    fetch(address, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (state) {
        connection.hidden = true;
        if (!state.unchanged) render(state);
        revision = state.revision;
        retryPending();
      })
      .catch(function () { connection.hidden = false; })
      .finally(function () { setTimeout(poll, POLL_MS); });
  }

  var initial = JSON.parse(document.getElementById("presentation-state").textContent);
  render(initial);
  revision = initial.revision;
  setTimeout(poll, POLL_MS);
})();
