#!/bin/sh
# Starts one inkverse page full-screen in Chromium and starts it again if it ever exits.
# Usage: deploy/chromium-kiosk.sh display|sound|kiosk [server base URL, default http://localhost:8080]
# Run it from the desktop session's autostart of the machine that shows the page.
page="${1:?display, sound or kiosk}"
base="${2:-http://localhost:8080}"
case "$page" in
  # WebGL on whatever GPU the machine has; no cursor, no translate bar, no crash bubble.
  display) extra="--ignore-gpu-blocklist --disable-pinch" ;;
  # Web Audio starts without a touch (otherwise the page asks for one).
  sound) extra="--autoplay-policy=no-user-gesture-required" ;;
  # A touch screen for visitors: no pinch zoom, no swipe-back, no context menu keyboard shortcuts.
  kiosk) extra="--disable-pinch --overscroll-history-navigation=0 --touch-events=enabled" ;;
  *) echo "unknown page: $page" >&2; exit 2 ;;
esac
while true; do
  chromium --kiosk --noerrdialogs --disable-infobars --disable-session-crashed-bubble \
    --no-first-run --disable-translate --check-for-update-interval=31536000 \
    --user-data-dir="$HOME/.config/inkverse-$page" $extra "$base/$page"
  sleep 2
done
