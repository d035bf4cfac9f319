/* Document registry enhancements; every page works without this file.
 * - Print view: shows the "In trang này" button and prints on click.
 * - Admin change form: sends the form with a progress bar when files are attached. */
(function () {
  "use strict";

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  var form = document.querySelector("body.change-form form#document_form");
  if (!form || !window.XMLHttpRequest || !window.FormData) { return; }

  function chosenFiles() {
    var total = 0;
    form.querySelectorAll('input[type="file"]').forEach(function (input) {
      Array.prototype.forEach.call(input.files || [], function (file) { total += file.size; });
    });
    return total;
  }

  form.addEventListener("submit", function (event) {
    var total = chosenFiles();
    if (!total) { return; }  // nothing to upload: the ordinary submit is fine
    event.preventDefault();
    var data = new FormData(form);
    if (event.submitter && event.submitter.name) {
      data.append(event.submitter.name, event.submitter.value);
    }
    var box = document.createElement("div");
    box.className = "documents-upload-progress";
    box.setAttribute("role", "status");
    box.style.margin = "1em 0";
    var label = document.createElement("label");
    label.textContent = "Đang tải tệp lên: 0%";
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    bar.style.width = "100%";
    label.appendChild(document.createElement("br"));
    label.appendChild(bar);
    box.appendChild(label);
    var row = form.querySelector(".submit-row");
    (row || form).parentNode.insertBefore(box, row || null);
    form.querySelectorAll('[type="submit"]').forEach(function (b) { b.disabled = true; });

    var request = new XMLHttpRequest();
    request.open(form.method || "POST", form.action || window.location.href);
    request.upload.addEventListener("progress", function (e) {
      if (!e.lengthComputable) { return; }
      var percent = Math.round((e.loaded / e.total) * 100);
      bar.value = percent;
      label.firstChild.nodeValue = percent < 100
        ? "Đang tải tệp lên: " + percent + "%"
        : "Đã tải lên, đang kiểm tra và lưu…";
    });
    request.addEventListener("load", function () {
      var url = request.responseURL || "";
      var here = form.action || window.location.href;
      if (request.status < 400 && url && url.split("#")[0] !== here.split("#")[0]) {
        window.location.assign(url);  // saved: follow the admin's redirect
        return;
      }
      // Errors (a refused file, say): show the admin's answer with every typed value kept.
      document.open();
      document.write(request.responseText);
      document.close();
    });
    request.addEventListener("error", function () {
      label.firstChild.nodeValue = "Không gửi được biểu mẫu (mất kết nối?). Hãy thử lại.";
      form.querySelectorAll('[type="submit"]').forEach(function (b) { b.disabled = false; });
    });
    request.send(data);
  });
})();
