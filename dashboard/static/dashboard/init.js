// Starts GOV.UK Frontend. Loaded by base.html as <script type="module">, so it runs only in
// browsers that support ES modules — the same test GOV.UK's own template makes with an inline
// script, which our Content Security Policy (no 'unsafe-inline') does not allow.
//
// GOV.UK Frontend marks each component it starts with data-<module>-init on its root, and
// refuses (logging "Root element already initialised") to start one twice. So:
// - content htmx swaps in is started on its own, and only if it holds a component not yet
//   started (the header and the rest of the page are never started again);
// - the page htmx keeps for the back button is saved without those marks (they are put back
//   at once on the live page), so that the markup it restores is started afresh: it is new
//   markup, with no listeners, whatever its attributes say.
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

const MODULES = "[data-module]";

function initMark(element) {
  return `data-${element.getAttribute("data-module")}-init`;
}

function roots(scope) {
  const found = scope.matches(MODULES) ? [scope] : [];
  return found.concat(Array.from(scope.querySelectorAll(MODULES)));
}

function ignoreStarted(error) {
  if (!/already initialised/i.test(String(error && error.message))) {
    console.error(error);
  }
}

function start(scope) {
  if (roots(scope).some((root) => !root.hasAttribute(initMark(root)))) {
    initAll({ scope, onError: ignoreStarted });
  }
}

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll({ onError: ignoreStarted });

if (window.htmx) {
  window.htmx.onLoad((elt) => {
    if (elt !== document.body && elt instanceof Element) {
      start(elt);
    }
  });
  // htmx copies the page for its history cache straight after this event, synchronously.
  document.addEventListener("htmx:beforeHistorySave", (event) => {
    const saved = event.detail && event.detail.historyElt instanceof Element
      ? event.detail.historyElt
      : document.body;
    const marked = roots(saved).filter((root) => root.hasAttribute(initMark(root)));
    marked.forEach((root) => root.removeAttribute(initMark(root)));
    setTimeout(() => marked.forEach((root) => root.setAttribute(initMark(root), "")), 0);
  });
  // A restored page: its content is new markup, started here (htmx.onLoad may not see it).
  document.addEventListener("htmx:historyRestore", () => start(document.body));
}
