// The control bar's menus (speed, settings): a button with aria-expanded that shows the panel
// it controls. One is open at a time; Escape, a click elsewhere or focus leaving closes it;
// Escape puts focus back on its button.

export function installMenus(bar, { signal }) {
  const buttons = [...bar.querySelectorAll("button[aria-controls][aria-expanded]")];
  const panelOf = (button) => document.getElementById(button.getAttribute("aria-controls"));
  const isOpen = (button) => button.getAttribute("aria-expanded") === "true";
  const setOpen = (button, open) => {
    button.setAttribute("aria-expanded", String(open));
    panelOf(button).hidden = !open;
  };
  const closeAll = (except) => {
    for (const button of buttons) if (button !== except && isOpen(button)) setOpen(button, false);
  };
  for (const button of buttons) {
    const panel = panelOf(button);
    button.addEventListener("click", () => {
      const open = !isOpen(button);
      closeAll(button);
      setOpen(button, open);
      // Into the menu, on its chosen radio or its first control: as a native menu would.
      if (open) (panel.querySelector("input:checked") ?? panel.querySelector("input, select"))?.focus();
    }, { signal });
    panel.addEventListener("keydown", (event) => {
      if (event.key !== "Escape") return;
      event.preventDefault();
      event.stopPropagation();
      setOpen(button, false);
      button.focus();
    }, { signal });
    // Focus leaving the button and its menu (Tab past it) closes the menu.
    button.parentElement.addEventListener("focusout", (event) => {
      if (isOpen(button) && !button.parentElement.contains(event.relatedTarget)) setOpen(button, false);
    }, { signal });
  }
  document.addEventListener("pointerdown", (event) => {
    if (!event.target.closest?.(".cb-menu-wrap")) closeAll();
  }, { signal });
  return { closeAll };
}
