/* Hotline: small enhancements only; every page works without this file. */
(function () {
  "use strict";

  // "Print" buttons are hidden until JavaScript can make them work.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
    var hint = document.querySelector("[data-print-hint]");
    if (hint) { hint.hidden = true; }
  });

  // Tell the user at once when a chosen file is too large or too many files are chosen; the
  // server checks again whatever this says.
  document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
    var maxBytes = parseInt(input.getAttribute("data-max-bytes"), 10);
    var maxFiles = parseInt(input.getAttribute("data-max-files"), 10);
    input.addEventListener("change", function () {
      var problems = [];
      if (input.files.length > maxFiles) {
        problems.push("Chỉ được chọn tối đa " + maxFiles + " tệp.");
      }
      Array.prototype.forEach.call(input.files, function (file) {
        if (file.size > maxBytes) {
          problems.push("Tệp “" + file.name + "” lớn hơn " + Math.round(maxBytes / 1048576) + " MB.");
        }
      });
      input.setCustomValidity(problems.join(" "));
      if (problems.length) { input.reportValidity(); }
    });
  });

  // Move focus to the error summary so screen-reader users hear what went wrong.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
