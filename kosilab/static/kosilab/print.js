// KoSI-Lab: a "Print" button for pages made for printing (the method card). Without this script
// the button stays hidden and the page says how to print.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
});
