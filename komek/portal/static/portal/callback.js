// The proof of work the callback form asks for once a connection has sent several
// requests: the vendored ALTCHA widget (loaded just before this script) solves it in a
// worker served by this site, with the page's own words, and starts as soon as it is set.
const widget = document.querySelector("altcha-widget[data-worker]");
if (widget && globalThis.$altcha) {
  const worker = widget.dataset.worker;
  globalThis.$altcha.algorithms.set("PBKDF2/SHA-256", () => new Worker(worker));
  globalThis.$altcha.i18n.set(widget.getAttribute("language"), JSON.parse(widget.dataset.strings));
  widget.setAttribute("auto", "onload");
}
