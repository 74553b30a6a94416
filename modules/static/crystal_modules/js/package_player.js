// The package player: when the content says it has finished (the cmi5
// returnURL page posts a message from inside the sandboxed frame), go back to
// the module page, which then shows the result from the learning record.
// Only a message from this player's own frame, saying exactly that, counts.
const frame = document.querySelector("[data-testid='package-frame']");
const back = document.querySelector("[data-testid='package-back']");
if (frame && back) {
  window.addEventListener("message", (event) => {
    if (event.source !== frame.contentWindow) return;
    const data = event.data;
    if (!data || data.type !== "crystal:package-finished") return;
    if (data.launch !== frame.dataset.launchId) return;
    window.location.assign(back.href);
  });
}
