#!/usr/bin/env bash
# Checks the intake fixtures: every NAME.labels.json parses, has the expected shape, and every
# sentence / denies / confirms (and leftOut sentence) is an exact substring of NAME.txt.
# Prints per-file counts. Exit 1 on any problem. Needs python3 (preferred) or jq
# (set CHECK_LABELS_USE_JQ=1 to force the smaller jq-only check: parse, substrings, counts).
set -euo pipefail
cd "$(dirname "$0")"

if [ -z "${CHECK_LABELS_USE_JQ:-}" ] && command -v python3 >/dev/null 2>&1; then
python3 - <<'PY'
import glob, json, os, sys

problems = []
totals = dict(claims=0, denied=0, hedged=0, denials=0, confirmations=0, leftOut=0)
print(f"{'file':<48} {'claims':>6} {'denied':>6} {'hedged':>6} {'denials':>7} {'confirm':>7} {'leftOut':>7}")
txts = sorted(glob.glob('*.txt'))
for txt in txts:
    name = txt[:-4]
    lab = name + '.labels.json'
    def bad(msg):
        problems.append(f"{lab}: {msg}")
    if not os.path.exists(lab):
        bad("missing labels file"); continue
    text = open(txt, encoding='utf-8').read()
    try:
        data = json.load(open(lab, encoding='utf-8'))
    except Exception as e:
        bad(f"does not parse: {e}"); continue
    lines = [l.strip() for l in text.splitlines()]
    if data.get('headline') not in lines:
        bad("headline is not a line of the article")
    first = next((l for l in lines if l), None)
    pa = data.get('publishedAt', 'missing')
    if pa == 'missing':
        bad("publishedAt missing (use null when there is no date)")
    elif pa is not None and not (isinstance(pa, str) and len(pa) == 10 and pa[4] == '-' and pa[7] == '-'):
        bad(f"publishedAt not yyyy-mm-dd: {pa!r}")
    claims = data.get('claims')
    if not isinstance(claims, list):
        bad("claims is not a list"); continue
    sentences = set()
    c = dict(claims=0, denied=0, hedged=0, denials=0, confirmations=0, leftOut=0)
    for i, cl in enumerate(claims):
        s = cl.get('sentence')
        where = f"claims[{i}]"
        if not isinstance(s, str) or not s:
            bad(f"{where}: no sentence"); continue
        if s not in text:
            bad(f"{where}: sentence not in article: {s[:70]!r}")
        if s in sentences:
            bad(f"{where}: sentence listed twice")
        sentences.add(s)
        role = cl.get('role')
        if role == 'denial' or role == 'confirmation':
            key = 'denies' if role == 'denial' else 'confirms'
            if key not in cl:
                bad(f"{where}: {role} without '{key}'")
            target = cl.get(key)
            if target is not None:
                if target not in text:
                    bad(f"{where}: {key} not in article: {target[:70]!r}")
                elif not any(o.get('sentence') == target and not o.get('role') for o in claims):
                    bad(f"{where}: {key} is not one of the labelled claims")
            if 'state' in cl:
                bad(f"{where}: {role} entries carry no state")
            c['denials' if role == 'denial' else 'confirmations'] += 1
            continue
        if role is not None:
            bad(f"{where}: unknown role {role!r}")
        st = cl.get('state')
        if st not in ('unverified', 'denied'):
            bad(f"{where}: state {st!r}")
        if not isinstance(cl.get('claimants'), list):
            bad(f"{where}: claimants not a list")
        if not isinstance(cl.get('hedged'), bool):
            bad(f"{where}: hedged not a boolean")
        db = cl.get('deniedBy', 'missing')
        if st == 'denied' and not (isinstance(db, str) and db):
            bad(f"{where}: denied without deniedBy")
        if st == 'unverified' and db is not None:
            bad(f"{where}: unverified with deniedBy {db!r}")
        if st == 'denied':
            names = [db] + cl.get('deniedByAliases', [])
            if not any(n in text for n in names):
                bad(f"{where}: deniedBy {db!r} is not written in the article")
            if not any(o.get('role') == 'denial' and o.get('named') is not False for o in claims):
                bad(f"{where}: denied, but the file has no denial by a named party")
        c['claims'] += 1
        c['denied'] += st == 'denied'
        c['hedged'] += cl.get('hedged') is True
    for i, lo in enumerate(data.get('leftOut', [])):
        s = lo.get('sentence')
        if not isinstance(s, str) or s not in text:
            bad(f"leftOut[{i}]: sentence not in article: {str(s)[:70]!r}")
        if s in sentences:
            bad(f"leftOut[{i}]: also labelled as a claim")
        c['leftOut'] += 1
    for k in totals: totals[k] += c[k]
    print(f"{txt:<48} {c['claims']:>6} {c['denied']:>6} {c['hedged']:>6} {c['denials']:>7} {c['confirmations']:>7} {c['leftOut']:>7}")
for lab in sorted(glob.glob('*.labels.json')):
    if not os.path.exists(lab[:-len('.labels.json')] + '.txt'):
        problems.append(f"{lab}: no matching .txt")
t = totals
print(f"{'TOTAL (' + str(len(txts)) + ' articles)':<48} {t['claims']:>6} {t['denied']:>6} {t['hedged']:>6} {t['denials']:>7} {t['confirmations']:>7} {t['leftOut']:>7}")
if problems:
    print("\nPROBLEMS:", *problems, sep="\n  ", file=sys.stderr)
    sys.exit(1)
print("OK")
PY
elif command -v jq >/dev/null 2>&1; then
  # Fallback: parse + substring checks + counts with jq alone.
  status=0
  printf "file\tclaims\tdenied\thedged\tdenials\n"
  for txt in *.txt; do
    lab="${txt%.txt}.labels.json"
    if ! jq -e . "$lab" >/dev/null 2>&1; then echo "$lab: missing or does not parse" >&2; status=1; continue; fi
    missing=$(jq -r --rawfile t "$txt" '
      [ (.claims[] | .sentence, (.denies // empty), (.confirms // empty)), (.leftOut // [] | .[].sentence) ]
      | map(select(. as $s | $t | contains($s) | not)) | .[]' "$lab")
    if [ -n "$missing" ]; then echo "$lab: not in article:" >&2; echo "$missing" >&2; status=1; fi
    jq -r --arg f "$txt" '[ $f,
        ([.claims[] | select(.role == null)] | length),
        ([.claims[] | select(.state == "denied")] | length),
        ([.claims[] | select(.hedged == true)] | length),
        ([.claims[] | select(.role == "denial")] | length) ] | @tsv' "$lab"
  done
  [ $status -eq 0 ] && echo OK
  exit $status
else
  echo "check-labels.sh needs python3 or jq" >&2
  exit 2
fi
