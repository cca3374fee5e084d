// The exported site's search page: a query (typed, or ?q= from a page's search form) is
// answered in the browser from Pagefind's index (pagefind/, made by the export). Pagefind's
// code and index load only once a query is typed. Results: a list of lessons, each a
// heading linking to the lesson and its moments, each a link to the lesson at that time
// (#t=..., which the lesson page plays from). Text from the index is data: it is put in the
// page with textContent, never as markup.
import { clock } from "./fragment.js";

const PAGE_SIZE = 10; // lessons shown at a time: each loads its own fragment of the index
const MAX_MOMENTS = 5; // moments shown per lesson
const TYPING_PAUSE_MS = 80; // a query runs once typing pauses this long

const form = document.querySelector(".static-search");
const input = document.getElementById("static-search-q");
const status = document.getElementById("static-search-status");
const list = document.getElementById("static-search-results");
const none = document.getElementById("static-search-none");
const more = document.getElementById("static-search-more-lessons");

// Words nearly every English line says: left out of a longer query, they only slow it (their
// part of the index is the largest of all) and rank nothing. A quoted phrase keeps them.
const STOP_WORDS = {
  en: new Set("a an and are as at be but by for from in is it of on or that the this to with".split(" ")),
};

let pagefind = null; // the module's promise, once asked for
let latest = 0; // the number of the latest query: an older one's answer is dropped
let found = []; // the latest query's results, in rank order (their data not yet loaded)

/** The words of a query Pagefind is asked for: without the stop words of the page's
 * language, unless that leaves nothing or the query quotes a phrase. */
function searchable(words) {
  const stop = STOP_WORDS[document.documentElement.lang.split("-")[0]];
  if (!stop || words.includes('"')) return words;
  const kept = words.split(/\s+/).filter((word) => !stop.has(word.toLowerCase()));
  return kept.length ? kept.join(" ") : words;
}

/** Pagefind's search module, loaded on first use, with results' URLs under the site's root
 * (wherever the site is published). */
function loadPagefind() {
  pagefind ??= import(new URL(form.dataset.pagefind, location.href).href).then(async (module) => {
    await module.options({ baseUrl: new URL(form.dataset.site, location.href).pathname });
    await module.init();
    return module;
  });
  return pagefind;
}

async function run(query) {
  const number = ++latest;
  const words = query.trim();
  let search = { results: [] };
  if (words) {
    try {
      search = await (await loadPagefind()).search(searchable(words));
    } catch (error) {
      pagefind = null; // the next query tries again
      if (number === latest) status.textContent = "Search could not load its index. Try again later.";
      throw error;
    }
  }
  if (number !== latest) return; // a newer query is on its way
  found = search.results;
  list.replaceChildren();
  list.hidden = found.length === 0;
  none.hidden = !words || found.length > 0;
  await showMore(number);
  if (number !== latest) return;
  const count = `${found.length} lesson${found.length === 1 ? "" : "s"}`;
  if (!words) status.textContent = "";
  else if (found.length) status.textContent = `${count} found for “${words}”.`;
  else status.textContent = `No lesson matches “${words}”.`;
}

/** The next PAGE_SIZE lessons of the latest query, each shown as its data arrives; returns
 * the first one added (null when a newer query took over). */
async function showMore(number) {
  const shown = list.children.length;
  const batch = found.slice(shown, shown + PAGE_SIZE);
  let first = null;
  const add = (lesson) => {
    if (number !== latest) return false;
    const item = lessonItem(lesson);
    first ??= item;
    list.append(item);
    return true;
  };
  // The first lesson's data is asked for alone, so that it does not wait behind the others'.
  if (batch.length && !add(await batch[0].data())) return null;
  for (const data of batch.slice(1).map((result) => result.data())) {
    if (!add(await data)) return null;
  }
  more.hidden = list.children.length >= found.length;
  return first;
}

function lessonItem(lesson) {
  const item = el("li", "static-search-lesson");
  const heading = el("h2");
  heading.append(link(lesson.url, lesson.meta.title || lesson.url));
  item.append(heading);
  const moments = lesson.sub_results.filter((sub) => sub.anchor?.id?.startsWith("t="));
  if (moments.length) {
    const list = el("ul", "static-search-moments");
    for (const sub of moments.slice(0, MAX_MOMENTS)) list.append(momentItem(sub, lesson.anchors));
    item.append(list);
  }
  if (moments.length > MAX_MOMENTS) {
    const more = el("p", "static-search-more");
    more.textContent = `and ${moments.length - MAX_MOMENTS} more moments in this lesson`;
    item.append(more);
  }
  return item;
}

function momentItem(sub, anchors) {
  const seconds = Number(sub.anchor.id.slice(2));
  const item = el("li");
  const text = el("span", "static-search-text");
  text.append(...marked(sub.excerpt));
  // #t=3.5&hit=word+word: the lesson page plays from there and lights the words (fragment.js)
  const words = [...text.querySelectorAll("mark")].map((mark) => mark.textContent);
  const hits = [...new Set(words.filter(Boolean))];
  const a = link(hits.length ? `${sub.url}&hit=${hits.map(encodeURIComponent).join("+")}` : sub.url);
  const time = el("span", "static-search-time");
  time.textContent = clock(seconds);
  const hidden = el("span", "visually-hidden");
  hidden.textContent = ": ";
  a.append(time, hidden, text);
  item.append(a);
  const chapter = chapterOf(sub.anchor, anchors);
  if (chapter && sub.anchor.element !== "h2") {
    const note = el("span", "static-search-chapter");
    note.textContent = chapter;
    item.append(note);
  }
  return item;
}

/** The title of the chapter (an h2 of the search document) a line is in, if any. */
function chapterOf(anchor, anchors) {
  let title = null;
  for (const a of anchors) {
    if (a.location > anchor.location) break;
    if (a.element === "h2") title = a.text;
  }
  return title;
}

const ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&#x27;": "'" };

/** Pagefind's excerpt (escaped text with <mark> around the hits) as text nodes and <mark>
 * elements: the text is decoded, never parsed as HTML. */
function marked(excerpt) {
  const nodes = [];
  let inMark = false;
  for (const piece of excerpt.split(/(<\/?mark>)/)) {
    if (piece === "<mark>" || piece === "</mark>") {
      inMark = piece === "<mark>";
      continue;
    }
    if (!piece) continue;
    const text = piece.replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, (e) => ENTITIES[e]);
    if (inMark) {
      // the word alone is marked: the punctuation Pagefind marks with it is not
      const [, before, word, after] = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/su.exec(text);
      const mark = el("mark");
      mark.textContent = word;
      nodes.push(document.createTextNode(before), mark, document.createTextNode(after));
    } else {
      nodes.push(document.createTextNode(text));
    }
  }
  return nodes;
}

function el(name, className) {
  const node = document.createElement(name);
  if (className) node.className = className;
  return node;
}

function link(href, text) {
  const a = el("a");
  a.href = href;
  if (text) a.textContent = text;
  return a;
}

function install({ signal }) {
  for (const note of document.querySelectorAll(".static-search-needs-js")) note.remove();
  let timer = 0;
  input.addEventListener("input", () => {
    latest++; // what the last query still has to show is now out of date
    clearTimeout(timer);
    timer = setTimeout(() => run(input.value), TYPING_PAUSE_MS);
    // A query is being typed: Pagefind's code loads while typing pauses, and the index
    // chunk of the words so far with it.
    const words = input.value.trim();
    if (!words) return;
    loadPagefind()
      .then((module) => module.preload(searchable(words)))
      .catch(() => {}); // the query itself says when the index cannot load
  }, { signal });
  more.addEventListener("click", async () => {
    const first = await showMore(latest);
    first?.querySelector("a")?.focus(); // the keyboard goes on from the first new lesson
  }, { signal });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    const url = new URL(location.href);
    url.searchParams.set("q", input.value);
    history.replaceState(history.state, "", url);
    run(input.value);
  }, { signal });
  const query = new URLSearchParams(location.search).get("q");
  if (query) {
    input.value = query;
    run(query);
  }
}

install(new AbortController());
