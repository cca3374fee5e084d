// Which item of a sorted list of timed items is active at a media time, and when
// that can next change. Pure functions over plain arrays: no DOM, no clocks.
//
// The rule for "active", stated once: the active item at time t is the latest-starting
// item with start <= t < holdEnd, where holdEnd is the item's end, extended across a
// short silence up to the next item's start (so the highlight does not blink off
// between two phrases). Start is inclusive, so seeking to a line's exact start lights
// that line, not the one before; at a shared boundary exactly one item is active.

export const HOLD_GAP = 2; // seconds of silence a highlight is held across

export function createTimeline(items, { holdGap = HOLD_GAP } = {}) {
  const order = items.map((_, i) => i);
  // Transcripts come in time order: sorting 100k items would cost a long task for nothing.
  const sorted = items.every((item, i) => i === 0 || items[i - 1].start <= item.start);
  if (!sorted) order.sort((a, b) => items[a].start - items[b].start || a - b);
  const starts = new Float64Array(order.length);
  const holdEnds = new Float64Array(order.length);
  order.forEach((itemIndex, k) => {
    starts[k] = items[itemIndex].start;
  });
  order.forEach((itemIndex, k) => {
    const { end } = items[itemIndex];
    const next = k + 1 < order.length ? starts[k + 1] : Infinity;
    holdEnds[k] = next > end && next - end <= holdGap ? next : end;
  });
  // maxHoldEnd[k]: the latest holdEnd among items 0..k; lets the backward search
  // for an overlapping active item stop as soon as none can still be active.
  const maxHoldEnd = new Float64Array(order.length);
  holdEnds.forEach((value, k) => {
    maxHoldEnd[k] = k ? Math.max(maxHoldEnd[k - 1], value) : value;
  });
  return { order, starts, holdEnds, maxHoldEnd, length: order.length };
}

// Position k of the last item with start <= t, or -1.
export function lastStartingBy(timeline, t) {
  let lo = 0;
  let hi = timeline.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (timeline.starts[mid] <= t) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

// Sorted position of the active item at t, or -1.
function activePosition(timeline, t) {
  for (let k = lastStartingBy(timeline, t); k >= 0 && timeline.maxHoldEnd[k] > t; k -= 1) {
    if (timeline.holdEnds[k] > t) return k;
  }
  return -1;
}

// Index (into the original items) of the active item at t, or -1.
export function activeAt(timeline, t) {
  const k = activePosition(timeline, t);
  return k < 0 ? -1 : timeline.order[k];
}

// The earliest media time after t at which activeAt may return something else.
export function nextChangeAfter(timeline, t) {
  const k = lastStartingBy(timeline, t);
  const nextStart = k + 1 < timeline.length ? timeline.starts[k + 1] : Infinity;
  const active = activePosition(timeline, t);
  return active < 0 ? nextStart : Math.min(nextStart, timeline.holdEnds[active]);
}
