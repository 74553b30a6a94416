// The Wagtail admin's rich text editors (Draftail) are text boxes without a
// name: the field's label points at the hidden input that stores the value,
// and a StreamField block's label (or panel heading) points at nothing. Name each editor by its
// field's visible label (WCAG 4.1.2; axe-core "aria-input-field-name"),
// including editors added later (new blocks, panels opened).
(() => {
  let counter = 0;

  const labelFor = (editor) => {
    const input = editor.closest("[data-field-input], .w-field__input");
    const hidden = input && input.querySelector("input[type=hidden][id]");
    if (hidden) {
      const label = document.querySelector(`label[for="${CSS.escape(hidden.id)}"]`);
      if (label) return label;
    }
    // A StreamField block: the label is the first one above the editor, or,
    // for a block that is only rich text, its panel's heading.
    for (let node = editor.parentElement; node; node = node.parentElement) {
      const label = node.querySelector(":scope > label, :scope > .w-field__label");
      if (label) return label;
      if (node.matches("section.w-panel[aria-labelledby]")) {
        return document.getElementById(node.getAttribute("aria-labelledby"));
      }
      if (node.matches("form")) break;
    }
    return null;
  };

  const name = (root) => {
    for (const editor of root.querySelectorAll(".public-DraftEditor-content[role=textbox]")) {
      if (editor.hasAttribute("aria-label") || editor.hasAttribute("aria-labelledby")) {
        continue;
      }
      const label = labelFor(editor);
      if (!label) continue;
      if (!label.id) {
        counter += 1;
        label.id = `crystal-rich-text-label-${counter}`;
      }
      editor.setAttribute("aria-labelledby", label.id);
    }
  };

  const start = () => {
    name(document);
    let queued = false;
    new MutationObserver(() => {
      if (queued) return;
      queued = true;
      window.requestAnimationFrame(() => {
        queued = false;
        name(document);
      });
    }).observe(document.body, {
      childList: true,
      subtree: true,
    });
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
