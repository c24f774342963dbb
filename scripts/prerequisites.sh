#!/usr/bin/env bash
# Installs what dnscert's lab and tests need on Debian, only when something is missing.
# Package scripts must not start the distribution's own name servers: they would take port 53 on
# every address, and the lab binds its own 127.53.x.y addresses.
set -euo pipefail

packages=(nsd knot knot-dnsutils bind9 bind9-utils bind9-dnsutils ldnsutils iproute2 util-linux chromium poppler-utils)
# tcpdump, tshark: the traffic integration test captures loopback DNS and compares dnscert's counts with tshark's.
packages+=(tcpdump tshark)
# chromium: the UI tests (tests/Dnscert.UiTests) drive Debian's headless chromium; nothing is downloaded at run time.
# poppler-utils: pdftotext reads the PDF reports back in the report tests (tests/Dnscert.IntegrationTests/Reports).
tools=(nsd knotd kdig named dnssec-signzone dnssec-keygen dnssec-dsfromkey dig ldns-read-zone unshare chromium pdftotext)
tools+=(tcpdump tshark)
# python3-aiosmtpd: the notification tests start a real SMTP server on loopback and read the messages it saved.
packages+=(python3-aiosmtpd)
tools+=(aiosmtpd)
# publicsuffix: data only (no command), the Public Suffix List the feeds read (docs/feeds.md).
packages+=(publicsuffix)
# unbound: the dnstap integration test runs a real Unbound that sends dnstap to dnscert.
packages+=(unbound)
tools+=(unbound)
# gnupg: the campaign mail test verifies the OpenPGP signature of what arrived with gpg (temporary GNUPGHOME, no key server).
packages+=(gnupg)
tools+=(gpg)

missing=()
for t in "${tools[@]}"; do
  command -v "$t" >/dev/null 2>&1 || [ -x "/usr/sbin/$t" ] || missing+=("$t")
done
[ -f /usr/share/publicsuffix/public_suffix_list.dat ] || missing+=(publicsuffix)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "dnscert: missing tools: ${missing[*]}; run as root or: sudo apt-get install ${packages[*]}" >&2
    exit 1
  fi
  echo "Installing: ${packages[*]} (missing: ${missing[*]})" >&2
  policy=/usr/sbin/policy-rc.d
  had_policy=0
  [ -e "$policy" ] && had_policy=1
  if [ $had_policy -eq 0 ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy"
    chmod +x "$policy"
  fi
  export DEBIAN_FRONTEND=noninteractive
  # tshark's package asks whether non-root users may capture; answer no without a prompt.
  echo 'wireshark-common wireshark-common/install-setuid boolean false' | debconf-set-selections 2>/dev/null || true
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  [ $had_policy -eq 0 ] && rm -f "$policy"
fi

# A distribution service that did start anyway would hold port 53 on all addresses.
for svc in nsd knot named unbound; do
  if pgrep -x "$svc" >/dev/null 2>&1 || pgrep -x "${svc}d" >/dev/null 2>&1; then
    for pid in $(pgrep -x "$svc"; pgrep -x "${svc}d"); do
      if ! tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q dnscert-lab; then
        echo "Stopping the system's $svc (pid $pid), which would hold port 53." >&2
        kill "$pid" 2>/dev/null || true
      fi
    done
  fi
done

# PostgreSQL for the store tests (docs/store.md).
bash "$(dirname "$0")/test-postgres.sh"
