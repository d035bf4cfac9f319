// Article page: "copy link" and "print" buttons. The page works without this file: the link
// is in a read-only field that can be selected, and the browser's own print works.
(function () {
  "use strict";
  var status = document.querySelector(".js-copy-status");
  function say(text) { if (status) { status.textContent = text; } }

  document.querySelectorAll(".js-copy-link").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var field = document.getElementById(button.dataset.target);
      var done = function () { say("Đã sao chép đường dẫn bài viết."); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () {
          field.select(); say("Hãy nhấn Ctrl+C (hoặc giữ và chọn Sao chép) để sao chép.");
        });
      } else {
        field.select();
        try { document.execCommand("copy"); done(); }
        catch (e) { say("Hãy nhấn Ctrl+C (hoặc giữ và chọn Sao chép) để sao chép."); }
      }
    });
  });
  document.querySelectorAll(".js-print").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
