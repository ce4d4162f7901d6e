// The grading screen's running total: as levels are chosen, the weighted score so far (the same
// rule as RubricVersion.weighted_percentage: each criterion's points over its maximum, weighted),
// with how many criteria are scored and, once all are, whether it reaches the pass mark.
(function () {
  "use strict";
  var form = document.getElementById("grading-form");
  var line = document.getElementById("running-total");
  if (!form || !line) return;
  var criteria = Array.prototype.slice.call(form.querySelectorAll("[data-criterion]"));

  function update() {
    var weights = 0;
    var achieved = 0;
    var scored = 0;
    criteria.forEach(function (fieldset) {
      var weight = Number(fieldset.dataset.weight) || 0;
      var maximum = Number(fieldset.dataset.max) || 0;
      var chosen = fieldset.querySelector("input[type='radio']:checked");
      weights += weight;
      if (!chosen) return;
      scored += 1;
      if (maximum) achieved += (weight * Number(chosen.value)) / maximum;
    });
    if (!weights) return;
    var percent = Math.round((achieved * 1000) / weights) / 10;
    var text = percent.toLocaleString(document.documentElement.lang || "ja") + "%";
    if (scored === criteria.length) {
      var pass = Number(line.dataset.pass);
      text += " · " + (percent >= pass ? line.dataset.passedText : line.dataset.belowText);
    }
    line.querySelector("[data-total]").textContent = text;
    line.querySelector("[data-scored]").textContent = form.dataset.scoredText
      .replace("{scored}", scored)
      .replace("{count}", criteria.length);
  }

  form.addEventListener("change", update);
  update();
})();
