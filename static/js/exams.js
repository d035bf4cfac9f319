/* Exam days: a progressive enhancement only; every page works without it.
 * - Countdown to the next session on the public schedule (updated every 30 s, not announced).
 * - The Department dashboard refreshes its figures in place, with a pause button (WCAG 2.2.2).
 * - The print button on the printable report.
 * External file: the Content-Security-Policy forbids inline script. */
(function () {
  "use strict";

  function remaining(ms) {
    var minutes = Math.max(0, Math.ceil(ms / 60000));
    var days = Math.floor(minutes / 1440);
    var hours = Math.floor((minutes % 1440) / 60);
    var mins = minutes % 60;
    if (days) { return "còn " + days + " ngày " + hours + " giờ"; }
    if (hours) { return "còn " + hours + " giờ " + mins + " phút"; }
    return mins ? "còn " + mins + " phút" : "sắp bắt đầu";
  }

  function countdowns() {
    var nodes = document.querySelectorAll("[data-countdown-to]");
    if (!nodes.length) { return; }
    function tick() {
      var now = Date.now();
      nodes.forEach(function (node) {
        var target = Date.parse(node.getAttribute("data-countdown-to"));
        if (!isNaN(target)) { node.textContent = remaining(target - now); }
      });
    }
    tick();
    window.setInterval(tick, 30000);
  }

  function dashboard() {
    var live = document.getElementById("dashboard-live");
    if (!live || !window.fetch) { return; }
    var url = live.getAttribute("data-refresh-url");
    var seconds = parseInt(live.getAttribute("data-refresh-seconds"), 10) || 60;
    var status = document.getElementById("dashboard-refresh-status");
    var paused = false;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button--secondary button--small";
    button.id = "dashboard-pause";
    function label() {
      button.textContent = paused ? "Bật tự cập nhật" : "Tạm dừng tự cập nhật";
      if (status) {
        status.textContent = paused ? "Đã tạm dừng tự cập nhật." :
          "Số liệu tự cập nhật mỗi " + seconds + " giây.";
      }
    }
    button.addEventListener("click", function () { paused = !paused; label(); });
    if (status && status.parentNode) { status.parentNode.insertBefore(button, status); }
    label();
    function refresh() {
      if (paused || document.hidden) { return; }
      fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.text();
        })
        .then(function (html) { live.innerHTML = html; live.setAttribute("data-refreshed", String(Date.now())); })
        .catch(function () {
          if (status) { status.textContent = "Chưa cập nhật được số liệu; sẽ thử lại."; }
        });
    }
    window.setInterval(refresh, seconds * 1000);
  }

  function printButtons() {
    document.querySelectorAll(".js-print").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  function errorSummary() {
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    errorSummary();
    countdowns();
    dashboard();
    printButtons();
  });
})();
