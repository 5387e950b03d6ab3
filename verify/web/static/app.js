// verify workbench: the only script. Disables a form's buttons once it is sent, so a slow
// article check is not sent twice. No network calls of its own.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "post") return;
  var busy = form.getAttribute("data-busy");
  // after the browser has read the form (and the clicked button's value)
  window.setTimeout(function () {
    form.querySelectorAll("button").forEach(function (b) {
      b.disabled = true;
      if (busy && b.type === "submit") b.textContent = busy;
    });
  }, 0);
});
