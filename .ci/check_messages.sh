#!/usr/bin/env bash
# Fails when makemessages finds a string without a translation (a staff-interface string
# in ru, kk or en; a portal or booklet string in uz, uz_Cyrl, tg or ky), a fuzzy entry, or
# a compiled catalog that is older than its source.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r komek/locale "$work/before"
bash .ci/update_messages.sh
status=0
for lang in ru kk en uz uz_Cyrl tg ky; do
  po=komek/locale/$lang/LC_MESSAGES/django.po
  stats=$(msgfmt --statistics -o /dev/null "$po" 2>&1)
  echo "$lang: $stats"
  case "$stats" in *untranslated*|*fuzzy*) status=1 ;; esac
  if ! msgfmt -o "$work/$lang.mo" "$po" || ! cmp -s "$work/$lang.mo" "komek/locale/$lang/LC_MESSAGES/django.mo"; then
    echo "$lang: django.mo is not compiled from django.po (run make messages)"
    status=1
  fi
done
rm -rf komek/locale && cp -r "$work/before" komek/locale
exit $status
