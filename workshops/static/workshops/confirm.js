// Asks before a step that cannot be undone: a button with data-confirm="…" submits its form only
// once the person has said yes (handing in a plan version, releasing or returning feedback).
// Listened to in the capture phase, so a "no" stops the submit before the form's own listeners
// (autosave stops itself on submit) hear of it. Without JavaScript the form submits as before.
(function () {
  "use strict";
  document.addEventListener(
    "submit",
    function (event) {
      var button = event.submitter;
      if (!button || !button.dataset.confirm) return;
      if (!window.confirm(button.dataset.confirm)) {
        event.preventDefault();
        event.stopPropagation();
      }
    },
    true
  );
})();
