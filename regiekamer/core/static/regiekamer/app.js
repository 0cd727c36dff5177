/*
 * Regiekamer: small page behaviour, loaded with defer on every page (no inline JS: CSP).
 *
 * - Moves focus to the error summary (#error-summary, see core/_form_errors.html) when a page
 *   with form errors loads, and again when htmx swaps one in, so screen readers announce it.
 * - Links inside the summary move focus to their field (browsers only scroll for #hash links
 *   to inputs; focusing makes typing possible straight away).
 */
(function () {
  "use strict";

  function focusErrorSummary(root) {
    var summary = (root && root.querySelector ? root : document).querySelector("#error-summary");
    if (!summary && root && root.id === "error-summary") {
      summary = root;
    }
    if (summary) {
      summary.focus();
      if (summary.scrollIntoView) {
        summary.scrollIntoView({ block: "start" });
      }
    }
  }

  function onSummaryClick(event) {
    var link = event.target.closest ? event.target.closest("#error-summary a[href^='#']") : null;
    if (!link) {
      return;
    }
    var id = decodeURIComponent(link.getAttribute("href").slice(1));
    var field = document.getElementById(id);
    if (field) {
      event.preventDefault();
      var label = document.querySelector("label[for='" + (window.CSS && CSS.escape ? CSS.escape(id) : id) + "']");
      (label || field).scrollIntoView({ block: "center" });
      field.focus({ preventScroll: true });
    }
  }

  function init() {
    focusErrorSummary(document);
    document.addEventListener("click", onSummaryClick);
    document.body.addEventListener("htmx:afterSettle", function (event) {
      focusErrorSummary(event.target);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
