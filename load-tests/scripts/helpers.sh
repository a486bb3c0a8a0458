# Shell helpers the load scripts share (sourced, not run).

need() { # command debian-package: installs it when running as root, else says what is missing
  command -v "$1" >/dev/null 2>&1 && return
  if [[ $(id -u) == 0 ]]; then
    apt-get update -qq && apt-get install -y -qq "$2" >/dev/null
  else
    echo "missing $1: install the Debian package $2" >&2
    exit 1
  fi
}

require_free_ports() { # port...: a run on a port another process listens on would measure that process
  local port
  for port in "$@"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "port $port is in use: stop what listens there first" >&2
      exit 1
    fi
  done
}

wait_for() { # url [tenths of a second, default 100]
  for _ in $(seq 1 "${2:-100}"); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "nothing answers at $1" >&2
  exit 1
}
