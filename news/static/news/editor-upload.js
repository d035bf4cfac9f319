// Tells CKEditor (in the parent window) the URL of an uploaded image, or why it was refused.
(function () {
  var s = document.currentScript;
  if (window.parent && window.parent.CKEDITOR) {
    window.parent.CKEDITOR.tools.callFunction(s.dataset.func, s.dataset.url, s.dataset.message);
  }
})();
