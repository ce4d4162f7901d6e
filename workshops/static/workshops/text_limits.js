// A counter under every text box that has a length limit ("1,234 / 8,000").
//
// The server renders `maxlength` (so that without JavaScript the browser stops at the limit)
// and `data-text-limit`. Here `maxlength` is lifted: a browser given `maxlength` silently cuts
// a pasted text at the limit, and what it cuts is lost. Instead the text is kept whole, the
// counter turns red with a message saying how much to shorten, and saving is refused by the
// server with the same limit, so nothing typed is lost on the way.
// Characters are counted as the server counts them: code points, a line end as one.
(function () {
  "use strict";
  var NEAR = 0.9; // the counter warns from 90% of the limit

  function length(text) {
    return Array.from(text).length;
  }

  function format(number) {
    return number.toLocaleString(document.documentElement.lang || undefined);
  }

  function attach(box) {
    if (box.dataset.textCounterReady) return;
    box.dataset.textCounterReady = "1";
    var limit = Number(box.dataset.textLimit);
    if (!limit) return;
    box.removeAttribute("maxlength");
    var counter = document.createElement("div");
    counter.id = (box.id || "text") + "-counter";
    counter.className = "form-text text-end";
    counter.setAttribute("data-text-counter", "");
    counter.setAttribute("aria-live", "polite");
    var count = document.createElement("span");
    count.setAttribute("data-text-count", "");
    var message = document.createElement("span");
    message.setAttribute("data-text-over-message", "");
    message.className = "ms-2";
    counter.append(count, message);
    box.insertAdjacentElement("afterend", counter);
    var described = (box.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    described.push(counter.id);
    box.setAttribute("aria-describedby", described.join(" "));

    var wasOver = false;
    function update() {
      var used = length(box.value);
      var over = used > limit;
      count.textContent = format(used) + " / " + format(limit);
      counter.classList.toggle("text-danger", over);
      counter.classList.toggle("fw-semibold", over);
      counter.classList.toggle("text-warning-emphasis", !over && used >= limit * NEAR);
      counter.toggleAttribute("data-over", over);
      box.classList.toggle("is-invalid", over);
      message.textContent = over
        ? (box.dataset.textOver || "").replace("{count}", format(used - limit))
        : "";
      // Only crossing the limit is announced, not every keystroke.
      counter.setAttribute("aria-live", over !== wasOver ? "assertive" : "off");
      wasOver = over;
    }
    box.addEventListener("input", update);
    update();
  }

  function attachAll(root) {
    root.querySelectorAll("textarea[data-text-limit]").forEach(attach);
  }

  attachAll(document);
  // Rows added by formset_rows.js bring their own text boxes.
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      change.addedNodes.forEach(function (node) {
        if (node.nodeType === 1) attachAll(node);
      });
    });
  }).observe(document.body, { childList: true, subtree: true });
})();
