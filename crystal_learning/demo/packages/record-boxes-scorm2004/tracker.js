/* The SCORM 2004 (4th edition) side of the record boxes exercise: find
   API_1484_11 in this window or a parent, keep the ticks for resume in
   cmi.suspend_data, and record each box as an interaction with the score. */
(function () {
  "use strict";

  var api = null;
  var startedAt = Date.now();
  var recording = true;
  var terminated = false;
  var submitted = false;

  function findApi(win) {
    for (var depth = 0; win && depth < 10; depth += 1) {
      try {
        if (win.API_1484_11) { return win.API_1484_11; }
      } catch (error) {
        // A parent on another origin cannot be read: look no further up.
        return null;
      }
      if (!win.parent || win.parent === win) { return null; }
      win = win.parent;
    }
    return null;
  }

  function apiWhenReady() {
    // The runtime may finish loading just after this page's own scripts.
    return new Promise(function (resolve) {
      var tries = 0;
      (function look() {
        var found = findApi(window) || (window.opener ? findApi(window.opener) : null);
        if (found || tries >= 50) { resolve(found); return; }
        tries += 1;
        window.setTimeout(look, 100);
      })();
    });
  }

  function problem() {
    var code = api.GetLastError();
    return api.GetErrorString(code) + " (" + code + ")";
  }

  function set(element, value) {
    if (String(api.SetValue(element, String(value))) !== "true") {
      throw new Error("the learning system refused " + element + ": " + problem() + ".");
    }
  }

  function commit() {
    if (String(api.Commit("")) !== "true") {
      throw new Error("the learning system could not save: " + problem() + ".");
    }
  }

  function sessionTime() {
    var seconds = Math.max(0, (Date.now() - startedAt) / 1000);
    return "PT" + (Math.round(seconds * 100) / 100) + "S";
  }

  function timestamp() {
    // SCORM's time type allows at most two decimals of a second.
    return new Date().toISOString().slice(0, 22) + "Z";
  }

  function start() {
    return apiWhenReady().then(function (found) {
      api = found;
      if (!api) {
        throw new Error("This exercise cannot find the learning system (the SCORM 2004 " +
          "API): your answers will not be saved.");
      }
      if (String(api.Initialize("")) !== "true") {
        throw new Error("The learning system did not start this exercise: " + problem() + ".");
      }
      var mode = api.GetValue("cmi.mode");
      recording = mode !== "browse" && mode !== "review";
      var passMark = parseFloat(api.GetValue("cmi.scaled_passing_score"));
      var ticked = null;
      var note = recording ? "Connected: your result will be saved."
        : "Review mode: you can try the exercise, but nothing is recorded.";
      if (api.GetValue("cmi.entry") === "resume") {
        try {
          ticked = JSON.parse(api.GetValue("cmi.suspend_data") || "{}").ticked || null;
        } catch (error) {
          ticked = null;
        }
        if (ticked) { note = "Welcome back: your ticks from last time are kept."; }
      }
      if (recording && api.GetValue("cmi.completion_status") !== "completed") {
        set("cmi.completion_status", "incomplete");
        set("cmi.location", "question");
      }
      return { ticked: ticked, note: note, passMark: isNaN(passMark) ? undefined : passMark };
    });
  }

  function progress(ticked) {
    if (!api || !recording || terminated) { return; }
    try {
      set("cmi.suspend_data", JSON.stringify({ ticked: ticked }));
      commit();
    } catch (error) {
      // Resume is a convenience: the result itself is checked when it is recorded.
    }
  }

  function interactionsRecord(outcome) {
    var first = parseInt(api.GetValue("cmi.interactions._count"), 10) || 0;
    outcome.answers.forEach(function (answer, offset) {
      var at = "cmi.interactions." + (first + offset) + ".";
      set(at + "id", "record-box-" + answer.box);
      set(at + "type", "true-false");
      set(at + "description", answer.label);
      set(at + "timestamp", timestamp());
      set(at + "correct_responses.0.pattern", String(answer.expected));
      set(at + "learner_response", String(answer.ticked));
      set(at + "weighting", "1");
      set(at + "result", answer.correct ? "correct" : "incorrect");
    });
  }

  function record(outcome) {
    if (!recording) {
      return Promise.resolve("Nothing was recorded. Go back to the module.");
    }
    try {
      var passMark = parseFloat(api.GetValue("cmi.scaled_passing_score"));
      var passed = outcome.scaled >= (isNaN(passMark) ? 0.8 : passMark);
      interactionsRecord(outcome);
      set("cmi.score.scaled", outcome.scaled);
      set("cmi.score.raw", outcome.correct);
      set("cmi.score.min", 0);
      set("cmi.score.max", outcome.total);
      set("cmi.success_status", passed ? "passed" : "failed");
      set("cmi.completion_status", "completed");
      set("cmi.progress_measure", 1);
      set("cmi.location", "result");
      set("cmi.suspend_data", JSON.stringify({ ticked: outcome.answers
        .filter(function (a) { return a.ticked; }).map(function (a) { return a.box; }) }));
      set("cmi.exit", "normal");
      set("cmi.session_time", sessionTime());
      commit();
      submitted = true;
      finish();
    } catch (error) {
      return Promise.reject(error);
    }
    return Promise.resolve(passed
      ? "Your result is saved. Go back to the module to see it."
      : "Your result is saved. Go back to the module and start again to have another try.");
  }

  function finish() {
    if (terminated) { return; }
    terminated = true;
    if (String(api.Terminate("")) !== "true") {
      throw new Error("the learning system could not finish this attempt: " + problem() + ".");
    }
  }

  function leave() {
    if (!api || terminated) { return; }
    try {
      if (recording && !submitted) {
        set("cmi.exit", "suspend");
        set("cmi.session_time", sessionTime());
      }
      finish();
    } catch (error) {
      // The page is going away: nothing more can be shown.
    }
  }

  window.recordBoxesTracker = { start: start, progress: progress, record: record, leave: leave };
})();
