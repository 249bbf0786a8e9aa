// The contact form: pick a known caller from the history, submit with Ctrl+Enter.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-pick-person]");
  if (!button) return;
  document.getElementById("id_person").value = button.dataset.pickPerson;
  document.getElementById("picked-person").textContent = button.dataset.personName;
  document.getElementById("picked").hidden = false;
  document.getElementById("id_register").checked = false;
  document.getElementById("id_topics").querySelector("input")?.focus();
});

document.addEventListener("click", (event) => {
  if (!event.target.closest("[data-unpick-person]")) return;
  document.getElementById("id_person").value = "";
  document.getElementById("picked").hidden = true;
});

document.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    const form = document.getElementById("contact-form");
    if (form && form.contains(document.activeElement)) {
      event.preventDefault();
      form.requestSubmit();
    }
  }
});
