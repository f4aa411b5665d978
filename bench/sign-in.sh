# Sourced by bench/run.sh and bench/compare.sh.
# sign_in BASE: signs the generated admin in through the real form and prints the Cookie header to send.
sign_in() {
  local base=$1 jar form csrf
  jar=$(mktemp)
  form=$(curl -s -c "$jar" "$base/account/sign-in")
  csrf=$(grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' <<<"$form" | sed 's/.*value="//; s/"$//')
  curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "Email=admin1@generated.example" --data-urlencode "Password=verifytrack-demo" \
    --data-urlencode "__RequestVerificationToken=$csrf" "$base/account/sign-in"
  echo "Cookie: $(awk '$6 ~ /^verifytrack/ {printf "%s=%s; ", $6, $7}' "$jar")"
  rm -f "$jar"
}
