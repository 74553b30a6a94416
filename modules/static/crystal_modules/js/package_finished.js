// Inside the sandboxed frame (an opaque origin): tell the player page that the
// content has finished. The player checks the message comes from its frame.
const main = document.querySelector("main[data-launch]");
if (main && window.parent !== window) {
  window.parent.postMessage(
    { type: "crystal:package-finished", launch: main.dataset.launch },
    "*",
  );
}
