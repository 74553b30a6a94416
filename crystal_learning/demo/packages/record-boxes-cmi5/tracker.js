/* The AU side of cmi5 for the record boxes exercise, written out in full: read the
   launch parameters, fetch the auth token once, read LMS.LaunchData, then send
   initialized, completed, passed or failed, and terminated. */
(function () {
  "use strict";

  var VERB = "http://adlnet.gov/expapi/verbs/";
  var CATEGORY_CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
  var CATEGORY_MOVEON = "https://w3id.org/xapi/cmi5/context/categories/moveon";
  // The AU's own state document: whether completed / passed were sent in this registration.
  var PROGRESS = "https://w3id.org/crystal-learning/packages/record-boxes/progress";

  var launch = null;      // endpoint, fetch, actor, registration, activityId
  var auth = null;        // "Basic ..." from the fetch URL
  var launchData = null;  // LMS.LaunchData
  var progress = { completed: false, passed: false };
  var startedAt = null;
  var finished = false;

  function fail(message) {
    return Promise.reject(new Error(message));
  }

  function launchParameters() {
    var query = new URLSearchParams(window.location.search);
    var names = ["endpoint", "fetch", "actor", "registration", "activityId"];
    var values = {};
    for (var i = 0; i < names.length; i += 1) {
      values[names[i]] = query.get(names[i]);
      if (!values[names[i]]) {
        throw new Error("This exercise was not launched by the learning system (no " +
          names[i] + " in its address). Go back and use the Start button.");
      }
    }
    try {
      values.actor = JSON.parse(values.actor);
    } catch (error) {
      throw new Error("The learning system sent an unreadable actor. Go back and start again.");
    }
    if (values.endpoint.slice(-1) !== "/") { values.endpoint += "/"; }
    return values;
  }

  function uuid() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" +
      hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function duration(since) {
    var seconds = Math.max(0, (Date.now() - since) / 1000);
    return "PT" + (Math.round(seconds * 100) / 100) + "S";
  }

  function xapi(method, resource, query, body, keepalive) {
    var url = launch.endpoint + resource + (query ? "?" + new URLSearchParams(query) : "");
    var init = {
      method: method,
      headers: { "X-Experience-API-Version": "1.0.3", "Authorization": auth },
      keepalive: Boolean(keepalive)
    };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(url, init).then(function (response) {
      if (response.ok || (method === "GET" && response.status === 404)) { return response; }
      return response.text().then(function (text) {
        throw new Error("the learning record store answered " + response.status +
          (text ? " (" + text.slice(0, 200) + ")" : "") + ".");
      });
    });
  }

  function stateQuery(stateId) {
    return {
      stateId: stateId,
      activityId: launch.activityId,
      agent: JSON.stringify(launch.actor),
      registration: launch.registration
    };
  }

  function tokenFetch() {
    return fetch(launch.fetch, { method: "POST" }).then(function (response) {
      if (!response.ok) {
        throw new Error("The learning system refused this launch (" + response.status +
          "). Go back and start the exercise again.");
      }
      return response.json();
    }).then(function (answer) {
      if (!answer["auth-token"]) {
        throw new Error("The learning system refused this launch: " +
          (answer["error-text"] || "no auth token") + ". Go back and start the exercise again.");
      }
      auth = "Basic " + answer["auth-token"];
    });
  }

  function statement(verb, result, moveOn) {
    var context = JSON.parse(JSON.stringify(launchData.contextTemplate || {}));
    context.registration = launch.registration;
    context.contextActivities = context.contextActivities || {};
    var category = context.contextActivities.category || [];
    if (!Array.isArray(category)) { category = [category]; }
    category.push({ id: CATEGORY_CMI5, objectType: "Activity" });
    if (moveOn) { category.push({ id: CATEGORY_MOVEON, objectType: "Activity" }); }
    context.contextActivities.category = category;
    var built = {
      id: uuid(),
      timestamp: new Date().toISOString(),
      actor: launch.actor,
      verb: { id: VERB + verb, display: { "en-US": verb } },
      object: { id: launch.activityId, objectType: "Activity" },
      context: context
    };
    if (result) { built.result = result; }
    return built;
  }

  function send(verb, result, moveOn, keepalive) {
    return xapi("POST", "statements", null, statement(verb, result, moveOn), keepalive);
  }

  function terminate(keepalive) {
    if (finished || !startedAt) { return Promise.resolve(); }
    finished = true;
    return send("terminated", { duration: duration(startedAt) }, false, keepalive);
  }

  function start() {
    try {
      launch = launchParameters();
    } catch (error) {
      return Promise.reject(error);
    }
    return tokenFetch().then(function () {
      return xapi("GET", "activities/state", stateQuery("LMS.LaunchData"));
    }).then(function (response) {
      if (response.status === 404) {
        throw new Error("The learning system has no launch data for this exercise.");
      }
      return response.json();
    }).then(function (data) {
      launchData = data;
      launchData.launchMode = launchData.launchMode || "Normal";
      return xapi("GET", "activities/state", stateQuery(PROGRESS));
    }).then(function (response) {
      return response.status === 404 ? null : response.json();
    }).then(function (saved) {
      if (saved) { progress = saved; }
      startedAt = Date.now();
      return send("initialized");
    }).then(function () {
      var mastery = launchData.masteryScore;
      var note = "Connected: your result will be saved.";
      if (launchData.launchMode !== "Normal") {
        note = launchData.launchMode + " mode: you can try the exercise, but nothing is recorded.";
      } else if (progress.passed) {
        note = "You have passed this exercise already: this try is for practice.";
      }
      return { ticked: null, note: note, passMark: typeof mastery === "number" ? mastery : undefined };
    }, function (error) {
      return fail(error.message.charAt(0).toUpperCase() + error.message.slice(1));
    });
  }

  function record(outcome) {
    var passMark = typeof launchData.masteryScore === "number" ? launchData.masteryScore : 0.8;
    var passed = outcome.scaled >= passMark;
    var chain = Promise.resolve();
    var recorded = launchData.launchMode === "Normal";
    if (recorded && !progress.completed) {
      chain = chain.then(function () {
        return send("completed", { completion: true, duration: duration(startedAt) }, true);
      }).then(function () { progress.completed = true; });
    }
    if (recorded && !progress.passed) {
      chain = chain.then(function () {
        return send(passed ? "passed" : "failed", {
          success: passed,
          score: { scaled: outcome.scaled, raw: outcome.correct, min: 0, max: outcome.total },
          duration: duration(startedAt)
        }, true);
      }).then(function () { progress.passed = passed; });
    }
    if (recorded) {
      chain = chain.then(function () {
        return xapi("PUT", "activities/state", stateQuery(PROGRESS), progress);
      });
    }
    return chain.then(function () { return terminate(false); }).then(function () {
      if (!recorded) { return "Nothing was recorded. Go back to the module."; }
      return passed || progress.passed
        ? "Your result is saved. Go back to the module to see it."
        : "Your result is saved. Go back to the module and start again to have another try.";
    });
  }

  window.recordBoxesTracker = {
    start: start,
    progress: function () {},
    record: record,
    leave: function () {
      if (auth && launchData) { terminate(true); }
    },
    exitable: function () { return !!(launchData && launchData.returnURL); },
    exit: function () { window.location.assign(launchData.returnURL); }
  };
})();
