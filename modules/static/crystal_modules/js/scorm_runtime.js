/* The SCORM runtime in a SCO's own window (docs/packages.md, SCORM).
 *
 * The SCO runs in a sandboxed frame with an opaque origin: it cannot reach an
 * API object in our page, so the API (window.API for SCORM 1.2,
 * window.API_1484_11 for SCORM 2004) is scorm-again, made here, in its window.
 * The server put the configuration before this script: the version, the
 * commit URL (its signed launch token is the only authority: no cookies exist
 * here) and the data model to start from (learner, mode, entry, and on resume
 * the suspended attempt's location and suspend data).
 *
 * Commits are "simple" CORS requests (text/plain JSON, no credentials), so the
 * sandbox needs no preflight; the one LMSFinish / Terminate sends carries
 * "terminate": true and goes by sendBeacon, which survives the page closing.
 */
(function () {
  "use strict";

  // The starting data model. scorm-again stops at the first value it refuses;
  // then each value is set on its own, so one odd value (kept from an earlier
  // commit) cannot cost the learner the rest of their suspended attempt.
  function load(api, data) {
    try {
      api.loadFromJSON(data);
      return;
    } catch (error) {
      // set them one by one below
    }
    (function each(value, path) {
      if (value !== null && typeof value === "object") {
        Object.keys(value).forEach(function (key) {
          each(value[key], path + "." + key);
        });
      } else if (value !== "" && value !== null) {
        try {
          api.setCMIValue(path, value);
        } catch (error) {
          // left unset
        }
      }
    })(data, "cmi");
  }

  var node = document.getElementById("crystal-scorm-config");
  if (!node) {
    return;
  }
  var config;
  try {
    config = JSON.parse(node.textContent);
  } catch (error) {
    return;
  }
  var Api = config.version === "scorm12" ? window.Scorm12API : window.Scorm2004API;
  if (typeof Api !== "function") {
    return;
  }
  // Absolute, from the document's own address (a <base> in the SCO must not move it).
  var commitUrl = new URL(config.commitUrl, window.location.href).href;
  var contentType = "text/plain;charset=UTF-8";

  var api = new Api({
    lmsCommitUrl: commitUrl,
    autocommit: true,
    autocommitSeconds: 10,
    dataCommitFormat: "json",
    sendFullCommit: true,
    commitRequestDataType: contentType,
    terminationCommitContentType: contentType,
    terminateCommitPayloadField: "terminate",
    xhrWithCredentials: false,
    // The server judges SCORM 1.2 lesson_status against the mastery score too.
    mastery_override: true,
    logLevel: 4
  });
  load(api, config.cmi);

  if (config.version === "scorm12") {
    window.API = api;
  } else {
    window.API_1484_11 = api;
  }

  // A SCO closed without LMSFinish / Terminate: keep what it set since the
  // last commit (not a termination: the attempt stays open).
  window.addEventListener("pagehide", function () {
    if (!api.isInitialized() || api.isTerminated() || !navigator.sendBeacon) {
      return;
    }
    try {
      var body = JSON.stringify(api.renderCommitCMI(false));
      navigator.sendBeacon(commitUrl, new Blob([body], { type: contentType }));
    } catch (error) {
      // Nothing more can be done while the page goes away.
    }
  });
})();
