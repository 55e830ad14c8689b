(() => {
  "use strict";
  const audio = document.getElementById("narration");
  const data = document.getElementById("read-along-cues");
  const toggle = document.getElementById("read-along-toggle");
  if (!audio || !data || !toggle) return;
  const cues = JSON.parse(data.textContent);
  const reduce = window.matchMedia("(prefers-reduced-motion: reduce)");
  const element = id => document.getElementById(id);
  let current = null;
  let following = false;

  const at = time => {
    let low = 0, high = cues.length - 1, found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (cues[middle][1] <= time) { found = middle; low = middle + 1; } else { high = middle - 1; }
    }
    return found >= 0 && time < cues[found][2] + 1.5 ? element(cues[found][0]) : null;
  };
  const show = () => {
    const next = at(audio.currentTime + 0.02);
    if (next === current) return;
    if (current) current.classList.remove("ra-current");
    current = next;
    if (!current) return;
    current.classList.add("ra-current");
    if (following && !audio.paused) {
      current.scrollIntoView({block: "nearest", behavior: reduce.matches ? "auto" : "smooth"});
    }
  };
  const play = time => {
    audio.currentTime = time;
    const started = audio.play();
    if (started) started.catch(() => {});
  };
  const follow = on => {
    following = on;
    toggle.setAttribute("aria-pressed", String(on));
    document.documentElement.classList.toggle("ra-on", on);
    for (const [id] of cues) {
      const target = element(id);
      if (target && on) target.setAttribute("tabindex", "0");
      else if (target) target.removeAttribute("tabindex");
    }
  };

  const mark = () => {
    for (const [id, start] of cues) {
      const target = element(id);
      if (target) target.dataset.start = start;
    }
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mark);
  else mark();
  for (const name of ["timeupdate", "seeked", "play", "pause", "ended"]) audio.addEventListener(name, show);
  toggle.hidden = false;
  toggle.addEventListener("click", () => follow(!following));
  document.addEventListener("click", event => {
    const target = following && event.target.closest("[data-start]");
    if (target && !event.target.closest("a, button")) play(Number(target.dataset.start));
  });
  document.addEventListener("keydown", event => {
    const target = event.target;
    if (following && event.key === "Enter" && target.dataset && target.dataset.start !== undefined) {
      event.preventDefault();
      play(Number(target.dataset.start));
    }
  });
  for (const link of document.querySelectorAll("a[data-seek]")) {
    link.addEventListener("click", event => {
      event.preventDefault();
      play(Number(link.dataset.seek));
    });
  }
  show();
})();
