# Sourced by the scripts that need system packages (setup.sh, lint_cpp.sh): defines apt_install,
# which installs the Debian/Ubuntu packages named that are not installed yet (as root, or through
# sudo), running apt-get update once per shell.

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=0
apt_install() {
  local missing=()
  local package
  for package in "$@"; do
    # Not `dpkg -s`: it succeeds for a removed package whose configuration files remain.
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing system packages: ${missing[*]}"
  if [ "$apt_updated" -eq 0 ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
}
