// A button with data-copy-target="<id>" copies that field's value to the clipboard and says so
// in its live region (data-copied); where the clipboard API is refused, the text is selected
// so that Ctrl+C / ⌘C copies it.
document.querySelectorAll("[data-copy-target]").forEach((button) => {
  button.addEventListener("click", async () => {
    const field = document.getElementById(button.dataset.copyTarget);
    const status = document.getElementById(button.dataset.copyStatus);
    field.select();
    try {
      await navigator.clipboard.writeText(field.value);
      if (status) status.textContent = button.dataset.copied;
    } catch {
      if (status) status.textContent = button.dataset.selected;
    }
  });
});
