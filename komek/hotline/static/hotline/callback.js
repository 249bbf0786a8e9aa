// The contact form asks whether it is safe to call the caller back only when a callback
// is requested.
document.addEventListener("change", (event) => {
  if (event.target.name !== "outcome") return;
  const question = document.getElementById("callback-safe");
  if (question) question.hidden = event.target.value !== "callback";
});
