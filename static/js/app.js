// Move focus to the error summary after a failed submit, so keyboard and screen-reader users
// land on the list of what to correct (WCAG 3.3.1). No inline script: the CSP forbids it.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-focus-on-load]");
  if (summary) summary.focus();
});
