/* Document registry enhancements; every page works without this file.
 * - Print view: shows the "In trang này" button and prints on click.
 * - Admin change form: sends the form with a progress bar when files are attached, then shows
 *   the admin's answer (the list with its message, or the form with its errors and every typed
 *   value kept). */
(function () {
  "use strict";

  function enhancePrint() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  function selectedBytes(form) {
    var total = 0;
    form.querySelectorAll('input[type="file"]').forEach(function (input) {
      Array.prototype.forEach.call(input.files || [], function (file) { total += file.size; });
    });
    return total;
  }

  function progressBox(form) {
    var box = document.createElement("div");
    box.className = "documents-upload-progress";
    box.setAttribute("role", "status");
    box.style.margin = "1em 0";
    var text = document.createElement("span");
    text.textContent = "Đang tải tệp lên: 0%";
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    bar.style.display = "block";
    bar.style.width = "100%";
    bar.setAttribute("aria-label", "Tiến độ tải tệp lên");
    box.appendChild(text);
    box.appendChild(bar);
    var row = form.querySelector(".submit-row");
    if (row) { row.parentNode.insertBefore(box, row); } else { form.appendChild(box); }
    return { text: text, bar: bar, box: box };
  }

  function showAnswer(request) {
    var url = request.responseURL;
    if (url && url !== window.location.href) {
      window.history.replaceState(null, "", url);
    }
    document.open();
    document.write(request.responseText);
    document.close();
  }

  function enhanceUpload() {
    var form = document.querySelector("body.change-form form#document_form");
    if (!form || !window.XMLHttpRequest || !window.FormData) { return; }
    form.addEventListener("submit", function (event) {
      if (!selectedBytes(form)) { return; }  // nothing to upload: the ordinary submit is fine
      event.preventDefault();
      var data = new FormData(form);
      if (event.submitter && event.submitter.name) {
        data.append(event.submitter.name, event.submitter.value);
      }
      var ui = progressBox(form);
      var buttons = form.querySelectorAll('[type="submit"]');
      buttons.forEach(function (b) { b.disabled = true; });

      var request = new XMLHttpRequest();
      request.open("POST", form.action || window.location.href);
      request.upload.addEventListener("progress", function (e) {
        if (!e.lengthComputable) { return; }
        var percent = Math.round((e.loaded / e.total) * 100);
        ui.bar.value = percent;
        ui.text.textContent = percent < 100
          ? "Đang tải tệp lên: " + percent + "%"
          : "Đã tải lên, đang kiểm tra và lưu…";
      });
      request.addEventListener("load", function () { showAnswer(request); });
      request.addEventListener("error", function () {
        ui.text.textContent = "Không gửi được biểu mẫu (mất kết nối?). Hãy thử lại.";
        buttons.forEach(function (b) { b.disabled = false; });
      });
      request.send(data);
    });
  }

  function ready() {
    enhancePrint();
    enhanceUpload();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
