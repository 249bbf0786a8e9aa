/* Keeps the portal's pages readable without a network: registers the service worker
   (which keeps every page and PDF opened) and shows "saved for offline" once this page
   is kept. The page reads the same without it: nothing here is needed to read. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator) || !("caches" in window)) {
    return;
  }
  var worker = script.getAttribute("data-worker");
  var scope = script.getAttribute("data-scope");
  var cacheName = script.getAttribute("data-cache");
  var state = document.getElementById("offline-state");

  function shown() {
    if (state) {
      state.hidden = false;
    }
  }

  function keep(cache) {
    return cache.match(location.href, { ignoreVary: true }).then(function (kept) {
      return kept || cache.add(location.href);
    });
  }

  navigator.serviceWorker.register(worker, { scope: scope }).then(function () {
    return navigator.serviceWorker.ready;
  }).then(function () {
    return caches.open(cacheName);
  }).then(keep).then(shown).catch(function () {
    /* Not kept (private browsing, a full disk): the page simply is not offered offline. */
  });
})();
