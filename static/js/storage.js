// What the player remembers in this browser (settings, where each lesson was left), as JSON
// in localStorage. Storage may be full or switched off: then nothing is remembered.

const PREFIX = "lesson-player:";

export function recall(key, fallback = null) {
  try {
    const raw = localStorage.getItem(PREFIX + key);
    return raw === null ? fallback : JSON.parse(raw);
  } catch {
    return fallback;
  }
}

export function remember(key, value) {
  try {
    if (value === null) localStorage.removeItem(PREFIX + key);
    else localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // private browsing or a full quota: the setting lasts for this visit only
  }
}
