// Follows a cohort's bulk issuing on the eligibility page: asks the server every two seconds how
// many certificates are ready, moves the bar, and reloads the page once all are, so the table
// shows the new serial numbers. Without JavaScript the page's "Refresh" link does the same.
(function () {
  "use strict";
  const section = document.getElementById("issuing-progress");
  if (!section) return;
  const bar = section.querySelector("[data-progress-bar]");
  const text = section.querySelector("[data-progress-text]");
  const template = text.dataset.template;

  function show(done, total) {
    bar.max = total;
    bar.value = done;
    text.textContent = template.replace("__DONE__", done).replace("__TOTAL__", total);
  }

  async function poll() {
    try {
      const response = await fetch(section.dataset.progressUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (response.ok) {
        const state = await response.json();
        if (!state.following || state.finished) {
          window.location.reload();
          return;
        }
        show(state.done, state.total);
      }
    } catch (error) {
      // A dropped connection: try again at the next tick.
    }
    window.setTimeout(poll, 2000);
  }

  window.setTimeout(poll, 2000);
})();
