// Starts GOV.UK Frontend. Loaded by base.html as <script type="module">, so it runs only in
// browsers that support ES modules — the same test GOV.UK's own template makes with an inline
// script, which our Content Security Policy (no 'unsafe-inline') does not allow.
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// Components inside content that htmx swaps in later (the initial page is done above).
if (window.htmx) {
  window.htmx.onLoad((elt) => {
    if (elt !== document.body && elt instanceof Element) {
      initAll({ scope: elt });
    }
  });
}
