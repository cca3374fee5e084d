// On narrow screens the transcript and the diagram are two tabs right under the video (the
// WAI-ARIA tabs pattern, activated on focus); on wide screens both panels are shown and the
// tab list is hidden by the stylesheet, so the panels are plain landmarks again.

const NARROW = "(max-width: 959px)";

export function installBesideTabs(tablist, stage, { onShow, signal }) {
  if (!tablist) return;
  const tabs = [...tablist.querySelectorAll("[role=tab]")];
  const panelOf = (tab) => document.getElementById(tab.getAttribute("aria-controls"));
  const narrow = matchMedia(NARROW);

  const select = (tab, { focus = false } = {}) => {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute("aria-selected", String(on));
      t.tabIndex = on ? 0 : -1;
    }
    stage.dataset.beside = tab.id.replace("tab-", "");
    if (focus) tab.focus();
    onShow?.(panelOf(tab));
  };
  const applyRoles = () => {
    for (const tab of tabs) {
      const panel = panelOf(tab);
      if (narrow.matches) {
        panel.setAttribute("role", "tabpanel");
        panel.setAttribute("aria-labelledby", tab.id);
      } else {
        panel.removeAttribute("role");
        panel.setAttribute("aria-labelledby", panel.querySelector("h2").id);
      }
    }
  };

  tablist.addEventListener("click", (event) => {
    const tab = event.target.closest("[role=tab]");
    if (tab) select(tab);
  }, { signal });
  tablist.addEventListener("keydown", (event) => {
    const at = tabs.indexOf(document.activeElement);
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (at < 0 || to === undefined) return;
    event.preventDefault();
    select(tabs[(to + tabs.length) % tabs.length], { focus: true });
  }, { signal });
  narrow.addEventListener("change", applyRoles, { signal });

  tablist.hidden = false;
  applyRoles();
  select(tabs.find((t) => t.getAttribute("aria-selected") === "true") ?? tabs[0]);
  return { select: (name) => select(tabs.find((t) => t.id === `tab-${name}`)) };
}
