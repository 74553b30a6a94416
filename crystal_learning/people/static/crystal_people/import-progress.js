// HR import progress: poll the job's status; show the result page when done.
(() => {
  const box = document.querySelector("[data-import-status-url]");
  if (!box) return;
  const url = box.dataset.importStatusUrl;
  const bar = box.querySelector("progress");
  const text = box.querySelector("[data-import-progress-text]");

  const poll = async () => {
    try {
      const response = await fetch(url, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (response.ok) {
        const status = await response.json();
        if (!status.running) {
          window.location.reload();
          return;
        }
        if (status.status === "checking" && status.rows_total) {
          bar.max = status.rows_total;
          bar.value = status.rows_done;
          // A page may give its own wording, e.g. "Checking line {done} of {total}".
          const pattern = text.dataset.pattern;
          text.textContent = pattern
            ? pattern.replace("{done}", status.rows_done).replace("{total}", status.rows_total)
            : `${status.rows_done} / ${status.rows_total}`;
        }
      }
    } catch {
      // The network hiccupped: try again on the next tick.
    }
    window.setTimeout(poll, 1000);
  };
  window.setTimeout(poll, 1000);
})();
