#!/usr/bin/env bash
# Serve the product. With REDIS_URL set, a real Celery worker and beat run beside the web
# server and stop with it; without, tasks run in-process.
set -euo pipefail
host=${1:-127.0.0.1}
port=${2:-8000}
venv=${VENV:-.venv}
pids=()
if [ -n "${REDIS_URL:-}" ]; then
  "$venv/bin/celery" -A config worker --loglevel=warning --concurrency=2 & pids+=($!)
  "$venv/bin/celery" -A config beat --loglevel=warning & pids+=($!)
  trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
fi
cat <<TXT

  Inburgering financiën draait op http://$host:$port
  Demo-inloggegevens (wachtwoord voor alle: demo-wachtwoord-2026):
    beheerder      – beheerder van beide gemeenten
    financieel     – financieel adviseur
    beleid         – beleidsmedewerker
    consulent      – consulent
    controller     – controller
    adviseur-buur  – financieel adviseur van de tweede gemeente (Haarlem)
    beleid-buur    – beleidsmedewerker van de tweede gemeente (Haarlem)
  Tweestapsverificatie: TOTP-sleutel INBURGERINGDEMOINBURGERINGDEMOAA voor alle demogebruikers
  (in een authenticator-app), of de code van nu: $venv/bin/python manage.py demo_code
  Stoppen: Ctrl+C

TXT
"$venv/bin/python" manage.py runserver "$host:$port"
