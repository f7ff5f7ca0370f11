// The ticket's page: follow its state (SSE), and when called show "Mời đến quầy N" full screen with a beep
// (Web Audio, once the citizen has tapped "sound on") and a vibration where the phone allows.
(function () {
  var card = document.querySelector("[data-events]");
  if (!card || !window.EventSource) return;
  var live = document.getElementById("live"), overlay = document.getElementById("overlay");
  var audio = null, calls = Number(card.dataset.calls), status = card.dataset.status;
  document.getElementById("sound").addEventListener("click", function () {
    audio = audio || new (window.AudioContext || window.webkitAudioContext)();
    beep();
    document.getElementById("sound-hint").hidden = true;
  });
  overlay.addEventListener("click", function () { overlay.hidden = true; });
  function beep() {
    if (!audio) return;
    [0, 0.35, 0.7].forEach(function (at) {
      var osc = audio.createOscillator(), gain = audio.createGain();
      osc.frequency.value = 880; gain.gain.value = 0.3;
      osc.connect(gain); gain.connect(audio.destination);
      osc.start(audio.currentTime + at); osc.stop(audio.currentTime + at + 0.25);
    });
  }
  function called(text) {
    document.getElementById("overlay-text").textContent = text;
    overlay.hidden = false;
    beep();
    if (navigator.vibrate) navigator.vibrate([400, 200, 400, 200, 400]);
  }
  var source = new EventSource(card.dataset.events);
  source.addEventListener("state", function (e) {
    var s = JSON.parse(e.data);
    live.innerHTML = s.html;
    document.getElementById("offline").hidden = true;
    if (s.status === "called" && (status !== "called" || s.call_count > calls)) {
      var line = document.getElementById("called-line");
      called(line ? line.textContent : "");
    }
    if (s.status !== "called") overlay.hidden = true;
    status = s.status; calls = s.call_count; card.dataset.status = s.status;
    if (status !== "waiting" && status !== "called") document.getElementById("sound-hint").hidden = true;
  });
  source.addEventListener("gone", function () { source.close(); location.reload(); });
  source.onerror = function () { document.getElementById("offline").hidden = false; };
})();
