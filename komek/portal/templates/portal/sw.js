/* The portal's service worker: every page and booklet PDF a person opens under /m/ is
   kept, and opened from what was kept when there is no network. The network comes first,
   so that a new edition replaces the kept one as soon as it is opened online. */
"use strict";

var CACHE = "{{ cache|escapejs }}";
var ASSETS = [{% for url in assets %}"{{ url|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
var SCOPE = "{{ scope|escapejs }}";

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return cache.addAll(ASSETS);
    }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("komek-portal-") === 0 && name !== CACHE;
      }).map(function (name) {
        return caches.delete(name);
      }));
    }).then(function () {
      return self.clients.claim();
    })
  );
});

function kept(url) {
  var path = new URL(url).pathname;
  return path.indexOf(SCOPE) === 0 || ASSETS.indexOf(path) !== -1;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin ||
      !kept(request.url)) {
    return;
  }
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.status === 200) {
        var copy = response.clone();
        event.waitUntil(caches.open(CACHE).then(function (cache) {
          return cache.put(request, copy);
        }));
      }
      return response;
    }).catch(function () {
      return caches.match(request, { ignoreVary: true }).then(function (found) {
        return found || Response.error();
      });
    })
  );
});
