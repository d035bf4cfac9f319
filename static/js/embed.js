/*! Tin Kỳ thi – Sở GDĐT Lai Châu. Widget for schools' websites.
 * Paste:
 *   <div data-sgddt-widget data-feed="https://…/ky-thi/2021/feed.json" data-limit="5"
 *        data-dates="1" data-style="compact"><a href="https://…/ky-thi/2021/">Tin Kỳ thi</a></div>
 *   <script src="https://…/static/js/embed.js" async></script>
 * The link inside the placeholder stays when the feed cannot be loaded. One global only:
 * window.SGDDTLaiChauWidget. No dependencies; ES5 so old school CMS pages run it too.
 */
(function (window, document) {
  "use strict";
  var NS = window.SGDDTLaiChauWidget = window.SGDDTLaiChauWidget || {};
  if (NS.version) { if (NS.scan) { NS.scan(); } return; }
  NS.version = "1.0";

  function clamp(value, low, high, fallback) {
    var n = parseInt(value, 10);
    if (isNaN(n)) { return fallback; }
    return Math.max(low, Math.min(high, n));
  }

  function safeUrl(value) {
    return (typeof value === "string" && /^https?:\/\//i.test(value)) ? value : null;
  }

  function dateText(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
    return m ? m[3] + "/" + m[2] + "/" + m[1] : "";
  }

  function el(name, className, text) {
    var node = document.createElement(name);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function render(host, feed, options) {
    var list = el("ul", "sgddt-list");
    var items = (feed.items || []).slice(0, options.limit);
    for (var i = 0; i < items.length; i++) {
      var item = items[i];
      var href = safeUrl(item.url);
      if (!href || typeof item.title !== "string") { continue; }
      var li = el("li", "sgddt-item");
      var link = el("a", "sgddt-link");
      link.href = href;
      link.target = "_blank";
      link.rel = "noopener";
      var image = safeUrl(item.image);
      if (options.style === "images" && image) {
        var img = el("img", "sgddt-image");
        img.src = image;
        img.alt = "";
        img.width = 96;
        img.height = 72;
        img.loading = "lazy";
        link.appendChild(img);
      }
      link.appendChild(el("span", "sgddt-title", item.title));
      li.appendChild(link);
      if (options.dates && item.date_published) {
        var time = el("time", "sgddt-date", dateText(item.date_published));
        time.setAttribute("datetime", item.date_published);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(time);
      }
      list.appendChild(li);
    }
    if (!list.firstChild) { return; }
    var fallback = host.querySelector("a");
    host.insertBefore(list, host.firstChild);
    if (fallback) {
      fallback.className = (fallback.className ? fallback.className + " " : "") + "sgddt-more";
      fallback.target = "_blank";
      fallback.rel = "noopener";
    }
    host.setAttribute("data-sgddt-state", "ready");
  }

  function load(host) {
    if (host.getAttribute("data-sgddt-state")) { return; }
    host.setAttribute("data-sgddt-state", "loading");
    var url = safeUrl(host.getAttribute("data-feed"));
    var options = {
      limit: clamp(host.getAttribute("data-limit"), 1, 20, 5),
      dates: host.getAttribute("data-dates") !== "0",
      style: host.getAttribute("data-style") === "images" ? "images" : "compact"
    };
    if (!url || !window.fetch || !window.JSON) { host.setAttribute("data-sgddt-state", "fallback"); return; }
    window.fetch(url, { credentials: "omit", mode: "cors" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (feed) {
        if (feed && feed.items) { render(host, feed, options); }
        if (host.getAttribute("data-sgddt-state") !== "ready") { host.setAttribute("data-sgddt-state", "fallback"); }
      })
      ["catch"](function () { host.setAttribute("data-sgddt-state", "fallback"); });
  }

  NS.scan = function () {
    var hosts = document.querySelectorAll("[data-sgddt-widget]");
    for (var i = 0; i < hosts.length; i++) { load(hosts[i]); }
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", NS.scan);
  } else {
    NS.scan();
  }
}(window, document));
