// Media-fragment start times from a URL hash (#t=83, #t=83.5, #t=1:23, #t=1:02:03).

export function startTimeFromHash(hash) {
  const match = /(?:^#|&)t=(?:npt:)?([\d:.]+)/.exec(hash);
  if (!match) return null;
  const parts = match[1].split(":").map(Number);
  if (parts.length > 3 || parts.some((n) => !Number.isFinite(n) || n < 0)) return null;
  return parts.reduce((total, n) => total * 60 + n, 0);
}
