#!/usr/bin/env bash
# Brings the catalogs up to date with the code: the staff interface's languages (ru, kk,
# en) hold every string; the migrants' languages (Uzbek in both scripts, Tajik, Kyrgyz)
# only what migrants read: the public portal, with the callback request's words (which the
# hotline keeps) and the navigator's check form and its choices (which the portal's
# navigator asks), and the booklets' PDFs.
set -euo pipefail
cd "$(dirname "$0")/../komek"
migrants=(uz uz_Cyrl tg ky)
../.venv/bin/komek makemessages -l ru -l kk -l en "${migrants[@]/#/-l}" \
  --no-obsolete --add-location file >/dev/null
# msggrep's wildcards stop at a slash: one pattern for each depth of the portal's files.
keep=(-N 'portal/*' -N 'portal/*/*' -N 'portal/*/*/*' -N 'portal/*/*/*/*'
  -N 'hotline/web_requests.py' -N 'navigator/forms.py' -N 'navigator/models.py'
  -N 'publications/templates/publications/pdf/*')
for lang in "${migrants[@]}"; do
  po=locale/$lang/LC_MESSAGES/django.po
  msggrep "${keep[@]}" -o "$po" "$po"
done
