// KoSI-Lab: a "Copy" button beside a read-only field ([data-copy] names the field's id). Without
// this script the button stays hidden; the field's text can be selected and copied by hand.
document.querySelectorAll("[data-copy]").forEach(function (button) {
  var field = document.getElementById(button.getAttribute("data-copy"));
  var status = document.getElementById(button.getAttribute("data-copy-status"));
  if (!field || !navigator.clipboard) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(field.value).then(function () {
      if (status) {
        status.textContent = button.getAttribute("data-copied");
      }
    });
  });
});
