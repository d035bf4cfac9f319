// The import screen's progress bar for a large file: asks the job's JSON address every second
// and moves the bar; reloads the page when the job has finished (the page itself refreshes
// every few seconds when JavaScript is off).
(function () {
  var box = document.querySelector(".results-job[data-status]");
  if (!box || !window.fetch) return;
  var url = box.getAttribute("data-status");
  var bar = box.querySelector(".results-job__bar");
  var figures = box.querySelector(".results-job__figures");
  var message = box.querySelector(".results-job__message");
  var state = box.querySelector(".results-job__state");
  function poll() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.json(); })
      .then(function (job) {
        if (job.finished) { window.location.reload(); return; }
        if (state) state.textContent = job.state_label;
        if (message && job.message) message.textContent = job.message;
        if (bar && job.state !== "storing") { bar.max = 100; bar.value = job.percent; bar.textContent = job.percent + "%"; }
        if (bar && job.state === "storing") { bar.removeAttribute("value"); }
        if (figures && job.total) figures.textContent = job.done + " / " + job.total + " dòng (" + job.percent + "%)";
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1000);
})();
