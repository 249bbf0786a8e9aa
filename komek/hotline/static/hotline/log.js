// The contact form: pick a known caller from the history with a click or one key,
// note when the call started, submit with Ctrl+Enter.
function pickPerson(button) {
  document.getElementById("id_person").value = button.dataset.pickPerson;
  document.getElementById("picked-person").textContent = button.dataset.personName;
  document.getElementById("picked").hidden = false;
  document.getElementById("id_register").checked = false;
  // A number typed in part (901234567) becomes the whole number of the person picked.
  if (button.dataset.personPhone) {
    document.getElementById("id_caller_phone").value = button.dataset.personPhone;
  }
  document.getElementById("id_topics").querySelector("input")?.focus();
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-pick-person]");
  if (button) pickPerson(button);
});

document.addEventListener("click", (event) => {
  if (!event.target.closest("[data-unpick-person]")) return;
  document.getElementById("id_person").value = "";
  document.getElementById("picked").hidden = true;
});

// In the number or name field, Enter picks the highlighted person of the history and the
// arrows move the highlight: the operator's hands stay on the keys.
document.addEventListener("keydown", (event) => {
  if (!event.target.matches("[data-caller-lookup]") || event.ctrlKey || event.metaKey) return;
  const buttons = [...document.querySelectorAll("#history [data-pick-person]")];
  if (!buttons.length) return;
  const current = Math.max(0, buttons.findIndex((button) => button.classList.contains("active")));
  if (event.key === "Enter") {
    event.preventDefault();
    pickPerson(buttons[current]);
  } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    event.preventDefault();
    const step = event.key === "ArrowDown" ? 1 : buttons.length - 1;
    buttons[current].classList.remove("active");
    buttons[(current + step) % buttons.length].classList.add("active");
  }
});

// The call starts with the first key the operator types, not when the form was opened:
// the server counts the duration from its own signed time of serving plus this delay.
document.addEventListener("keydown", (event) => {
  const form = document.getElementById("contact-form");
  const firstKey = document.getElementById("id_first_key_ms");
  if (!form || !firstKey || firstKey.value || !form.contains(event.target)) return;
  firstKey.value = Math.round(performance.now());
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
