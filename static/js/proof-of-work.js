/* Proof of work for the hotline forms while the site is under load (hotline/ratelimit.py).
 *
 * Finds a number n such that SHA-256(challenge + ":" + n) starts with `data-proof-bits` zero
 * bits, where the challenge is the value of the field named by `data-proof-challenge`, and puts
 * it in the hidden `[data-proof]` field. It starts as soon as the page loads (while the person
 * types); a form sent before it is done waits for it, at most MAX_WAIT_MS. Without this script,
 * or without crypto.subtle (pages not served over HTTPS), the form is still sent: the server
 * files the report and marks it "unverified".
 */
(function () {
  "use strict";

  var BATCH = 256;
  var MAX_WAIT_MS = 20000;
  var form = document.querySelector("form[data-proof-bits]");
  if (!form || !window.crypto || !window.crypto.subtle || !window.TextEncoder) { return; }
  var bits = parseInt(form.getAttribute("data-proof-bits"), 10);
  var challengeInput = form.querySelector("[name='" + form.getAttribute("data-proof-challenge") + "']");
  var answer = form.querySelector("[data-proof]");
  var status = form.querySelector("[data-proof-status]");
  if (!bits || !challengeInput || !answer) { return; }
  var challenge = challengeInput.value;
  var encoder = new TextEncoder();
  var solved = false;
  var sending = false;

  function zeroBits(bytes) {
    var count = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) { count += 8; continue; }
      return count + Math.clz32(bytes[i]) - 24;
    }
    return count;
  }

  function hash(n) {
    return window.crypto.subtle.digest("SHA-256", encoder.encode(challenge + ":" + n));
  }

  function search(start) {
    var jobs = [];
    for (var i = 0; i < BATCH; i++) { jobs.push(hash(start + i)); }
    return Promise.all(jobs).then(function (digests) {
      for (var i = 0; i < digests.length; i++) {
        if (zeroBits(new Uint8Array(digests[i])) >= bits) { return start + i; }
      }
      return search(start + BATCH);
    });
  }

  function send() {
    sending = true;
    form.submit();
  }

  var started = Date.now();
  var work = (answer.value && /^\d+$/.test(answer.value)
    ? hash(answer.value).then(function (digest) {
      return zeroBits(new Uint8Array(digest)) >= bits ? parseInt(answer.value, 10) : search(0);
    })
    : search(0)
  ).then(function (n) {
    answer.value = String(n);
    solved = true;
    form.setAttribute("data-proof-ms", String(Date.now() - started));
    return n;
  }, function () { return null; });  // the form is sent without a proof, and flagged

  form.addEventListener("submit", function (event) {
    if (solved || sending) { return; }
    event.preventDefault();
    if (status) { status.textContent = "Trình duyệt đang xác minh, vui lòng chờ vài giây…"; }
    var timer = window.setTimeout(send, MAX_WAIT_MS);
    work.then(function () {
      window.clearTimeout(timer);
      if (!sending) { send(); }
    });
  });
}());
