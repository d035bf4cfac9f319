// The candidate's print view opens the print dialog; without JavaScript, print from the browser.
window.addEventListener("load", function () { window.print(); });
