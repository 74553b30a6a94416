// Tracks viewing of a video module as xAPI Video Profile statements.
// No framework. The server decides what counts: it merges the played segments
// sent here with what it already accepted and completes the module itself.

const XAPI_URL = "/xapi/statements";
const VERBS = {
  initialized: "http://adlnet.gov/expapi/verbs/initialized",
  played: "https://w3id.org/xapi/video/verbs/played",
  paused: "https://w3id.org/xapi/video/verbs/paused",
  seeked: "https://w3id.org/xapi/video/verbs/seeked",
  completed: "http://adlnet.gov/expapi/verbs/completed",
  terminated: "http://adlnet.gov/expapi/verbs/terminated",
  interacted: "http://adlnet.gov/expapi/verbs/interacted",
  progressed: "http://adlnet.gov/expapi/verbs/progressed",
};
const EXT = "https://w3id.org/xapi/video/extensions/";
const SAVE_EVERY_MS = 15000;


function round(value) {
  return Math.round(value * 1000) / 1000;
}

function playedSegments(video) {
  const parts = [];
  for (let i = 0; i < video.played.length; i += 1) {
    parts.push(`${round(video.played.start(i))}[.]${round(video.played.end(i))}`);
  }
  return parts.join("[,]");
}

function progress(video, duration) {
  let watched = 0;
  for (let i = 0; i < video.played.length; i += 1) {
    watched += video.played.end(i) - video.played.start(i);
  }
  return duration > 0 ? Math.min(1, round(watched / duration)) : 0;
}

function setUp(root) {
  const video = root.querySelector("video");
  if (!video) return;
  document.querySelectorAll("[data-seek]").forEach((button) => {
    button.addEventListener("click", () => {
      video.currentTime = parseFloat(button.dataset.seek) || 0;
      video.focus();
      video.play().catch(() => {});
    });
  });
  // Editors' previews play the video but record nothing.
  if (root.dataset.tracking === "off") return;
  const duration = parseFloat(root.dataset.duration) || 0;
  const resume = parseFloat(root.dataset.resume) || 0;
  const sessionId = crypto.randomUUID ? crypto.randomUUID() : String(Date.now());
  const actor = {
    objectType: "Agent",
    account: { homePage: root.dataset.homepage, name: root.dataset.staffNumber },
  };
  const object = { objectType: "Activity", id: root.dataset.activityId };
  let initialized = false;
  let lastTime = 0;
  let timer = null;
  const status = root.querySelector("[data-player-status]");
  // Messages come translated from the page (data-text-* on the status line).
  const text = (name, fallback) => (status && status.dataset[name]) || fallback;

  function statement(verb, result, context) {
    return {
      actor,
      verb: { id: VERBS[verb], display: { "en-GB": verb } },
      object,
      result: result ? { extensions: result } : undefined,
      context: {
        contextActivities: { category: [{ id: "https://w3id.org/xapi/video" }] },
        extensions: { [`${EXT}session-id`]: sessionId, [`${EXT}length`]: duration, ...context },
      },
      timestamp: new Date().toISOString(),
    };
  }

  function send(statements, { leaving = false } = {}) {
    return fetch(XAPI_URL, {
      method: "POST",
      credentials: "same-origin",
      keepalive: leaving, // like sendBeacon, but with the headers xAPI and CSRF need
      headers: {
        "Content-Type": "application/json",
        "X-Experience-API-Version": "1.0.3",
        // The CSRF cookie is HttpOnly: the page carries the token.
        "X-CSRFToken": root.dataset.csrfToken,
      },
      body: JSON.stringify(statements),
    }).catch(() => {
      if (status) status.textContent = text("textNotSaved", "Your progress could not be saved just now; keep watching.");
    });
  }

  // The server decides when the module is done: ask it, and open the quiz
  // on this page as soon as it says so (no reload needed).
  let done = false;
  function openQuiz() {
    const locked = document.querySelector("[data-testid=quiz-locked][data-quiz-url]");
    if (!locked) return;
    const link = document.createElement("a");
    link.className = "govuk-button";
    link.href = locked.dataset.quizUrl;
    link.dataset.testid = "quiz-open";
    link.textContent = locked.dataset.quizLabel || "Take the quiz";
    locked.replaceWith(link);
  }
  function refreshStanding(finished) {
    if (done) return Promise.resolve();
    return fetch(`${window.location.pathname}?standing=json`, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then((response) => (response.ok ? response.json() : null))
      .then((standing) => {
        if (!standing || !standing.tracking) return;
        if (standing.done) {
          done = true;
          openQuiz();
          const partial = root.querySelector("[data-testid=module-progress]");
          if (partial) partial.remove();
          if (status) status.textContent = text("textCompleted", "You have completed this module.");
        } else if (finished && status) {
          status.textContent = text(
            "textRecorded",
            "Your viewing has been recorded: {percent} of the video so far. "
              + "Watch the parts you skipped to complete the module.",
          ).replace("{percent}", `${standing.percent}%`);
        }
      })
      .catch(() => {});
  }

  function position(verb, extra = {}) {
    return statement(verb, {
      [`${EXT}time`]: round(video.currentTime),
      [`${EXT}progress`]: progress(video, duration),
      [`${EXT}played-segments`]: playedSegments(video),
      ...extra,
    });
  }

  function ensureInitialized() {
    if (initialized) return Promise.resolve();
    initialized = true;
    return send([statement("initialized", null, {
      [`${EXT}completion-threshold`]: parseFloat(root.dataset.threshold) || 0.9,
    })]);
  }

  video.addEventListener("loadedmetadata", () => {
    if (resume > 0 && resume < (video.duration || duration) - 2) video.currentTime = resume;
  });
  video.addEventListener("play", () => {
    ensureInitialized().then(() => send([statement("played", { [`${EXT}time`]: round(video.currentTime) })]));
    clearInterval(timer);
    timer = setInterval(() => {
      send([position("progressed")]).then((response) => {
        if (response && response.ok) refreshStanding(false);
      });
    }, SAVE_EVERY_MS);
  });
  video.addEventListener("pause", () => {
    clearInterval(timer);
    if (!video.ended) send([position("paused")]);
  });
  video.addEventListener("timeupdate", () => {
    if (!video.seeking) lastTime = video.currentTime;
  });
  video.addEventListener("seeked", () => {
    if (!initialized) return;
    send([statement("seeked", {
      [`${EXT}time-from`]: round(lastTime),
      [`${EXT}time-to`]: round(video.currentTime),
    })]);
    lastTime = video.currentTime;
  });
  video.addEventListener("ended", () => {
    clearInterval(timer);
    send([position("completed")]).then((response) => {
      // fetch resolves on any answer: only a 2xx means the server kept it.
      if (response && response.ok) {
        refreshStanding(true);
      } else if (status) {
        status.textContent = text("textReload", "Your viewing could not be saved just now. Reload the page to try again.");
      }
    });
  });
  if (video.textTracks && video.textTracks.length) {
    video.textTracks.addEventListener("change", () => {
      const showing = Array.from(video.textTracks).some((track) => track.mode === "showing");
      if (initialized) {
        send([statement("interacted", { [`${EXT}time`]: round(video.currentTime) }, {
          [`${EXT}cc-enabled`]: showing,
          [`${EXT}cc-subtitle-lang`]: "en-GB",
        })]);
      }
    });
  }
  window.addEventListener("pagehide", () => {
    if (initialized) send([position("terminated")], { leaving: true });
  });
}

document.querySelectorAll('[data-module="crystal-video"]').forEach(setUp);
