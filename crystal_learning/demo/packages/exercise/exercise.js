/* The record boxes exercise. The learning system is reached only through
   window.recordBoxesTracker (tracker.js: cmi5 or SCORM 2004), which offers
   start(), progress(ticked), record(result) and leave(). */
(function () {
  "use strict";

  // For each record box: the right answer in this case and why.
  var KEY = [
    { box: "leaflet", label: "Victim of crime leaflet", yes: true,
      why: "Yes: give the leaflet at first contact in the format she asks for, here by text message." },
    { box: "contact_details", label: "Contact details left with the victim", yes: true,
      why: "Yes: you left your name, how to reach you and the crime reference number." },
    { box: "needs_assessment", label: "Victim needs assessment (VNA)", yes: true,
      why: "Yes: you asked the needs assessment questions; refer her to support within 2 working days if she wants it." },
    { box: "contact_plan", label: "Contact plan", yes: true,
      why: "Yes: text updates every two weeks, agreed with her. Any officer on the case can read and follow it." },
    { box: "vps", label: "Victim Personal Statement (VPS) offered", yes: true,
      why: "Yes: you offered her a Victim Personal Statement." },
    { box: "right_to_review", label: "Right to review (on NFA)", yes: false,
      why: "No, with the reason: the crime is still being investigated and nobody has been interviewed under caution." },
    { box: "compensation", label: "Compensation", yes: false,
      why: "No, with the reason: information about compensation is given when the crime is closed." }
  ];
  var DEFAULT_PASS = 0.8;

  var tracker = window.recordBoxesTracker;
  var form = document.getElementById("boxes-form");
  var checkButton = document.getElementById("check");
  var connection = document.getElementById("connection");
  var problem = document.getElementById("problem");
  var result = document.getElementById("result");
  var passMark = DEFAULT_PASS;

  function boxes() {
    return Array.prototype.slice.call(form.querySelectorAll("input[name=box]"));
  }

  function ticked() {
    return boxes().filter(function (input) { return input.checked; })
      .map(function (input) { return input.value; });
  }

  function showProblem(message) {
    problem.textContent = message;
    problem.hidden = false;
  }

  function percent(fraction) {
    return Math.round(fraction * 100) + "%";
  }

  function mark(chosen) {
    var answers = KEY.map(function (entry) {
      var tick = chosen.indexOf(entry.box) !== -1;
      return { box: entry.box, label: entry.label, ticked: tick, expected: entry.yes,
        correct: tick === entry.yes, why: entry.why };
    });
    var right = answers.filter(function (a) { return a.correct; }).length;
    var scaled = Math.round((right / answers.length) * 10000) / 10000;
    return { answers: answers, correct: right, total: answers.length, scaled: scaled,
      passed: scaled >= passMark };
  }

  function render(outcome, message) {
    document.getElementById("result-score").textContent =
      "You got " + outcome.correct + " of " + outcome.total + " right (" +
      percent(outcome.scaled) + "). " + (outcome.passed
        ? "You passed: the pass mark is " + percent(passMark) + "."
        : "Not passed yet: the pass mark is " + percent(passMark) + ".");
    var list = document.getElementById("result-feedback");
    list.textContent = "";
    outcome.answers.forEach(function (answer) {
      var item = document.createElement("li");
      item.className = answer.correct ? "is-right" : "is-wrong";
      var verdict = document.createElement("span");
      verdict.className = "exercise__verdict";
      verdict.textContent = answer.label + ": " + (answer.correct ? "right" : "not right") +
        " (you " + (answer.ticked ? "ticked it" : "left it unticked") + ")";
      item.appendChild(verdict);
      item.appendChild(document.createTextNode(answer.why));
      list.appendChild(item);
    });
    document.getElementById("result-next").textContent = message;
    result.hidden = false;
    result.focus();
  }

  // Where the learning system asks content to go when it ends (cmi5's
  // returnURL), when the tracker knows one.
  function offerExit() {
    var exit = document.getElementById("exit");
    if (!tracker || typeof tracker.exit !== "function" || !tracker.exitable()) {
      return;
    }
    exit.hidden = false;
    exit.addEventListener("click", function () { tracker.exit(); });
  }

  function lock() {
    boxes().forEach(function (input) { input.disabled = true; });
    checkButton.disabled = true;
  }

  form.addEventListener("change", function () {
    if (tracker) { tracker.progress(ticked()); }
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var outcome = mark(ticked());
    lock();
    if (!tracker) {
      render(outcome, "Your result was not saved: the learning system could not be reached.");
      return;
    }
    checkButton.textContent = "Saving your result…";
    tracker.record(outcome).then(function (message) {
      checkButton.textContent = "Answers checked";
      render(outcome, message);
      offerExit();
    }, function (error) {
      checkButton.textContent = "Answers checked";
      showProblem("Your result could not be saved: " + error.message);
      render(outcome, "Go back to the module and start the exercise again.");
    });
  });

  window.addEventListener("pagehide", function () {
    if (tracker) { tracker.leave(); }
  });

  checkButton.disabled = true;
  if (!tracker) {
    connection.textContent = "";
    showProblem("This exercise cannot reach the learning system: your answers will not be saved.");
    checkButton.disabled = false;
    return;
  }
  tracker.start().then(function (started) {
    if (typeof started.passMark === "number") { passMark = started.passMark; }
    (started.ticked || []).forEach(function (box) {
      var input = document.getElementById("box-" + box);
      if (input) { input.checked = true; }
    });
    connection.textContent = started.note;
    checkButton.disabled = false;
  }, function (error) {
    connection.textContent = "";
    showProblem(error.message);
  });
})();
