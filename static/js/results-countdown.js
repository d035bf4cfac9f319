// The "not yet" page's countdown: the page says the release time without it; this only keeps
// "còn … " current and reloads the page at the release instant.
(function () {
  var box = document.querySelector(".results-countdown");
  if (!box) return;
  var left = box.querySelector(".results-countdown__left");
  var release = Date.parse(box.getAttribute("data-release"));
  if (!left || isNaN(release)) return;
  function tick() {
    var ms = release - Date.now();
    if (ms <= 0) {
      left.textContent = "đã đến giờ công bố";
      setTimeout(function () { window.location.reload(); }, 1500 + Math.random() * 3000);
      return;
    }
    var s = Math.floor(ms / 1000), d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600),
        m = Math.floor(s % 3600 / 60), sec = s % 60;
    left.textContent = "còn " + (d ? d + " ngày " : "") + (d || h ? h + " giờ " : "") + m + " phút " + sec + " giây";
    setTimeout(tick, 1000);
  }
  tick();
})();
