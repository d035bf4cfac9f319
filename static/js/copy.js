/* Copy buttons: <button data-copy-target="id"> copies the value of the field with that id.
   The buttons are hidden until this script runs, so without JavaScript nothing is broken. */
(function () {
  "use strict";
  function copy(button) {
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    if (!field) { return; }
    var text = field.value !== undefined ? field.value : field.textContent;
    var done = function () {
      var original = button.getAttribute("data-label") || button.textContent;
      button.setAttribute("data-label", original);
      button.textContent = "Đã sao chép";
      window.setTimeout(function () { button.textContent = original; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { field.select(); });
    } else {
      field.select();
      try { document.execCommand("copy"); done(); } catch (e) { /* the text stays selected */ }
    }
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-copy-target]") : null;
    if (button) { copy(button); }
  });
  var buttons = document.querySelectorAll("[data-copy-target]");
  for (var i = 0; i < buttons.length; i++) { buttons[i].hidden = false; }
}());
