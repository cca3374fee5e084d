// The chapter list: each chapter plays from its start; the one playing is marked current and,
// when it changes (not on arrival: the list shows it), announced politely.

export function installChapters(buttons, chapters, status, { onSeek, signal }) {
  for (const button of buttons) {
    button.addEventListener("click", () => onSeek(Number(button.dataset.start)), { signal });
  }
  let known = false;
  return (i, previous) => {
    buttons[previous]?.removeAttribute("aria-current");
    buttons[i]?.setAttribute("aria-current", "true");
    const chapter = chapters[i];
    if (known && chapter && status) {
      status.textContent = `Chapter ${i + 1} of ${chapters.length}: ${chapter.title}`;
    }
    known = true;
  };
}
