/* Live preview for "Nhúng tin vào website của trường": when an option changes, ask the server
   for the same page with the new options and swap in its code and preview, so the URLs are
   built in one place (the server). Without JavaScript the form's submit button does the same. */
(function () {
  "use strict";
  var form = document.querySelector("[data-embed-generator]");
  if (!form || !window.fetch || !window.DOMParser) { return; }
  var pending = null;

  function refresh() {
    var params = new URLSearchParams(new FormData(form));
    var url = form.action + "?" + params.toString();
    if (pending) { pending.abort(); }
    pending = new AbortController();
    fetch(url, { signal: pending.signal, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var page = new DOMParser().parseFromString(html, "text/html");
        ["script", "iframe"].forEach(function (kind) {
          var selector = "[data-embed-code='" + kind + "']";
          var fresh = page.querySelector(selector);
          var current = document.querySelector(selector);
          if (fresh && current) { current.value = fresh.value; }
        });
        var swaps = document.querySelectorAll("[data-embed-swap]");
        for (var i = 0; i < swaps.length; i++) {
          var name = swaps[i].getAttribute("data-embed-swap");
          var replacement = page.querySelector("[data-embed-swap='" + name + "']");
          if (replacement) { swaps[i].replaceChildren.apply(swaps[i], Array.prototype.slice.call(replacement.childNodes)); }
        }
        var freshPreview = page.querySelector("[data-embed-preview]");
        var preview = document.querySelector("[data-embed-preview]");
        if (freshPreview && preview && preview.src !== freshPreview.src) { preview.src = freshPreview.src; }
        window.history.replaceState(null, "", url);
      })
      .catch(function () { /* keep the current code; the submit button still works */ });
  }

  form.addEventListener("change", refresh);
  form.addEventListener("input", function (event) {
    if (event.target.type === "number") { refresh(); }
  });
}());
