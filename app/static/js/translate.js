// The translation editor: Ctrl+Enter (or Cmd+Enter) in a translation saves that field.
// One-line fields save with Enter without any script, as plain forms do.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
  const form = event.target.closest && event.target.closest("form.tr-form");
  if (!form) return;
  event.preventDefault();
  form.requestSubmit();
});
